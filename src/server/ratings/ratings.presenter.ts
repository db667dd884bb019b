/** 政务服务好差评 as the public sees it: counts per item, server-rendered, no script, nobody named. */
import { chineseDate } from '../../domain/calendar/index.ts';
import { FOLLOW_UP_RESPONSES, RATING_LABELS, RATING_LEVELS, RECTIFICATION_DAYS, SATISFACTION_RATE_DEFINITION, formatRate } from '../../domain/ratings.ts';
import { html, type SafeHtml } from '../html.ts';
import { publicLayout } from '../public/public-layout.ts';
import type { RatingStats, RatingStatsRow } from './ratings.service.ts';

export const RATINGS_PATH = '/public/ratings';
const TITLE = '政务服务好差评';

function row(r: RatingStatsRow, total = false): SafeHtml {
  const rect = r.rectifications;
  return html`<tr${total ? html` class="total"` : ''}>
<th scope="row">${r.itemTitle}</th>
<td class="num">${r.total}</td>
${RATING_LEVELS.map((l) => html`<td class="num">${r.levels[l]}</td>`)}
<td class="num rate">${formatRate(r.satisfactionRate)}</td>
<td class="num">${rect.open + rect.closed}</td>
<td class="num">${rect.closed}</td>
<td class="num">${rect.open}${rect.overdue ? html`<span class="overdue">（逾期 ${rect.overdue}）</span>` : ''}</td>
</tr>`;
}

export function ratingsPage(stats: RatingStats): string {
  const body = html`<h1>${TITLE}</h1>
<p>依据《国务院办公厅关于建立政务服务“好差评”制度提高政务服务水平的意见》（国办发〔2019〕51号）和《北京市优化营商环境条例》，申请人在办件办结（含不予受理、不予许可，不含撤回）后，可对本机关勘察设计资格管理事项的办理服务作出“非常满意、满意、基本满意、不满意、非常不满意”五级评价，一事一评，提交后不可修改。</p>
<p>对“不满意”“非常不满意”的评价（差评），由负责人在 ${RECTIFICATION_DAYS} 个工作日内核实整改，并回访申请人。</p>
<h2 id="by-item">按事项统计</h2>
<div class="scroll"><table class="list ratings" aria-labelledby="by-item">
<thead><tr><th scope="col">事项</th><th scope="col" class="num">评价数</th>${RATING_LEVELS.map((l) => html`<th scope="col" class="num">${RATING_LABELS[l]}</th>`)}<th scope="col" class="num">满意率</th><th scope="col" class="num">差评整改</th><th scope="col" class="num">已整改</th><th scope="col" class="num">整改中</th></tr></thead>
<tbody>
${stats.items.map((r) => row(r))}
${row(stats.total, true)}
</tbody>
</table></div>
<p class="muted">${SATISFACTION_RATE_DEFINITION}，保留一位小数；尚无评价的事项不计满意率（显示“—”）。“整改中”含逾期未完成整改的件数（括号内为逾期件数）。回访时申请人可再次表达意见（${Object.values(FOLLOW_UP_RESPONSES).join('、')}），原评价不变。</p>
<p class="muted">统计截至${chineseDate(stats.asOf)}（北京时间），数据实时更新。本页不公开评价人信息和评价内容。</p>
<nav class="see-also muted" aria-label="其他公开信息">其他公开信息：<a href="/public/notices">资质资格公示</a> · <a href="/public/announcements">资质资格公告</a> · <a href="/public/qualifications">资质查询</a> · <a href="/verify">文书核验</a></nav>`;
  return publicLayout({ title: TITLE, body, crumbs: [[TITLE, null]] });
}
