import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { buildGeneratedForm } from '../../../domain/forms/generated.ts';
import { findItem } from '../../../domain/items/index.ts';
import { sampleApplication } from '../../../domain/items/fixtures.ts';
import { renderFormPdf } from './form-pdf.ts';
import type { OfficialDocument } from './official-document.ts';
import { renderDocumentPdf } from './render-pdf.ts';
import { createRenderPool } from './render-pool.ts';

// Issue 19.4: documents and forms are drawn in a worker thread, not on the event loop that serves
// requests; what comes back is byte for byte what the renderer draws (it is deterministic).

const notice: OfficialDocument = {
  layout: 'notice',
  title: '受理通知书',
  authority: '北京市规划和自然资源委员会',
  number: '京规自资受〔2026〕第000001号',
  addressee: '北京示范勘察设计有限公司',
  blocks: [
    { type: 'paragraph', text: '你单位提交的建设工程勘察企业资质认定（乙级）申请，经审查，申请材料齐全、符合法定形式，本机关决定予以受理。' },
    { type: 'fields', caption: '申请信息', rows: [['申报编号', 'KC2026000001']] },
  ],
  date: '2026-11-27',
  verification: { code: 'K7QM-3XPD-9A2C', url: 'http://localhost:3000/verify/K7QM3XPD9A2C' },
};

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
