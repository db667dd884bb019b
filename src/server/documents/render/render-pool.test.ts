import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { buildGeneratedForm } from '../../../domain/forms/generated.ts';
import { findItem } from '../../../domain/items/index.ts';
import { sampleApplication } from '../../../domain/items/fixtures.ts';
import { documentSamples } from '../../../../test/support/document-samples.ts';
import { renderFormPdf } from './form-pdf.ts';
import { renderDocumentPdf } from './render-pdf.ts';
import { createRenderPool } from './render-pool.ts';

// Issue 19.4: documents and forms are drawn in a worker thread, not on the event loop that serves
// requests; what comes back is byte for byte what the renderer draws (it is deterministic).

// The 受理通知书 of ordinary length, as the layout tests draw it.
const notice = documentSamples().find((s) => s.name === 'acceptance' && s.length === 'ordinary')!.doc;

const pool = createRenderPool({ idleMs: 200 });
after(() => pool.close());

test('a notice and a 申请表 drawn in the worker are the bytes the renderer draws here', async () => {
  const form = buildGeneratedForm(findItem('survey-b')!, 'applicationForm', { data: sampleApplication('survey-b'), today: '2026-12-07' })!;
  const [doc, filled] = await Promise.all([pool.document(notice), pool.form(form, '2026-12-07')]);
  assert.ok(doc.equals(await renderDocumentPdf(notice)));
  assert.ok(filled.equals(await renderFormPdf(form, '2026-12-07')));
});

test('a document the renderer refuses fails alone; the next one is drawn', async () => {
  await assert.rejects(pool.document({ ...notice, date: '2026-13-45' }), /PDF rendering failed/);
  assert.equal((await pool.document(notice)).subarray(0, 5).toString(), '%PDF-');
});

test('after a minute without work (here 200 ms) the worker exits, and the next document starts another', async () => {
  await pool.document(notice);
  await new Promise((resolve) => setTimeout(resolve, 400));
  assert.equal((await pool.document(notice)).subarray(0, 5).toString(), '%PDF-');
});

test('closed, it refuses new work', async () => {
  const closing = createRenderPool();
  await closing.close();
  await assert.rejects(closing.document(notice), /closed/);
});
