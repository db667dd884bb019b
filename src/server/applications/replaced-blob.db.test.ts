import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { ApplicantApi, fixturePdf } from '../../../test/support/applicant.ts';
import { loggedInLegal } from '../../../test/support/flows.ts';
import type { DossierView } from '../../contract/applications.ts';
import { createLocalBlobStore } from '../blobs/local-blob-store.ts';

// A file replaced by a new one: once the change is committed, failing to delete the old blob must
// not undo the upload. It once did: the failure ran the upload's cleanup, which deleted the new
// blob that the committed row named.

let t: TestApp;
let owner: ApplicantApi;
let draft: { id: string };
let deletesFail = false;
const blobDir = mkdtempSync(path.join(tmpdir(), 'zizhi-blobs-failing-'));

before(async () => {
  const store = createLocalBlobStore(blobDir);
  const failing = Object.assign(Object.create(store) as typeof store, {
    delete: async (key: string) => {
      if (deletesFail) throw new Error('blob store unavailable');
      return store.delete(key);
    },
  });
  t = await buildTestApp({}, { blobs: failing });
  owner = new ApplicantApi(t, (await loggedInLegal(t)).browser);
  draft = await owner.completeDraft('design-b', 'first');
});
after(async () => {
  await t?.close();
  rmSync(blobDir, { recursive: true, force: true });
});

test('an attachment replaced while the old file cannot be deleted: the new one is kept and served', async () => {
  assert.equal((await owner.upload(draft.id, 'otherAttachments', fixturePdf('valid-1-page.pdf'))).statusCode, 200);
  deletesFail = true;
  try {
    const replaced = await owner.upload(draft.id, 'otherAttachments', fixturePdf('valid-3-pages.pdf'), 'new.pdf');
    assert.equal(replaced.statusCode, 200, replaced.body);
    const file = await owner.call('GET', `/api/applications/${draft.id}/attachments/otherAttachments`);
    assert.equal(file.statusCode, 200, file.body);
    assert.deepEqual(file.rawPayload, fixturePdf('valid-3-pages.pdf'));
  } finally {
    deletesFail = false;
  }
});

test('a dossier document replaced while the old file cannot be deleted: the new one is kept and assembled', async () => {
  const added = await owner.addDossierPart(draft.id, 'otherAttachments', { group: 'lead', person: '张三', title: '身份证' }, fixturePdf('valid-1-page.pdf'), 'id.pdf');
  assert.equal(added.statusCode, 201, added.body);
  const partId = (added.json() as DossierView).sections[0]!.parts[0]!.id;
  deletesFail = true;
  try {
    const replaced = await owner.replaceDossierPart(draft.id, 'otherAttachments', partId, fixturePdf('valid-3-pages.pdf'), 'id-new.pdf');
    assert.equal(replaced.statusCode, 200, replaced.body);
    const assembled = await owner.call('POST', `/api/applications/${draft.id}/dossier/otherAttachments/assemble`);
    assert.equal(assembled.statusCode, 200, assembled.body);
    const attachment = (assembled.json() as { attachments: { slot: string; pages: number }[] }).attachments.find((a) => a.slot === 'otherAttachments')!;
    assert.equal(attachment.pages, 1 + 3, 'the 目录 and the new three-page file');
  } finally {
    deletesFail = false;
  }
});
