import { SITE_FOOTER, documentTitle } from '../../domain/site.ts';
import { html, type SafeHtml } from '../html.ts';

export const PUBLIC_CSS_PATH = '/public-assets/public.css';

/**
 * Server-rendered public pages (核验, the 公示/公告 columns, 资质查询): readable before any script,
 * one small stylesheet, no JavaScript at all.
 */
export function publicLayout(opts: { title: string; body: SafeHtml; crumbs?: ReadonlyArray<readonly [string, string | null]>; head?: SafeHtml }): string {
  const crumbs = opts.crumbs ?? [];
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${documentTitle(opts.title)}</title>
<link rel="stylesheet" href="${PUBLIC_CSS_PATH}">
${opts.head ?? ''}
</head>
<body>
<a class="skip" href="#main">跳到主要内容</a>
<header class="top"><div class="wrap"><a class="brand" href="/">北京市规划和自然资源委员会 网上申报系统</a></div></header>
<nav class="crumbs wrap" aria-label="当前位置">当前位置：<a href="/">首页</a>${crumbs.map(([label, href]) => html` / ${href ? html`<a href="${href}">${label}</a>` : html`<span aria-current="page">${label}</span>`}`)}</nav>
<main id="main" class="wrap">${opts.body}</main>
<footer class="foot"><div class="wrap">${SITE_FOOTER}</div></footer>
</body>
</html>`.toString();
}

export const PUBLIC_CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.7 "PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1f1f1f;background:#f5f7fa}
a{color:#0b57d0}
.wrap{max-width:1080px;margin:0 auto;padding:0 16px}
.skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px 8px;z-index:10}
.top{background:#1a5fb4;color:#fff}.top .brand{display:block;color:#fff;text-decoration:none;font-size:18px;font-weight:600;padding:14px 0}
.crumbs{padding:10px 16px;color:#595959;font-size:14px}
main{background:#fff;border-radius:6px;padding:20px 16px 28px;margin-bottom:24px}
h1{font-size:22px;margin:0 0 16px}h2{font-size:18px;margin:24px 0 8px}
.foot{color:#595959;font-size:13px;text-align:center;padding:16px 0 32px}
.verdict{border-radius:6px;padding:14px 16px;margin:0 0 16px;font-size:18px;font-weight:600}
.verdict.ok{background:#f0faf0;border:1px solid #52c41a;color:#135200}
.verdict.warn{background:#fff7e6;border:1px solid #fa8c16;color:#873800}
.verdict.bad{background:#fff1f0;border:1px solid #ff4d4f;color:#a8071a}
table.kv{border-collapse:collapse;width:100%}table.kv th,table.kv td{border:1px solid #e5e5e5;padding:8px 10px;text-align:left;vertical-align:top}
table.kv th{width:32%;background:#fafafa;font-weight:500;color:#434343}
td.hash{word-break:break-all;font-family:monospace;font-size:13px}
form.inline{display:flex;gap:8px;flex-wrap:wrap;align-items:flex-end}
label{display:block;font-size:14px;color:#434343}
input,select{font:inherit;padding:6px 10px;border:1px solid #bfbfbf;border-radius:4px;min-height:40px}
button{font:inherit;padding:6px 16px;min-height:40px;border-radius:4px;border:1px solid #1a5fb4;background:#1a5fb4;color:#fff;cursor:pointer}
.muted{color:#595959;font-size:14px}
table.list{border-collapse:collapse;width:100%;font-size:15px}table.list th,table.list td{border-bottom:1px solid #eee;padding:8px 6px;text-align:left;vertical-align:top}
table.list th{background:#fafafa;font-weight:500}
.pager{display:flex;gap:16px;margin-top:16px}
@media (max-width:600px){table.kv th{width:38%}.top .brand{font-size:16px}table.list thead{display:none}table.list td{display:block;border:0;padding:2px 0}table.list tr{display:block;border-bottom:1px solid #eee;padding:8px 0}}
.tabs{display:flex;gap:4px;border-bottom:1px solid #d9d9d9;margin:0 0 16px}.tabs a{padding:6px 14px;text-decoration:none;border:1px solid transparent;border-bottom:0;border-radius:4px 4px 0 0;margin-bottom:-1px}
.tabs a[aria-current]{border-color:#d9d9d9;background:#fff;color:#1f1f1f;font-weight:600}
form.search{display:flex;gap:8px 12px;flex-wrap:wrap;align-items:flex-end;margin:0 0 8px}form.search #q{width:22em;max-width:100%}form.search .actions{display:flex;gap:12px;align-items:center}
.field-error{display:block;color:#a8071a;font-size:13px;max-width:22em}input[aria-invalid]{border-color:#ff4d4f}
.verdict ul,.verdict p{margin:0}.verdict ul{padding-left:20px;font-weight:400;font-size:15px}
.tag{display:inline-block;padding:0 8px;border-radius:4px;font-size:13px;line-height:22px;white-space:nowrap}.tag.on{background:#e6f4ff;color:#0b57d0;border:1px solid #91caff}.tag.off{background:#f5f5f5;color:#595959;border:1px solid #d9d9d9}
table.list th.num,table.list td.num{text-align:right}table.list th{white-space:nowrap}td.code{font-family:monospace;font-size:14px;white-space:nowrap}
.reason{color:#595959}.empty{color:#595959;padding:16px 0}
dl.meta{display:flex;flex-wrap:wrap;gap:4px 24px;margin:0 0 16px;color:#434343;font-size:15px}dl.meta dt,dl.meta dd{display:inline;margin:0}dl.meta dt::after{content:"："}
.body p{margin:0 0 12px;text-indent:2em}.channel{background:#fffbe6;border:1px solid #ffe58f;border-radius:6px;padding:10px 14px}
.pager{align-items:center;flex-wrap:wrap}.pager [aria-current]{font-weight:600}
@media (max-width:600px){form.search .field{width:100%}form.search .field.date{width:calc(50% - 6px)}form.search input{width:100%}.field-error{max-width:none}
.tabs a{padding:6px 10px}h1{font-size:20px}dl.meta{display:block}table.list td.num{text-align:left}td.title{font-weight:600}
table.list td::before{color:#595959;font-size:14px}
.batches td:nth-child(2)::before{content:"发布日期："}.batches.notice td:nth-child(3)::before{content:"公示期："}.batches.notice td:nth-child(4)::before{content:"状态："}
.batches.notice td:nth-child(5)::before,.batches.announcement td:nth-child(3)::before{content:"条目数："}
.entries td:nth-child(1)::before{content:"序号："}.entries td:nth-child(2)::before{content:"名称："}.entries td:nth-child(3)::before{content:"统一社会信用代码："}
.entries td:nth-child(4)::before{content:"事项："}.entries td:nth-child(5)::before{content:"申请内容："}.entries td:nth-child(6)::before{content:"申请资质："}
.entries.notice td:nth-child(7)::before{content:"审查意见："}.entries.announcement td:nth-child(7)::before{content:"许可决定："}}
.holder{border-top:1px solid #eee;margin-top:16px;padding-top:4px}.holder h3{font-size:17px;margin:8px 0 0}.holder > p{margin:0 0 6px}
table.certs{table-layout:fixed}.certs th:nth-child(1){width:17%}.certs th:nth-child(2){width:13%}.certs th:nth-child(4){width:24%}.certs th:nth-child(5){width:20%}
.history{color:#595959;font-size:14px}.note{display:block;font-size:13px;margin-top:4px}.see-also{margin-top:24px}
@media (max-width:600px){.certs td:nth-child(1){font-weight:600}.certs td:nth-child(2)::before{content:"证书编号："}.certs td:nth-child(3)::before{content:"资质类别及等级："}
.certs td:nth-child(4)::before{content:"有效期："}.certs td:nth-child(5)::before{content:"状态："}}
.scroll{overflow-x:auto}table.ratings tbody th{font-weight:500;background:none;text-align:left}table.ratings tr.total th,table.ratings tr.total td{font-weight:600;background:#fafafa}
.overdue{display:block;color:#a8071a;font-size:13px}
@media (max-width:600px){table.ratings tbody th{display:block;border:0;padding:2px 0;font-weight:600}.ratings .overdue{display:inline}
.ratings td:nth-of-type(1)::before{content:"评价数："}.ratings td:nth-of-type(2)::before{content:"非常满意："}.ratings td:nth-of-type(3)::before{content:"满意："}
.ratings td:nth-of-type(4)::before{content:"基本满意："}.ratings td:nth-of-type(5)::before{content:"不满意："}.ratings td:nth-of-type(6)::before{content:"非常不满意："}
.ratings td:nth-of-type(7)::before{content:"满意率："}.ratings td:nth-of-type(8)::before{content:"差评整改："}.ratings td:nth-of-type(9)::before{content:"已整改："}.ratings td:nth-of-type(10)::before{content:"整改中："}}
`;
