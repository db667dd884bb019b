import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { StaffDesk, reviewFullReview, submittedCase } from '../../../test/support/cases.ts';
import { pdfText } from '../../../test/support/pdf.ts';
import { loggedInStaff } from '../../../test/support/staff.ts';

/**
 * Batch work (issue 18). 批量制证完成: the issuer takes several cases of a 公告 batch at once; each
 * case is done entirely or not at all, and the answer says, per case in the order asked, which and
 * why not. 打印受理通知书: the notices of the cases chosen as one PDF.
 */

let t: TestApp;
let desk: StaffDesk;
const ready: string[] = [];
let inReview: string;
before(async () => {
  t = await buildTestApp();
  desk = new StaffDesk(t);
  for (let i = 0; i < 3; i++) {
    const { id } = await submittedCase(t, 'survey-b', 'first');
    await reviewFullReview(desk, id);
    ready.push(id);
  }
  // One 公示 and one 公告 for the three: they wait in 待制证 together.
  const notice = await desk.publish('notice', ready);
  await desk.endPeriod(notice);
  await desk.publish('announcement', ready);
  ({ id: inReview } = await submittedCase(t, 'survey-b', 'first'));
  await desk.act('acceptor', inReview, 'accept');
});
after(() => t?.close());

const caseRow = (id: string) => t.database.db.selectFrom('applications').select(['node', 'status', 'version', 'outcome', 'holderAccountId']).where('id', '=', id).executeTakeFirstOrThrow();
const documentsOf = (id: string) => t.database.db.selectFrom('issuedDocuments').select(['kind', 'number']).where('applicationId', '=', id).execute();

test('批量制证完成: the cases that may be issued are, the others are refused with the reason and left untouched', async () => {
  const [a, b, held] = ready as [string, string, string];
  // A colleague holds one of them: only they may finish it.
  const colleague = await loggedInStaff(t, ['issuer']);
  assert.equal((await colleague.call('POST', `/api/staff/cases/${held}/claim`, {})).statusCode, 200);
  const heldBefore = await caseRow(held);
  const reviewBefore = await caseRow(inReview);
  const unknown = randomUUID();

  const issuer = await desk.member('issuer');
  const res = await issuer.call('POST', '/api/staff/cases/batch-issue', { ids: [a, held, inReview, unknown, b] });
  assert.equal(res.statusCode, 200, res.body);
  const { results } = res.json() as { results: { id: string; number: string | null; ok: boolean; code: string | null; message: string | null }[] };
  assert.deepEqual(
    results.map((r) => [r.id, r.ok, r.code]),
    [
      [a, true, null],
      [held, false, 'CASE_HELD_BY_OTHER'],
      [inReview, false, 'CASE_NOT_IN_STAGE'],
      [unknown, false, 'CASE_NOT_FOUND'],
      [b, true, null],
    ],
  );
  assert.match(results[1]!.message!, /认领/, 'the reason names who holds it');
  assert.match(results[2]!.message!, /审查/);
  assert.ok(results[0]!.number && results[1]!.number && results[2]!.number, 'known cases by their 申报编号');
  assert.equal(results[3]!.number, null);

  for (const id of [a, b]) {
    const row = await caseRow(id);
    assert.deepEqual([row.status, row.node, row.outcome], ['closed', null, 'approved'], id);
    const docs = await documentsOf(id);
    assert.ok(docs.some((d) => d.kind === 'qualification-certificate'), `its certificate was issued: ${JSON.stringify(docs)}`);
    const holder = (await t.database.db.selectFrom('applications').select('applicantUscc').where('id', '=', id).executeTakeFirstOrThrow()).applicantUscc!;
    const held = await t.database.db.selectFrom('registerCertificates').select('id').where('holderId', '=', holder).execute();
    assert.equal(held.length, 1, 'and the register holds it');
  }
  // The refused cases are exactly as they were: no step, no document.
  assert.deepEqual(await caseRow(held), heldBefore);
  assert.deepEqual(await caseRow(inReview), reviewBefore);
  assert.ok(!(await documentsOf(held)).some((d) => d.kind === 'qualification-certificate'));

  // Each issued case has its own audited step, by the issuer.
  const steps = await t.database.db.selectFrom('caseEvents').select(['applicationId', 'action']).where('action', '=', 'issue').execute();
  assert.deepEqual(steps.map((s) => s.applicationId).sort(), [a, b].sort());

  // Done twice: the second time each is refused as ended, nothing issued again.
  const again = (await issuer.call('POST', '/api/staff/cases/batch-issue', { ids: [a] })).json();
  assert.equal(again.results[0].code, 'CASE_ENDED');
  assert.equal((await documentsOf(a)).filter((d) => d.kind === 'qualification-certificate').length, 1);
});

test('only the issuer batches 制证; the list is bounded', async () => {
  const acceptor = await desk.member('acceptor');
  const refused = await acceptor.call('POST', '/api/staff/cases/batch-issue', { ids: [ready[2]] });
  assert.equal(refused.statusCode, 403);
  assert.equal(refused.json().error.code, 'ROLE_REQUIRED');
  assert.match(refused.json().error.message, /制证/);
  const issuer = await desk.member('issuer');
  assert.equal((await issuer.call('POST', '/api/staff/cases/batch-issue', { ids: [] })).statusCode, 400);
  assert.equal((await issuer.call('POST', '/api/staff/cases/batch-issue', { ids: Array.from({ length: 51 }, () => randomUUID()) })).statusCode, 400);
});

test('打印受理通知书: one PDF of the notices of the cases chosen, in that order; a case without one is named', async () => {
  const acceptor = await desk.member('acceptor');
  const print = (ids: string[]) => acceptor.call('GET', `/api/staff/cases/acceptance-notices?ids=${ids.join(',')}`);
  const single = async (id: string) => {
    const docs = (await acceptor.call('GET', `/api/staff/cases/${id}`)).json().documents as { id: string; kind: string }[];
    const notice = docs.find((d) => d.kind === 'acceptance')!;
    return PDFDocument.load((await acceptor.call('GET', `/api/staff/cases/${id}/documents/${notice.id}`)).rawPayload);
  };
  const res = await print([inReview, ready[0]!]);
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['content-type'], 'application/pdf');
  const merged = await PDFDocument.load(res.rawPayload);
  const [first, second] = [await single(inReview), await single(ready[0]!)];
  assert.equal(merged.getPageCount(), first.getPageCount() + second.getPageCount(), 'every page of each notice');
  const numbers = await t.database.db.selectFrom('applications').select(['id', 'number']).where('id', 'in', [inReview, ready[0]!]).execute();
  const text = pdfText(res.rawPayload);
  const at = (id: string) => text.indexOf(numbers.find((n) => n.id === id)!.number!);
  assert.ok(at(inReview) >= 0 && at(ready[0]!) > at(inReview), 'in the order chosen');
  const audited = await t.database.db.selectFrom('auditLog').select('details').where('action', '=', 'document.staff-print').execute();
  assert.deepEqual((audited.at(-1)!.details as { ids: string[] }).ids, [inReview, ready[0]]);

  // A case not accepted yet has no 受理通知书: nothing is printed and the answer names it.
  const { id: waiting, number } = await submittedCase(t, 'survey-b', 'first');
  const refused = await print([ready[0]!, waiting]);
  assert.equal(refused.statusCode, 409);
  assert.equal(refused.json().error.code, 'ACCEPTANCE_NOTICE_MISSING');
  assert.match(refused.json().error.message, new RegExp(number));
  assert.equal((await print(Array.from({ length: 51 }, () => randomUUID()))).statusCode, 400);
  assert.equal((await print(['not-a-case'])).statusCode, 404);
});
