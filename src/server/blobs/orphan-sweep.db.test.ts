import assert from 'node:assert/strict';
import { utimes } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { after, before, test } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { ApplicantApi, fixturePdf } from '../../../test/support/applicant.ts';
import { loggedInLegal } from '../../../test/support/flows.ts';
import { sampleApplication } from '../../domain/items/fixtures.ts';
import { newBlobKey } from './blob-store.ts';
import { createLocalBlobStore } from './local-blob-store.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp();
});
after(() => t.close());

test('committed blobs no row names are removed after a day; named and younger ones stay', async () => {
  const { blobs: where } = t.config;
  assert.equal(where.kind, 'local');
  const store = createLocalBlobStore(where.kind === 'local' ? where.dir : '');

  // A real attachment: its row names its blob.
  const api = new ApplicantApi(t, (await loggedInLegal(t)).browser);
  const data = sampleApplication('survey-b', 'first', { today: t.clock.now() });
  const app = (await api.call('POST', '/api/applications', { item: 'survey-b', values: data.applicant })).json();
  const pdf = fixturePdf('valid-1-page.pdf');
  assert.equal((await api.upload(app.id, 'applicationForm', pdf)).statusCode, 200);
  const { blobKey: named } = await t.database.db.selectFrom('attachments').select('blobKey').where('applicationId', '=', app.id).executeTakeFirstOrThrow();

  // What a crash between committing a blob and committing its row leaves: blobs without rows.
  const orphan = async () => {
    const key = newBlobKey();
    await (await store.stage(Readable.from([Buffer.from('%PDF-1.7 orphan')]), { maxBytes: 100 })).commit(key);
    return key;
  };
  const oldOrphan = await orphan();
  const youngOrphan = await orphan();
  const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3_600_000);
  for (const key of [named, oldOrphan]) await utimes(store.pathOf(key), twoDaysAgo, twoDaysAgo);

  assert.equal(await t.app.jobs.sweepOrphanBlobs(), 1);
  assert.equal(await store.exists(oldOrphan), false, 'the day-old orphan is gone');
  assert.equal(await store.exists(youngOrphan), true, 'a younger one may still be about to get its row');
  const download = await api.call('GET', `/api/applications/${app.id}/attachments/applicationForm`);
  assert.equal(download.statusCode, 200);
  assert.ok(download.rawPayload.equals(pdf), 'the named blob is untouched');
  assert.equal(await t.app.jobs.sweepOrphanBlobs(), 0, 'nothing left to remove');
});
