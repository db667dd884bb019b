import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import readXlsxFile from 'read-excel-file/node';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { ApplicantApi } from '../../../test/support/applicant.ts';
import { StaffDesk, approveFullReview, submittedCase } from '../../../test/support/cases.ts';
import { loggedInLegal } from '../../../test/support/flows.ts';
import type { StatisticsReport, StatisticsRow } from '../../contract/statistics.ts';

/**
 * 统计 (issue 18): the 负责人's figures of a period, per item and 申请内容, from the cases' own
 * histories; and the same as an .xlsx file. The test clock starts on Friday 2026-11-27, 10:00 in
 * Beijing; December 2026 has no public holiday, so working days are Monday to Friday.
 */

let t: TestApp;
let desk: StaffDesk;
const ids: Record<'approved' | 'notAccepted' | 'inReview' | 'late' | 'engineer', string> = {} as never;
before(async () => {
  t = await buildTestApp();
  desk = new StaffDesk(t);
  // All submitted on Friday 27 November.
  for (const key of ['approved', 'notAccepted', 'inReview', 'late'] as const) ids[key] = (await submittedCase(t, 'survey-b', 'first')).id;
  ids.engineer = (await submittedCase(t, 'struct-eng-2', 'initial')).id;
  await desk.act('acceptor', ids.notAccepted, 'reject', { opinion: '申请事项不属于本机关职权范围' });
  await desk.act('acceptor', ids.inReview, 'accept');
  await desk.act('acceptor', ids.late, 'accept');
  // 受理 … 公示 (ends 11 December) … 公告 … 制证 on Saturday 12 December (Beijing).
  await approveFullReview(desk, ids.approved);
  // The late one: refused at 复核 on Monday 28 December, the 21st working day after 受理.
  t.clock.set(new Date('2026-12-28T02:00:00Z'));
  desk.reset();
  await desk.act('reviewer', ids.late, 'fail', { opinion: '技术负责人业绩不符合标准' });
  await desk.act('rechecker', ids.late, 'fail', { opinion: '技术负责人业绩不符合标准' });
});
after(() => t?.close());

async function report(query: string, role: 'head' | 'acceptor' = 'head') {
  const res = await (await desk.member(role)).call('GET', `/api/staff/statistics?${query}`);
  return res;
}

const row = (r: StatisticsReport, item: string, type: string) => r.rows.find((x) => x.item === item && x.applicationType === type);
const counts = (r: Pick<StatisticsRow, 'received' | 'accepted' | 'decided' | 'granted' | 'refused' | 'withdrawn' | 'onTime' | 'overdueNow'>) => ({
  received: r.received,
  accepted: r.accepted,
  decided: r.decided,
  granted: r.granted,
  refused: r.refused,
  withdrawn: r.withdrawn,
  onTime: r.onTime,
  overdueNow: r.overdueNow,
});

test('a period: 收件, 受理, 办结 (准予/不予), 按时办结率, 当前逾期 and the time in each node, per 申请内容', async () => {
  const res = await report('from=2026-11-01&to=2026-12-31');
  assert.equal(res.statusCode, 200, res.body);
  const r = res.json() as StatisticsReport;
  const survey = row(r, 'survey-b', 'first')!;
  assert.ok(survey, JSON.stringify(r.rows));
  assert.match(survey.itemTitle, /勘察/);
  assert.ok(survey.applicationTypeLabel);
  // Four received; three accepted (the 不予受理 was not); three decided: one granted on time, one
  // not accepted on its first day, one refused a working day too late. The one in 审查 since 27
  // November is past its 9 working days now.
  assert.deepEqual(counts(survey), { received: 4, accepted: 3, decided: 3, granted: 1, refused: 2, withdrawn: 0, onTime: 2, overdueNow: 1 });
  assert.equal(survey.onTimeRate, 2 / 3);
  const node = (label: string) => survey.nodes.find((n) => n.label === label);
  assert.deepEqual(node('受理') && [node('受理')!.visits, node('受理')!.averageWorkingDays], [4, 0], 'four left 受理 the day they came');
  // 审查: the approved case passed it the same day, the late one after 21 working days.
  assert.deepEqual([node('审查')!.visits, node('审查')!.maxWorkingDays, node('审查')!.averageWorkingDays], [2, 21, 10.5]);
  assert.equal(node('公示')!.visits, 1);
  assert.equal(node('制证')!.visits, 1);
  assert.deepEqual(
    survey.nodes.map((n) => n.label),
    ['受理', '审查', '复核', '拟公示', '公示', '公告', '制证'],
    'in the order a case meets them',
  );
  // The engineer's case waits in 受理 past its 5 working days: received, overdue, nothing else.
  const engineer = row(r, 'struct-eng-2', 'initial')!;
  assert.deepEqual(counts(engineer), { received: 1, accepted: 0, decided: 0, granted: 0, refused: 0, withdrawn: 0, onTime: 0, overdueNow: 1 });
  assert.equal(engineer.onTimeRate, null, 'nothing decided: no rate');
  assert.deepEqual(counts(r.total), { received: 5, accepted: 3, decided: 3, granted: 1, refused: 2, withdrawn: 0, onTime: 2, overdueNow: 2 });
  assert.equal(r.skipped, 0);
  // The catalogue's order: the survey item before the engineer's.
  assert.deepEqual(r.rows.map((x) => x.item), ['survey-b', 'struct-eng-2']);
});

test('the period bounds what happened in it; 当前逾期 is as of now whatever the period', async () => {
  const december = (await report('from=2026-12-01&to=2026-12-31')).json() as StatisticsReport;
  const survey = row(december, 'survey-b', 'first')!;
  assert.deepEqual(counts(survey), { received: 0, accepted: 0, decided: 2, granted: 1, refused: 1, withdrawn: 0, onTime: 1, overdueNow: 1 });
  // One item only.
  const engineerOnly = (await report('from=2026-12-01&to=2026-12-31&item=struct-eng-2')).json() as StatisticsReport;
  assert.deepEqual(engineerOnly.rows.map((x) => [x.item, x.overdueNow]), [['struct-eng-2', 1]]);
  // Before anything was submitted: no rows except what is overdue now.
  const october = (await report('from=2026-10-01&to=2026-10-31')).json() as StatisticsReport;
  assert.deepEqual(october.rows.map((x) => [x.item, x.received, x.decided, x.overdueNow]), [['survey-b', 0, 0, 1], ['struct-eng-2', 0, 0, 1]]);
});

test('导出: the same figures as an .xlsx file that opens, with its 合计 and the period', async () => {
  const head = await desk.member('head');
  const res = await head.call('GET', '/api/staff/statistics/export?from=2026-11-01&to=2026-12-31');
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.match(String(res.headers['content-disposition']), /^attachment; filename="statistics-2026-11-01-2026-12-31-\d{8}-\d{4}\.xlsx"/);
  const sheets = (await readXlsxFile(res.rawPayload)) as { sheet: string; data: unknown[][] }[];
  assert.deepEqual(sheets.map((s) => s.sheet), ['办件统计', '环节用时']);
  const [header, ...rows] = sheets[0]!.data;
  assert.deepEqual(header, ['事项', '申请内容', '收件', '受理', '办结', '其中准予', '其中不予', '撤回', '按时办结', '按时办结率（%）', '当前逾期']);
  const total = rows.find((r) => r[0] === '合计')!;
  assert.deepEqual(total.slice(2), [5, 3, 3, 1, 2, 0, 2, 66.7, 2], 'numbers Excel can sum');
  assert.match(String(rows.at(-1)![0]), /^统计期间：2026-11-01 至 2026-12-31/);
  const nodes = sheets[1]!.data;
  assert.ok(nodes.some((r) => r[2] === '审查' && r[3] === 2 && r[4] === 10.5 && r[5] === 21), JSON.stringify(nodes));
});

test('the 负责人 only; a period reversed or longer than a year is refused with the reason', async () => {
  const other = await report('from=2026-11-01&to=2026-12-31', 'acceptor');
  assert.equal(other.statusCode, 403);
  assert.equal(other.json().error.code, 'ROLE_REQUIRED');
  const applicant = new ApplicantApi(t, (await loggedInLegal(t)).browser);
  assert.equal((await applicant.call('GET', '/api/staff/statistics?from=2026-11-01&to=2026-12-31')).statusCode, 403);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/staff/statistics?from=2026-11-01&to=2026-12-31' })).statusCode, 401);

  const reversed = await report('from=2026-12-31&to=2026-11-01');
  assert.equal(reversed.statusCode, 400);
  assert.equal(reversed.json().error.code, 'DATE_RANGE_REVERSED');
  const long = await report('from=2025-01-01&to=2026-01-02');
  assert.equal(long.statusCode, 400);
  assert.equal(long.json().error.code, 'STATISTICS_RANGE_TOO_LONG');
  assert.match(long.json().error.message, /最长 366 天/);
  assert.equal((await report('from=2025-01-02&to=2026-01-02')).statusCode, 200, '366 days are allowed');
  const bad = await report('from=2026-02-30&to=2026-03-01');
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.code, 'DATE_INVALID');
  assert.equal((await report('to=2026-03-01')).statusCode, 400, 'both days are needed');
});
