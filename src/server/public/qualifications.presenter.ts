/** 资质查询 pages: the register as the public sees it, server-rendered without script. */
import { chineseDate } from '../../domain/calendar/index.ts';
import { ITEMS, findItem } from '../../domain/items/index.ts';
import { certificateStanding, qualificationName, type Standing } from '../../domain/register/index.ts';
import { html, type SafeHtml } from '../html.ts';
import type { PublicCertificate, PublicEnterprise } from './qualifications.repository.ts';
import { publicLayout } from './public-layout.ts';

export const QUALIFICATIONS_PATH = '/public/qualifications';
export const ENGINEERS_PATH = '/public/qualifications/engineers';
const NAME = '资质查询';

/** Problems of a search form: the full message in the summary on top, a short one by the field. */
export type FormErrors<F extends string> = Partial<Record<F | 'cursor', { message: string; short: string }>>;

export interface EnterpriseForm {
  q: string;
}

export interface EngineerForm {
  name: string;
  number: string;
}

export interface Pager {
  page: number;
  first?: string;
  next?: string;
}

export interface EnterpriseResult extends PublicEnterprise {
  certificates: readonly PublicCertificate[];
}

const TABS = [
  { path: QUALIFICATIONS_PATH, label: '企业资质' },
  { path: ENGINEERS_PATH, label: '注册人员' },
] as const;

function tabs(current: string): SafeHtml {
  return html`<nav class="tabs" aria-label="查询类别">${TABS.map((t) =>
    t.path === current ? html`<a href="${t.path}" aria-current="page">${t.label}</a>` : html`<a href="${t.path}">${t.label}</a>`,
  )}</nav>`;
}

/** Links to the other public pages. */
const SEE_ALSO = html`<nav class="see-also muted" aria-label="其他公开信息">其他公开信息：<a href="/public/notices">资质资格公示</a> · <a href="/public/announcements">资质资格公告</a> · <a href="/verify">文书核验</a></nav>`;

function errorSummary(messages: readonly string[]): SafeHtml | '' {
  return messages.length
    ? html`<div class="verdict bad" role="alert"><p>查询条件有误，请修改后重新查询：</p><ul>${messages.map((m) => html`<li>${m}</li>`)}</ul></div>`
    : '';
}

function field(name: string, label: string, value: string, error: { short: string } | undefined, extra: SafeHtml | '' = '') {
  return html`<div class="field"><label for="${name}">${label}</label><input id="${name}" name="${name}" type="search" value="${value}" maxlength="100" autocomplete="off"${extra}${
    error ? html` aria-invalid="true" aria-describedby="${name}-error"` : ''
  }>${error ? html`<span class="field-error" id="${name}-error">${error.short}</span>` : ''}</div>`;
}

function pagerNav(p: Pager): SafeHtml | '' {
  if (!p.next && p.page === 1) return '';
  return html`<nav class="pager" aria-label="分页">
${p.first ? html`<a href="${p.first}">第一页</a>` : ''}
<span aria-current="page">第 ${p.page} 页</span>
${p.next ? html`<a href="${p.next}" rel="next">下一页</a>` : ''}
</nav>`;
}

function footnote(today: string): SafeHtml {
  return html`<p class="muted">以上信息来自北京市规划和自然资源委员会资质登记簿，按${chineseDate(today)}（北京时间）的状态显示；证书状态以登记簿记载为准。</p>`;
}

function standingTag(s: Standing, c: PublicCertificate): SafeHtml {
  const on = s.code === 'valid' || s.code === 'deemed';
  const tag = html`<span class="tag ${on ? 'on' : 'off'}">${s.label}</span>`;
  if (s.code === 'void' && c.voidedOn) return html`${tag}<span class="muted">（${c.voidedOn}注销）</span>`;
  if (s.code === 'deemed') return html`${tag}<span class="note muted">${s.note}</span>`;
  return tag;
}

const validity = (c: PublicCertificate) => html`<time datetime="${c.validFrom}">${c.validFrom}</time> 至 <time datetime="${c.validUntil}">${c.validUntil}</time>`;

function holdingNames(c: PublicCertificate): SafeHtml | string {
  if (c.holdings.length === 0) return '—';
  return html`${c.holdings.map((code, i) => html`${i ? html`<br>` : ''}${qualificationName(code)}`)}`;
}

const itemOrder = (code: string) => {
  const i = ITEMS.findIndex((item) => item.code === code);
  return i < 0 ? ITEMS.length : i;
};

/**
 * One row per item: the current certificate, or — when there is none — the latest void one.
 * Every other void certificate goes to the 历史证书 line.
 */
function arrange(certs: readonly PublicCertificate[]): { rows: PublicCertificate[]; history: PublicCertificate[] } {
  const rows: PublicCertificate[] = [];
  const history: PublicCertificate[] = [];
  const items = [...new Set(certs.map((c) => c.item))].filter((code) => findItem(code)).sort((a, b) => itemOrder(a) - itemOrder(b));
  for (const item of items) {
    const mine = certs.filter((c) => c.item === item);
    const current = mine.find((c) => c.status === 'valid');
    // Newest void first (by the day it was voided, then number).
    const voids = mine.filter((c) => c.status === 'void').sort((a, b) => (b.voidedOn ?? '').localeCompare(a.voidedOn ?? '') || a.number.localeCompare(b.number));
    if (current) {
      rows.push(current);
      history.push(...voids);
    } else if (voids[0]) {
      rows.push(voids[0]);
      history.push(...voids.slice(1));
    }
  }
  return { rows, history };
}

function enterpriseSection(e: EnterpriseResult, today: string, index: number): SafeHtml {
  const { rows, history } = arrange(e.certificates);
  const headingId = `e${index}`;
  const lines = rows.map((c) => {
    const item = findItem(c.item)!;
    return html`<tr>
<td>${item.result.title}</td><td class="code">${c.number}</td><td>${holdingNames(c)}</td><td>${validity(c)}</td><td>${standingTag(certificateStanding(c, today), c)}</td>
</tr>`;
  });
  return html`<section class="holder" aria-labelledby="${headingId}">
<h3 id="${headingId}">${e.name}</h3>
<p class="muted">统一社会信用代码：<span class="code">${e.id}</span></p>
${
  rows.length
    ? html`<table class="list certs"><thead><tr><th scope="col">证书</th><th scope="col">证书编号</th><th scope="col">资质类别及等级</th><th scope="col">有效期</th><th scope="col">状态</th></tr></thead>
<tbody>${lines}</tbody></table>`
    : html`<p class="empty">没有可公开的证书信息。</p>`
}
${
  history.length
    ? html`<p class="history">历史证书：${history.map(
        (c, i) => html`${i ? '；' : ''}${findItem(c.item)!.result.title} <span class="code">${c.number}</span>（已注销${c.voidedOn ? html`，${c.voidedOn}` : ''}）`,
      )}</p>`
    : ''
}
</section>`;
}

/** 资质查询 — 企业资质: the search form and, when searched, the matching enterprises. */
export function enterprisePage(p: {
  form: EnterpriseForm;
  errors?: FormErrors<'q'>;
  searched: boolean;
  results: readonly EnterpriseResult[];
  total?: number;
  today: string;
  pager: Pager;
}): string {
  const errors = p.errors ?? {};
  const messages = Object.values(errors).map((e) => e.message);
  const body = html`<h1>${NAME}</h1>
${tabs(QUALIFICATIONS_PATH)}
${errorSummary(messages)}
<form class="search" method="get" action="${QUALIFICATIONS_PATH}" role="search" aria-label="查询企业资质">
${field('q', '企业名称或统一社会信用代码', p.form.q, errors.q, html` required`)}
<div class="actions"><button type="submit">查询</button>${p.form.q ? html` <a href="${QUALIFICATIONS_PATH}">清除条件</a>` : ''}</div>
</form>
<p class="muted">可输入企业名称中的两个或以上连续的字，或完整的 18 位统一社会信用代码（也可只输入前 8 位以上）。</p>
${
  messages.length || !p.searched
    ? ''
    : html`<h2 id="results">查询结果</h2>
${
  p.results.length
    ? html`${p.total !== undefined ? html`<p class="muted">共找到 ${p.total} 家企业${p.total > p.results.length ? '，每页显示 20 家' : ''}。</p>` : ''}
${p.results.map((e, i) => enterpriseSection(e, p.today, i + 1))}
${pagerNav(p.pager)}
${footnote(p.today)}`
    : html`<p class="empty">未找到符合条件的企业。请核对企业名称或统一社会信用代码。</p>`
}`
}
${SEE_ALSO}`;
  return publicLayout({
    title: p.pager.page > 1 ? `${NAME}（第${p.pager.page}页）` : NAME,
    crumbs: [[NAME, null]],
    body,
  });
}

/** 注册类别 from the item: 二级注册结构工程师执业资格认定 → 二级注册结构工程师. */
const registrationKind = (item: string) => findItem(item)?.title.replace(/执业资格认定$/, '') ?? item;

/**
 * 资质查询 — 注册人员: found only by name and 注册证书号 together. The name shown is the one asked
 * for (it matched exactly); the ID number the registration is held under is never shown.
 */
export function engineerPage(p: {
  form: EngineerForm;
  errors?: FormErrors<'name' | 'number'>;
  searched: boolean;
  found?: PublicCertificate & { name: string };
  today: string;
}): string {
  const errors = p.errors ?? {};
  const messages = Object.values(errors).map((e) => e.message);
  const f = p.found;
  const standing = f ? certificateStanding(f, p.today) : undefined;
  const result = f
    ? html`<table class="kv"><tbody>
<tr><th scope="row">姓名</th><td>${f.name}</td></tr>
<tr><th scope="row">注册类别</th><td>${registrationKind(f.item)}</td></tr>
<tr><th scope="row">注册证书号</th><td class="code">${f.number}</td></tr>
<tr><th scope="row">注册单位</th><td>${f.employer ?? '—'}</td></tr>
<tr><th scope="row">有效期</th><td>${validity(f)}</td></tr>
<tr><th scope="row">注册状态</th><td>${standingTag(standing!, f)}</td></tr>
</tbody></table>
${footnote(p.today)}`
    : html`<p class="empty">未找到符合条件的注册人员。请核对姓名和注册证书号是否与注册证书一致。</p>`;
  const body = html`<h1>${NAME}</h1>
${tabs(ENGINEERS_PATH)}
${errorSummary(messages)}
<form class="search" method="get" action="${ENGINEERS_PATH}" role="search" aria-label="查询注册人员">
${field('name', '姓名', p.form.name, errors.name, html` required`)}
${field('number', '注册证书号', p.form.number, errors.number, html` required`)}
<div class="actions"><button type="submit">查询</button>${p.form.name || p.form.number ? html` <a href="${ENGINEERS_PATH}">清除条件</a>` : ''}</div>
</form>
<p class="muted">为保护个人信息，注册人员须同时输入姓名和注册证书号查询，不能仅按姓名查询。</p>
${messages.length || !p.searched ? '' : html`<h2 id="results">查询结果</h2>${result}`}
${SEE_ALSO}`;
  return publicLayout({
    title: `注册人员${NAME}`,
    crumbs: [
      [NAME, QUALIFICATIONS_PATH],
      ['注册人员', null],
    ],
    body,
  });
}
