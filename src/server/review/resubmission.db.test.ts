import assert from 'node:assert/strict';
import { utimes } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { ApplicantApi, fixturePdf } from '../../../test/support/applicant.ts';
import { StaffDesk, submittedCase } from '../../../test/support/cases.ts';
import { loggedInLegal } from '../../../test/support/flows.ts';
import { sampleApplication } from '../../domain/items/fixtures.ts';
import { createLocalBlobStore } from '../blobs/local-blob-store.ts';

/**
 * 重新提交 compared (issue 18): each 提交 and 重新提交 is kept as a round, every submitted file
 * too; the case page shows fields before → after and files old → new against what the 补正 asked,
 * and every version of every file stays listed and viewable.
 */

let t: TestApp;
let desk: StaffDesk;
before(async () => {
  t = await buildTestApp();
  desk = new StaffDesk(t);
});
after(() => t?.close());

test('after 重新提交 staff see what changed against the 补正, every file version kept and viewable', async () => {
  const { applicant, id } = await submittedCase(t, 'survey-b', 'first');
  const acceptor = await desk.member('acceptor');
  const caseView = async () => (await acceptor.call('GET', `/api/staff/cases/${id}`)).json();
  const first = await caseView();
  assert.equal(first.resubmission, null, 'one round: nothing to compare yet');
  assert.deepEqual(first.attachmentVersions, []);
  const postalBefore = first.data.applicant.postalCode;
  const formBefore = first.attachments.find((a: { slot: string }) => a.slot === 'applicationForm');
  const otherBefore = first.attachments.find((a: { slot: string }) => a.slot === 'otherAttachments');

  await desk.act('acceptor', id, 'request-correction', {
    opinion: '请更正邮政编码，补充其他附件，核对申请表',
    correctionItems: ['applicant.postalCode', 'attachments.otherAttachments', 'attachments.applicationForm'],
  });

  // The applicant changes the postal code (the address sent along is not reopened: it stays),
  // replaces 其他附件 with a 3-page file and uploads the same 申请表 again.
  let app = (await applicant.call('GET', `/api/applications/${id}`)).json();
  const saved = await applicant.call('PUT', `/api/applications/${id}/steps/applicant`, {
    version: app.version,
    values: { ...app.data.applicant, postalCode: '100045', mailingAddress: '北京市西城区别处9号' },
  });
  assert.equal(saved.statusCode, 200, saved.body);
  assert.equal((await applicant.upload(id, 'otherAttachments', fixturePdf('valid-3-pages.pdf'))).statusCode, 200);
  const again = await applicant.upload(id, 'applicationForm', fixturePdf('valid-1-page.pdf'));
  assert.equal(again.statusCode, 200);
  app = again.json();
  assert.equal((await applicant.call('POST', `/api/applications/${id}/resubmit`, { version: app.version })).statusCode, 200);

  const view = await caseView();
  const r = view.resubmission;
  assert.ok(r, 'two rounds: the page compares them');
  assert.equal(r.request.message, '请更正邮政编码，补充其他附件，核对申请表');
  assert.deepEqual(
    r.fields.map((f: Record<string, unknown>) => [f.step, f.field, f.before, f.after, f.requested]),
    [['applicant', 'postalCode', postalBefore, '100045', true]],
    'exactly the reopened field changed',
  );
  const bySlot = new Map(r.attachments.map((a: { slot: string }) => [a.slot, a]));
  const other = bySlot.get('otherAttachments') as { status: string; requested: boolean; before: { id: string; pages: number }; after: { id: string; pages: number } };
  assert.equal(other.status, 'replaced');
  assert.equal(other.requested, true);
  assert.equal(other.before.id, otherBefore.id);
  assert.deepEqual([other.before.pages, other.after.pages], [1, 3]);
  const form = bySlot.get('applicationForm') as { status: string; requested: boolean; before: { id: string }; after: { id: string } };
  assert.equal(form.status, 'unchanged', 'the same bytes again are no change');
  assert.notEqual(form.before.id, form.after.id, 'though it is another upload');
  for (const [slot, entry] of bySlot) {
    if (slot === 'otherAttachments' || slot === 'applicationForm') continue;
    assert.deepEqual([(entry as { status: string }).status, (entry as { requested: boolean }).requested], ['unchanged', false], String(slot));
  }
  assert.deepEqual(
    r.request.items.map((i: Record<string, unknown>) => [i.value, i.changed]),
    [
      ['applicant.postalCode', true],
      ['attachments.otherAttachments', true],
      ['attachments.applicationForm', false],
    ],
  );
  assert.ok(r.request.items.every((i: { label: string }) => i.label && !i.label.startsWith('attachments.')), 'parts by their names');

  // Both replaced files are listed, and every version opens, old and new.
  assert.deepEqual(view.attachmentVersions.map((v: { id: string }) => v.id).sort(), [formBefore.id, otherBefore.id].sort());
  const open = (versionId: string) => acceptor.call('GET', `/api/staff/cases/${id}/attachment-versions/${versionId}`);
  const old = await open(other.before.id);
  assert.equal(old.statusCode, 200);
  assert.ok(old.rawPayload.equals(fixturePdf('valid-1-page.pdf')), 'the replaced file, byte for byte');
  assert.ok((await open(other.after.id)).rawPayload.equals(fixturePdf('valid-3-pages.pdf')));
  const audited = await t.database.db.selectFrom('auditLog').select('details').where('action', '=', 'attachment.staff-view').where('objectId', '=', id).execute();
  assert.ok(audited.some((a) => (a.details as { versionId?: string }).versionId === other.before.id), 'opening an old version is audited');

  // The orphan sweep keeps the replaced files' blobs, however old.
  const where = t.config.blobs;
  assert.equal(where.kind, 'local');
  const store = createLocalBlobStore(where.kind === 'local' ? where.dir : '');
  const kept = await t.database.db.selectFrom('attachmentVersions').select('blobKey').where('applicationId', '=', id).execute();
  const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3_600_000);
  for (const { blobKey } of kept) await utimes(store.pathOf(blobKey), twoDaysAgo, twoDaysAgo);
  await t.app.jobs.sweepOrphanBlobs();
  for (const { blobKey } of kept) assert.equal(await store.exists(blobKey), true);

  // Versions belong to their case and to staff: another case's id, an applicant, a stranger id.
  const { id: otherCase } = await submittedCase(t, 'survey-b', 'first');
  assert.equal((await acceptor.call('GET', `/api/staff/cases/${otherCase}/attachment-versions/${other.before.id}`)).statusCode, 404);
  assert.equal((await applicant.call('GET', `/api/staff/cases/${id}/attachment-versions/${other.before.id}`)).statusCode, 403);
  const missing = await open('not-a-uuid');
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().error.code, 'ATTACHMENT_NOT_FOUND');
});

test('a draft replaces its files without keeping them: nothing was submitted yet', async () => {
  const applicant = new ApplicantApi(t, (await loggedInLegal(t)).browser);
  const data = sampleApplication('survey-b', 'first', { today: t.clock.now() });
  const draft = (await applicant.call('POST', '/api/applications', { item: 'survey-b', values: data.applicant })).json();
  assert.equal((await applicant.upload(draft.id, 'applicationForm', fixturePdf('valid-1-page.pdf'))).statusCode, 200);
  assert.equal((await applicant.upload(draft.id, 'applicationForm', fixturePdf('valid-3-pages.pdf'))).statusCode, 200);
  const versions = await t.database.db.selectFrom('attachmentVersions').select('id').where('applicationId', '=', draft.id).execute();
  assert.deepEqual(versions, []);
  const rounds = await t.database.db.selectFrom('submissions').select('round').where('applicationId', '=', draft.id).execute();
  assert.deepEqual(rounds, []);
});
