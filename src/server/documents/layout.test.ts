/**
 * Every kind of official document, built from realistic ordinary data and from long data, rendered
 * and checked as a reader would: page counts, no page with only the seal, no widow or orphan line,
 * a rule under every table row. The pages are kept under test-artifacts/documents/layout-*.png.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { PNG } from 'pngjs';
import { documentSamples, type DocumentSample } from '../../../test/support/document-samples.ts';
import { pdfPagesPng, pdfText, popplerMissing } from '../../../test/support/pdf.ts';
import { findItem } from '../../domain/items/index.ts';
import { AUTHORITY } from './document-content.ts';
import type { OfficialDocument } from './render/official-document.ts';
import { renderDocumentPdf, type LayoutTrace, type Placement } from './render/render-pdf.ts';

const skip = popplerMissing();
const DPI = 150;
const px = (pt: number) => Math.round((pt * DPI) / 72);
const squash = (s: string) => s.replace(/\s+/g, '');

/** Most pages the long samples may take; every ordinary sample and every certificate takes one. */
const LONG_PAGES: Record<string, number> = { correction: 3 };
const CERTIFICATES = new Set(['filing-certificate', 'qualification-certificate', 'registration-certificate']);

interface Rendered {
  sample: DocumentSample;
  trace: LayoutTrace;
  /** Every page at 150 dpi; empty when not rasterised. */
  pages: PNG[];
  /** pdftotext -layout of each page, whitespace removed. */
  text: string[];
}

/** Renders, reads the text back and, unless `pixels` is false, rasterises every page (kept as `keepAs`). */
async function render(sample: DocumentSample, opts: { keepAs?: string; pixels?: boolean } = {}): Promise<Rendered> {
  let trace: LayoutTrace | undefined;
  const bytes = await renderDocumentPdf(sample.doc, (t) => (trace = t));
  assert.ok(trace);
  const pages = opts.pixels === false ? [] : pdfPagesPng(bytes, opts.keepAs).map((png) => PNG.sync.read(png));
  const text = pdfText(bytes).split('\f').slice(0, trace.pages).map(squash);
  return { sample, trace, pages, text };
}

const isBody = (p: Placement) => p.block >= 0 && (p.kind === 'line' || p.kind === 'row' || p.kind === 'item');

/** What every layout must keep (signature with body text, no widow or orphan, ruled rows), as messages; empty when all hold. */
function layoutProblems({ sample, trace, pages, text }: Rendered): string[] {
  const problems: string[] = [];
  const name = `${sample.length} ${sample.name}`;
  if (pages.length > 0 && trace.pages !== pages.length) problems.push(`${name}: trace says ${trace.pages} pages, the PDF has ${pages.length}`);

  // The signature shares its page with body text, below it and within a line of it.
  const signature = trace.placements.find((p) => p.kind === 'signature');
  const body = trace.placements.filter(isBody);
  const lastBody = body.at(-1);
  if (!signature || !lastBody) return [...problems, `${name}: no signature or no body`];
  if (signature.page !== lastBody.page) problems.push(`${name}: the signature is on p. ${signature.page}, the body ends on p. ${lastBody.page}`);
  if (sample.doc.layout === 'notice') {
    const gap = signature.top - lastBody.bottom;
    if (gap < 0 || gap > 22) problems.push(`${name}: the seal's top is ${gap.toFixed(1)} pt below the body (GB/T 9704: within a line, never over it)`);
  }
  const lastPage = text.at(-1) ?? '';
  const lastBlock = sample.doc.blocks.at(-1);
  if (lastBlock?.type === 'paragraph') {
    const tail = squash(lastBlock.text).slice(-8);
    if (!lastPage.includes(tail)) problems.push(`${name}: the last page lacks the end of the last paragraph (${tail})`);
  }
  for (const s of [AUTHORITY, '2026年11月27日']) if (!lastPage.includes(s)) problems.push(`${name}: the last page lacks ${s}`);

  // Lines of one paragraph (or list item): two or more on each page it spans; up to three never split.
  const runs: Placement[][] = [];
  for (const p of trace.placements) {
    if (p.kind !== 'line' || p.block < 0) continue;
    const run = runs.at(-1);
    if (run && run[0]!.block === p.block && p.index === run.at(-1)!.index + 1) run.push(p);
    else runs.push([p]);
  }
  for (const run of runs) {
    const perPage = new Map<number, number>();
    for (const p of run) perPage.set(p.page, (perPage.get(p.page) ?? 0) + 1);
    if (perPage.size < 2) continue;
    const counts = [...perPage.values()];
    if (run.length <= 3 || counts.some((n) => n < 2)) problems.push(`${name}: block ${run[0]!.block} split ${counts.join('+')} over pages ${[...perPage.keys()].join(', ')}`);
  }

  // Tables break as paragraphs do: two rows or more on each page; no row split over pages (none
  // here is taller than a page), and a rule under each.
  const rows = trace.placements.filter((p) => p.kind === 'row');
  for (const block of new Set(rows.map((r) => r.block))) {
    const perPage = new Map<number, number>();
    for (const r of rows.filter((x) => x.block === block)) perPage.set(r.page, (perPage.get(r.page) ?? 0) + 1);
    const counts = [...perPage.values()];
    if (counts.length > 1 && counts.some((n) => n < 2)) problems.push(`${name}: table ${block} split ${counts.join('+')} rows over pages ${[...perPage.keys()].join(', ')}`);
  }
  const seen = new Set<string>();
  for (const row of rows) {
    const key = `${row.block}:${row.index}`;
    if (seen.has(key)) problems.push(`${name}: table ${row.block} row ${row.index} split over pages`);
    seen.add(key);
    const png = pages[row.page - 1];
    if (!png) continue;
    // Columns that carry no text: just inside the table's edges and right of the divider.
    const xs = [row.left + 2.5, (row.divider ?? row.left) + 2.5, row.right - 2.5];
    const first = rows.find((r) => r.page === row.page && r.block === row.block) === row;
    for (const y of first ? [row.top, row.bottom] : [row.bottom]) {
      for (const x of xs) {
        if (darkest(png, px(x), px(y)) > RULE_DARKNESS[sample.doc.layout]) problems.push(`${name}: no rule at p. ${row.page} (${x.toFixed(0)}, ${y.toFixed(0)} pt), table ${row.block} row ${row.index}`);
      }
    }
  }
  return problems;
}

/** Grey level a rule reaches at 150 dpi: notices draw #333 hairlines, certificates #b0b0b0 ones. */
const RULE_DARKNESS = { notice: 170, certificate: 215 } as const;

/** The darkest grey level (0–255) within 2 px above or below (x, y). */
function darkest(png: PNG, x: number, y: number): number {
  let min = 255;
  for (let dy = -2; dy <= 2; dy++) {
    const row = y + dy;
    if (row < 0 || row >= png.height || x < 0 || x >= png.width) continue;
    const i = (row * png.width + x) * 4;
    min = Math.min(min, Math.round((png.data[i]! + png.data[i + 1]! + png.data[i + 2]!) / 3));
  }
  return min;
}

describe('document layout', { skip }, () => {
  const rendered: Rendered[] = [];
  before(async () => {
    for (const sample of documentSamples()) rendered.push(await render(sample, { keepAs: `layout-${sample.length}-${sample.name}` }));
  });

  test('ordinary notices, decisions and certificates take one page each', (t) => {
    const ordinary = rendered.filter((r) => r.sample.length === 'ordinary');
    assert.ok(ordinary.length >= 14);
    for (const r of ordinary) t.diagnostic(`${r.sample.name}: ${r.pages.length} page(s), spacing ${r.trace.spacing}, type ${r.trace.scale}`);
    assert.deepEqual(
      ordinary.filter((r) => r.pages.length !== 1).map((r) => `${r.sample.name}: ${r.pages.length} pages`),
      [],
    );
  });

  test('long data flows onto further pages; certificates, 备案证明 with five certificates included, stay on one', (t) => {
    const long = rendered.filter((r) => r.sample.length === 'long');
    for (const r of long) t.diagnostic(`${r.sample.name}: ${r.pages.length} page(s), spacing ${r.trace.spacing}, type ${r.trace.scale}`);
    for (const r of long) {
      const most = CERTIFICATES.has(r.sample.name) ? 1 : (LONG_PAGES[r.sample.name] ?? 2);
      assert.ok(r.pages.length <= most, `${r.sample.name}: ${r.pages.length} pages, at most ${most}`);
    }
    // The 100-character name and 20 qualifications do not fit one page of a notice: they flow.
    assert.ok(long.filter((r) => r.pages.length >= 2).length >= 8, 'long data reaches a second page');
    assert.ok(long.find((r) => r.sample.name === 'correction')!.pages.length >= 2);
  });

  test('no page holds only the signature, no widow or orphan line, every table row ruled', () => {
    assert.deepEqual(rendered.flatMap(layoutProblems), []);
  });

  test('certificates carry their item’s title; every text is in the PDF', () => {
    const titles = rendered.filter((r) => r.sample.doc.layout === 'certificate').map((r) => r.sample.doc.title);
    for (const title of ['工程勘察资质证书', '工程设计资质证书', '注册证书', '备案证明']) assert.ok(titles.includes(title), `${title} among ${titles.join(', ')}`);
    for (const r of rendered) {
      const { doc } = r.sample;
      const all = r.text.join('');
      if (doc.layout === 'certificate') assert.equal(doc.title, findItem(r.sample.item)?.result.title, `${r.sample.name}: the title of ${r.sample.item}'s result`);
      for (const s of [doc.title, doc.number, doc.verification.code, ...(doc.addressee ? [doc.addressee] : [])]) assert.ok(all.includes(squash(s)), `${r.sample.length} ${r.sample.name}: missing ${s}`);
      for (const block of doc.blocks) {
        const texts = block.type === 'paragraph' ? [block.text] : block.type === 'fields' ? block.rows.flat() : block.type === 'list' ? block.items : block.rows.flat();
        // A cell's first line only: beside a certificate's fields, the QR caption shares their rows.
        for (const s of texts) assert.ok(all.includes(squash(s).slice(0, 16)), `${r.sample.length} ${r.sample.name}: missing ${s.slice(0, 16)}`);
      }
    }
  });
});

describe('page breaks at every length', { skip }, () => {
  test('a 补正说明 from 0 to 1300 characters: never the seal alone, never a widow or orphan', async (t) => {
    const base = documentSamples().find((s) => s.length === 'ordinary' && s.name === 'correction')!;
    const opinion = (base.doc.blocks.find((b) => b.type === 'paragraph' && b.text.startsWith('补正说明')) as { text: string }).text;
    const problems: string[] = [];
    const pages = new Set<number>();
    for (let n = 0; n <= 1300; n += 50) {
      const text = `补正说明：${opinion.slice(5).repeat(30).slice(0, n)}。`;
      const doc: OfficialDocument = { ...base.doc, blocks: base.doc.blocks.map((b) => (b.type === 'paragraph' && b.text.startsWith('补正说明') ? { ...b, text } : b)) };
      const r = await render({ ...base, name: `correction+${n}`, doc }, { pixels: false });
      pages.add(r.trace.pages);
      t.diagnostic(`${n} characters: ${r.trace.pages} page(s), spacing ${r.trace.spacing}${r.trace.keptWithSignature ? `, break before ${r.trace.keptWithSignature}` : ''}`);
      problems.push(...layoutProblems(r));
    }
    assert.deepEqual(problems, []);
    assert.ok(pages.has(1) && pages.has(2) && pages.has(3), `page counts seen: ${[...pages].join(', ')}`);
  });

});
