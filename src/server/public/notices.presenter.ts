import { chineseDate, shanghaiDateOf } from '../../domain/calendar/index.ts';
import { findItem } from '../../domain/items/index.ts';
import type { NoticeKind } from '../db/schema.ts';
import { html, type SafeHtml } from '../html.ts';
import type { PublicBatch, PublicEntry } from './notices.repository.ts';
import { publicLayout } from './public-layout.ts';

/** The two public columns: 资质资格公示 (kind 'notice') and 资质资格公告 (kind 'announcement'). */
export interface NoticeColumn {
  kind: NoticeKind;
  path: string;
  name: string;
  /** 公示 / 公告 */
  short: string;
  opinionHeader: string;
}

export const NOTICE_COLUMNS: readonly NoticeColumn[] = [
  { kind: 'notice', path: '/public/notices', name: '资质资格公示', short: '公示', opinionHeader: '审查意见' },
  { kind: 'announcement', path: '/public/announcements', name: '资质资格公告', short: '公告', opinionHeader: '许可决定' },
];

const PUBLISHER = '北京市规划和自然资源委员会';
/** How a 公示 is contested: the 陈述 channel of the online system. */
export const STATEMENT_CHANNEL = '对公示内容有异议的，可在公示期内登录网上申报系统，通过“办事进度—流程跟踪—公示”在线提交陈述材料。';

/** 公示中 / 已结束 for a 公示 batch (closed, or its last day is before today); null for 公告. */
export function noticeState(b: Pick<PublicBatch, 'kind' | 'status' | 'endsOn'>, today: string): 'open' | 'ended' | null {
  if (b.kind !== 'notice') return null;
  return b.status === 'closed' || (b.endsOn !== null && b.endsOn < today) ? 'ended' : 'open';
}

function stateTag(state: 'open' | 'ended' | null): SafeHtml | '' {
  if (!state) return '';
  return state === 'open' ? html`<span class="tag on">公示中</span>` : html`<span class="tag off">已结束</span>`;
}

function period(b: PublicBatch, long: boolean): string {
  if (!b.startsOn || !b.endsOn) return '—';
  const text = long ? `${chineseDate(b.startsOn)}至${chineseDate(b.endsOn)}` : `${b.startsOn} 至 ${b.endsOn}`;
  return long && b.periodDays ? `${text}（${b.periodDays}个工作日）` : text;
}

function dateTag(at: Date, long = false): SafeHtml {
  const day = shanghaiDateOf(at);
  return html`<time datetime="${day}">${long ? chineseDate(day) : day}</time>`;
}

/** Pagination links; the current page is marked aria-current. */
export interface Pager {
  page: number;
  /** Of how many, when known. */
  pages?: number;
  first?: string;
  prev?: string;
  next?: string;
}

function pagerNav(p: Pager): SafeHtml | '' {
  if (!p.prev && !p.next && p.page === 1) return '';
  return html`<nav class="pager" aria-label="分页">
${p.first && p.page > 2 ? html`<a href="${p.first}">第一页</a>` : ''}
${p.prev ? html`<a href="${p.prev}" rel="prev">上一页</a>` : ''}
<span aria-current="page">第 ${p.page} 页${p.pages ? html`，共 ${p.pages} 页` : ''}</span>
${p.next ? html`<a href="${p.next}" rel="next">下一页</a>` : ''}
</nav>`;
}

function columnTabs(current: NoticeColumn): SafeHtml {
  return html`<nav class="tabs" aria-label="栏目">${NOTICE_COLUMNS.map((c) =>
    c.kind === current.kind ? html`<a href="${c.path}" aria-current="page">${c.name}</a>` : html`<a href="${c.path}">${c.name}</a>`,
  )}</nav>`;
}

export interface ListForm {
  q: string;
  from: string;
  to: string;
}

/** Problems of the search form: the full message in the summary on top, a short one by the field. */
export type FormErrors = Partial<Record<'q' | 'from' | 'to' | 'cursor', { message: string; short: string }>>;

function searchForm(column: NoticeColumn, form: ListForm, errors: FormErrors): SafeHtml {
  const field = (name: 'q' | 'from' | 'to', label: string, type: string, extra: SafeHtml | '' = '') => {
    const error = errors[name];
    return html`<div class="field ${type}"><label for="${name}">${label}</label><input id="${name}" name="${name}" type="${type}" value="${form[name]}"${extra}${
      error ? html` aria-invalid="true" aria-describedby="${name}-error"` : ''
    }>${error ? html`<span class="field-error" id="${name}-error">${error.short}</span>` : ''}</div>`;
  };
  return html`<form class="search" method="get" action="${column.path}" role="search" aria-label="查询${column.short}">
${field('q', '企业名称、人员姓名、统一社会信用代码或标题', 'search', html` maxlength="100" autocomplete="off"`)}
${field('from', '发布日期 自', 'date')}
${field('to', '至', 'date')}
<div class="actions"><button type="submit">查询</button>${form.q || form.from || form.to ? html` <a href="${column.path}">清除条件</a>` : ''}</div>
</form>`;
}

function alternateFeed(column: NoticeColumn): SafeHtml {
  return html`<link rel="alternate" type="application/atom+xml" title="${column.name}" href="${column.path}/feed.xml">`;
}

/** 资质资格公示 / 资质资格公告: newest batches first, with search and keyset pages. */
export function listPage(p: {
  column: NoticeColumn;
  form: ListForm;
  errors?: FormErrors;
  batches: readonly PublicBatch[];
  today: string;
  total?: number;
  searched: boolean;
  pager: Pager;
}): string {
  const { column } = p;
  const errors = p.errors ?? {};
  const messages = Object.values(errors).map((e) => e.message);
  const isNotice = column.kind === 'notice';
  const summary =
    p.total !== undefined && p.batches.length
      ? html`<p class="muted">${p.searched ? `符合条件的${column.short}共 ${p.total} 批。` : `共 ${p.total} 批${column.short}。`}</p>`
      : '';
  const rows = p.batches.map((b) => {
    const state = noticeState(b, p.today);
    return html`<tr>
<td class="title"><a href="${column.path}/${b.id}">${b.title}</a></td>
<td>${dateTag(b.publishedAt)}</td>
${isNotice ? html`<td>${period(b, false)}</td><td>${stateTag(state)}</td>` : ''}
<td class="num">${b.entryCount}</td>
</tr>`;
  });
  const table = p.batches.length
    ? html`<table class="list batches ${column.kind}" aria-labelledby="results"><thead><tr>
<th scope="col">标题</th><th scope="col">发布日期</th>${isNotice ? html`<th scope="col">公示期</th><th scope="col">状态</th>` : ''}<th scope="col" class="num">条目数</th>
</tr></thead><tbody>${rows}</tbody></table>`
    : html`<p class="empty">${p.searched ? `没有符合条件的${column.short}。` : `暂无${column.short}。`}</p>`;
  return publicLayout({
    title: p.pager.page > 1 ? `${column.name}（第${p.pager.page}页）` : column.name,
    crumbs: [[column.name, null]],
    head: alternateFeed(column),
    body: html`<h1>${column.name}</h1>
${columnTabs(column)}
${
  messages.length
    ? html`<div class="verdict bad" role="alert"><p>查询条件有误，请修改后重新查询：</p><ul>${messages.map((m) => html`<li>${m}</li>`)}</ul></div>`
    : ''
}
${searchForm(column, p.form, errors)}
${
  messages.length
    ? ''
    : html`<h2 id="results">${p.searched ? '查询结果' : `${column.short}列表`}</h2>
${summary}
${table}
${pagerNav(p.pager)}`
}
<p class="muted feed"><a href="${column.path}/feed.xml" type="application/atom+xml">订阅${column.name}（Atom）</a></p>`,
  });
}

function paragraphs(text: string): SafeHtml[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => html`<p>${line}</p>`);
}

function decision(e: PublicEntry): SafeHtml {
  return html`${e.opinion}${e.reason ? html`<span class="reason">（${e.reason}）</span>` : ''}`;
}

/** One batch: the notice text, its period and the entries in position order. */
export function batchPage(p: { column: NoticeColumn; batch: PublicBatch; entries: readonly PublicEntry[]; today: string; pager: Pager }): string {
  const { column, batch: b } = p;
  const state = noticeState(b, p.today);
  const label = `${b.year}年第${b.seq}批`;
  const rows = p.entries.map(
    (e) => html`<tr>
<td>${e.position}</td><td>${e.subjectName}</td><td class="code">${e.uscc ?? '—'}</td><td>${findItem(e.item)?.title ?? e.item}</td><td>${e.applicationType ?? '—'}</td><td>${e.qualification ?? '—'}</td><td>${decision(e)}</td>
</tr>`,
  );
  const first = p.entries[0];
  const last = p.entries[p.entries.length - 1];
  return publicLayout({
    title: b.title,
    crumbs: [
      [column.name, column.path],
      [label, null],
    ],
    body: html`<article>
<h1>${b.title}</h1>
<dl class="meta">
<div><dt>发布日期</dt><dd>${dateTag(b.publishedAt, true)}</dd></div>
${column.kind === 'notice' ? html`<div><dt>公示期</dt><dd>${period(b, true)} ${stateTag(state)}</dd></div>` : ''}
<div><dt>条目数</dt><dd>${b.entryCount} 条</dd></div>
</dl>
<div class="body">${paragraphs(b.body)}</div>
${column.kind === 'notice' ? html`<p class="channel">${STATEMENT_CHANNEL}</p>` : ''}
<h2 id="entries">${column.short}名单</h2>
${
  p.entries.length
    ? html`<p class="muted">共 ${b.entryCount} 条${p.pager.pages && p.pager.pages > 1 ? html`，本页第 ${first!.position}–${last!.position} 号` : ''}。</p>
<table class="list entries ${column.kind}" aria-labelledby="entries"><thead><tr>
<th scope="col">序号</th><th scope="col">名称</th><th scope="col">统一社会信用代码</th><th scope="col">事项</th><th scope="col">申请内容</th><th scope="col">申请资质</th><th scope="col">${column.opinionHeader}</th>
</tr></thead><tbody>${rows}</tbody></table>`
    : html`<p class="empty">本页没有条目。</p>`
}
${pagerNav(p.pager)}
</article>
<p class="back"><a href="${column.path}">返回${column.name}列表</a></p>`,
  });
}

/** 404 for an unknown batch, a batch of the other column, or an id that is not one. */
export function notFoundPage(column: NoticeColumn): string {
  return publicLayout({
    title: '未找到',
    crumbs: [
      [column.name, column.path],
      ['未找到', null],
    ],
    body: html`<h1>未找到</h1><p>没有找到这一批${column.short}，请核对链接是否完整，或在<a href="${column.path}">${column.name}</a>中查询。</p>`,
  });
}

/** XML 1.0 cannot carry most control characters even as references: drop them. */
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(value: unknown): string {
  return String(value ?? '')
    .replace(XML_INVALID, '')
    .replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch]!);
}

function batchSummary(b: PublicBatch): string {
  const lead = b.body.replace(/\s+/g, ' ').trim();
  const short = [...lead].length > 200 ? `${[...lead].slice(0, 200).join('')}…` : lead;
  const facts = [`发布日期：${chineseDate(shanghaiDateOf(b.publishedAt))}`];
  if (b.kind === 'notice' && b.startsOn && b.endsOn) facts.push(`公示期：${period(b, true)}`);
  facts.push(`共 ${b.entryCount} 条`);
  return `${facts.join('；')}。${short}`;
}

const latest = (b: PublicBatch): Date => (b.closedAt && b.closedAt > b.publishedAt ? b.closedAt : b.publishedAt);

/** Atom 1.0 feed of a column's newest batches. */
export function atomFeed(p: { column: NoticeColumn; batches: readonly PublicBatch[]; publicUrl: string; now: Date }): string {
  const { column, publicUrl } = p;
  const base = `${publicUrl}${column.path}`;
  const updated = p.batches.reduce<Date | undefined>((max, b) => (!max || latest(b) > max ? latest(b) : max), undefined) ?? p.now;
  const entries = p.batches.map((b) => {
    const url = `${base}/${b.id}`;
    return `<entry>
<id>${escapeXml(url)}</id>
<title>${escapeXml(b.title)}</title>
<published>${b.publishedAt.toISOString()}</published>
<updated>${latest(b).toISOString()}</updated>
<link rel="alternate" type="text/html" href="${escapeXml(url)}"/>
<summary>${escapeXml(batchSummary(b))}</summary>
</entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
<id>${escapeXml(base)}</id>
<title>${escapeXml(`${column.name} - ${PUBLISHER}`)}</title>
<updated>${updated.toISOString()}</updated>
<author><name>${PUBLISHER}</name></author>
<link rel="self" type="application/atom+xml" href="${escapeXml(`${base}/feed.xml`)}"/>
<link rel="alternate" type="text/html" href="${escapeXml(base)}"/>
${entries.join('\n')}
</feed>
`;
}
