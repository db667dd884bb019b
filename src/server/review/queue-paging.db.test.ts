import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import readXlsxFile from 'read-excel-file/node';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import type { ApplicantApi } from '../../../test/support/applicant.ts';
import { submittedCase } from '../../../test/support/cases.ts';
import { loggedInStaff } from '../../../test/support/staff.ts';

// Issue 18: a queue returned its 100 oldest cases and 仅看逾期 filtered only those, while the badge
// counted them all. Now every case of a queue is reachable page by page, the total is exact, and
// 仅看逾期 runs over the whole queue.

const QUEUED = 140;
let t: TestApp;
let acceptor: ApplicantApi;

interface Row {
  id: string;
  number: string;
  submittedAt: string;
  nodeEnteredAt: string;
  deadline: { overdue: boolean } | null;
}

before(async () => {
  t = await buildTestApp();
  // One real case, then copies of it from other accounts, entered into 待受理 every 5 hours back.
  const { id } = await submittedCase(t, 'survey-b', 'first');
  const db = t.database.db;
  await sql`insert into accounts (id, issuer, subject, kind, display_name, profile, roles)
    select gen_random_uuid(), 'test', 'queue-' || g, 'legal', '排队单位' || g, '{}'::jsonb, '[]'::jsonb from generate_series(1, ${QUEUED - 1}) g`.execute(db);
  await sql`insert into applications (id, account_id, item, number, application_type, data, saved_steps, status, is_open, version,
      created_at, updated_at, submitted_at, workflow, node, node_entered_at, outcome, correction, extension_days)
    select gen_random_uuid(), acc.id, t.item, 'KCQ' || lpad(g.n::text, 6, '0'), t.application_type, t.data, t.saved_steps, t.status, true, 1,
      t.created_at, t.updated_at, t.submitted_at - g.n * interval '5 hours', t.workflow, t.node, t.node_entered_at - g.n * interval '5 hours', null, null, 0
    from applications t
    cross join lateral (select row_number() over (order by a.subject) as n, a.id from accounts a where a.issuer = 'test') acc
    cross join lateral (select acc.n as n) g
    where t.id = ${id}`.execute(db);
  t.clock.advance(3 * 24 * 3_600_000);
  acceptor = await loggedInStaff(t, ['acceptor']);
});
after(async () => {
  await t?.close();
});

async function page(query: string): Promise<{ cases: Row[]; total: number; page: number; pageSize: number }> {
  const res = await acceptor.call('GET', `/api/staff/cases?queue=${encodeURIComponent('待受理')}&${query}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

async function all(query: string, pageSize = 20): Promise<{ rows: Row[]; total: number }> {
  const rows: Row[] = [];
  const first = await page(`${query}&pageSize=${pageSize}`);
  rows.push(...first.cases);
  for (let p = 2; (p - 1) * pageSize < first.total; p++) rows.push(...(await page(`${query}&pageSize=${pageSize}&page=${p}`)).cases);
  return { rows, total: first.total };
}

describe('a queue page by page', () => {
  test('every queued case is reachable, once each, in order; the total is the badge’s count', async () => {
    const { rows, total } = await all('');
    assert.equal(total, QUEUED);
    assert.equal(rows.length, QUEUED);
    assert.equal(new Set(rows.map((r) => r.id)).size, QUEUED, 'no case twice');
    const entered = rows.map((r) => r.nodeEnteredAt);
    assert.deepEqual(entered, [...entered].sort(), 'oldest in the node first');
    const badge = (await acceptor.call('GET', '/api/staff/queues')).json().queues.find((q: { queue: string }) => q.queue === '待受理');
    assert.equal(badge.count, total);

    const bySubmission = (await all('sort=submitted', 50)).rows.map((r) => r.submittedAt);
    assert.deepEqual(bySubmission, [...bySubmission].sort());
  });

  test('仅看逾期 covers the whole queue: exactly the cases whose deadline has passed, beyond the first page too', async () => {
    const everything = (await all('', 100)).rows;
    const expected = everything.filter((r) => r.deadline?.overdue).map((r) => r.id);
    assert.ok(expected.length > 20 && expected.length < QUEUED, `${expected.length} overdue: more than a page, not all`);
    const { rows, total } = await all('overdue=true');
    assert.equal(total, expected.length);
    assert.deepEqual(rows.map((r) => r.id).sort(), [...expected].sort());
    assert.ok(rows.every((r) => r.deadline?.overdue));
    // Newest overdue case is past the first page of the unfiltered queue.
    assert.ok(everything.findIndex((r) => r.id === rows.at(-1)!.id) >= 20);
  });

  test('导出 of 仅看逾期: every overdue case of the queue, beyond the first page, in the queue’s order', async () => {
    const { rows } = await all('overdue=true', 100);
    const res = await acceptor.call('GET', `/api/staff/cases/export?queue=${encodeURIComponent('待受理')}&overdue=true`);
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="queue-\d{8}-\d{4}\.xlsx"/);
    const [sheet] = (await readXlsxFile(res.rawPayload)) as { data: unknown[][] }[];
    const [header, ...lines] = sheet!.data;
    assert.equal(header![0], '申报编号');
    assert.ok(lines.length > 20);
    assert.deepEqual(lines.map((l) => l[0]), rows.map((r) => r.number));
    assert.ok(lines.every((l) => /^已逾期 \d+ 个工作日$/.test(String(l[7]))), 'each says by how much it is overdue');
    const audited = await t.database.db.selectFrom('auditLog').select('details').where('action', '=', 'case.export').execute();
    assert.deepEqual(audited.map((a) => a.details), [{ filter: { queue: '待受理', overdue: true }, rows: lines.length, total: lines.length }]);
  });

  test('a page past the end is empty with the total; page sizes and orders outside the list are refused', async () => {
    const beyond = await page('page=99');
    assert.deepEqual(beyond.cases, []);
    assert.equal(beyond.total, QUEUED);
    for (const q of ['pageSize=7', 'pageSize=1000', 'page=0', 'sort=deadline;drop', 'page=abc']) {
      const res = await acceptor.call('GET', `/api/staff/cases?${q}`);
      assert.equal(res.statusCode, 400, q);
    }
  });
});
