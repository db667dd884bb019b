import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { StaffDesk, reviewFullReview, submittedCase } from '../../../test/support/cases.ts';
import { pdfText, popplerMissing } from '../../../test/support/pdf.ts';

// Issue 18: 制证 shows the certificate exactly as it will be issued before 制证完成. The preview runs
// the real step and rolls it back: nothing is kept (no number taken, no register change, no
// message), and the certificate 制证完成 then issues reads the same, but for the 样张 mark and the
// verification code.

let t: TestApp;
let desk: StaffDesk;
let id: string;

before(async () => {
  t = await buildTestApp();
  desk = new StaffDesk(t);
  ({ id } = await submittedCase(t, 'survey-b', 'first'));
  await reviewFullReview(desk, id);
  const notice = await desk.publish('notice', [id]);
  await desk.endPeriod(notice);
  await desk.publish('announcement', [id]);
});
after(async () => {
  await t?.close();
});

/** What a preview could leave behind: documents, numbers, the register, messages, audit rows, the case. */
async function footprint() {
  const db = t.database.db;
  const count = async (table: string) => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]!.n);
  const counters = (await sql`select * from document_counters order by 1, 2`.execute(db)).rows;
  const c = await db.selectFrom('applications').select(['version', 'node', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
  return {
    counters,
    documents: await count('issued_documents'),
    register: await count('register_certificates'),
    holdings: await count('register_holdings'),
    notifications: await count('notifications'),
    audit: await count('audit_log'),
    c,
  };
}

/**
 * The certificate's text, whitespace aside, without the verification code; of a preview, also without the
 * 样张 mark (its rotated characters come out of pdftotext one per line).
 */
const lines = (text: string, code: string) =>
  text
    .split('\n')
    .map((l) => l.replaceAll(code, '').replace('样张，不作验证', '').trim())
    .filter((l) => l && !/^[样张·仅供核对\s]+$/u.test(l))
    // The verification address ends with the code, which wraps the line differently.
    .join('')
    .replace(/\s+/g, '')
    .replace('verify/', 'verify');

test('the issuer previews the certificate; nothing is kept; 制证完成 then issues the same certificate', { skip: popplerMissing() }, async () => {
  const issuer = await desk.member('issuer');
  const reviewer = await desk.member('reviewer');
  const view = (await issuer.call('GET', `/api/staff/cases/${id}`)).json();
  assert.equal(view.state.node, 'issue');
  assert.equal(view.issuePreview, true);
  assert.equal((await reviewer.call('GET', `/api/staff/cases/${id}`)).json().issuePreview, false);

  const before = await footprint();
  const res = await issuer.call('GET', `/api/staff/cases/${id}/issue-preview`);
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['content-type'], 'application/pdf');
  assert.match(String(res.headers['cache-control']), /no-store/);
  const preview = pdfText(res.rawPayload);
  assert.match(preview, /核验码：样张，不作验证/);
  for (const c of '样张仅供核对') assert.ok(preview.includes(c), `the mark’s ${c}`);
  assert.match(preview, /资质证书/);
  assert.deepEqual(await footprint(), before, 'the preview kept nothing');

  const refused = await reviewer.call('GET', `/api/staff/cases/${id}/issue-preview`);
  assert.equal(refused.statusCode, 403);
  assert.equal(refused.json().error.code, 'ACTION_ROLE_REQUIRED');

  const done = await desk.act('issuer', id, 'issue');
  const certificate = done.documents.find((d: { kind: string }) => d.kind === 'qualification-certificate');
  assert.ok(certificate, 'a certificate was issued');
  const issued = await issuer.call('GET', `/api/staff/cases/${id}/documents/${certificate.id}`);
  assert.equal(issued.statusCode, 200);
  const real = pdfText(issued.rawPayload);
  assert.doesNotMatch(real, /样张/);
  assert.deepEqual(lines(preview, certificate.verificationCode), lines(real, certificate.verificationCode));
  assert.ok(real.includes(certificate.number), 'the previewed number is the one issued');

  const after = await issuer.call('GET', `/api/staff/cases/${id}/issue-preview`);
  assert.equal(after.statusCode, 409, 'no preview once issued');
});
