import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { OfficialDocument } from './official-document.ts';
import { renderDocumentPdf } from './render-pdf.ts';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
/** Page 1 of each sample, kept for a human to look at (git-ignored). */
const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'documents');
const MM = 72 / 25.4;

const MARKUP = '<script>alert(1)</script>';
const LONG_RUN = 'X'.repeat(260);

const notice: OfficialDocument = {
  layout: 'notice',
  title: '受理通知书',
  authority: '北京市规划和自然资源委员会',
  number: '京规自资受〔2026〕第000001号',
  addressee: '北京示范勘察设计有限公司',
  blocks: [
    {
      type: 'paragraph',
      text: '你单位于2026年11月20日提交的建设工程勘察企业资质认定（乙级）申请（申报编号：KC2026000001），经审查，申请材料齐全、符合法定形式。根据《中华人民共和国行政许可法》第三十二条的规定，本机关决定予以受理。',
    },
    {
      type: 'fields',
      caption: '申请信息',
      rows: [
        ['申报编号', 'KC2026000001'],
        ['申请事项', '建设工程勘察企业资质认定（乙级）'],
        ['统一社会信用代码', '91110108MA01D3M074'],
        ['审查意见', `${MARKUP} 材料齐全，同意受理。`],
      ],
    },
    { type: 'list', caption: '已收材料', items: ['企业法人营业执照副本', '企业资质申请表', '主要技术负责人的身份证明、执业资格证书、职称证书'] },
    { type: 'paragraph', text: '本机关将自受理之日起二十个工作日内作出行政许可决定。' },
  ],
  date: '2026-11-27',
  verification: { code: 'K7QM-3XPD-9A2C', url: 'http://localhost:3000/verify/K7QM3XPD9A2C' },
};

const certificate: OfficialDocument = {
  layout: 'certificate',
  title: '资质证书',
  authority: '北京市规划和自然资源委员会',
  number: 'B211012345',
  blocks: [
    {
      type: 'fields',
      rows: [
        ['企业名称', '北京示范勘察设计有限公司'],
        ['统一社会信用代码', '91110108MA01D3M074'],
        ['法定代表人', '王示范'],
        ['资质类别及等级', '工程勘察专业类（岩土工程（勘察））乙级'],
        ['有效期', '2026年11月27日至2031年11月26日'],
      ],
    },
    { type: 'paragraph', text: '本证书为电子证书，与纸质证书具有同等法律效力。' },
  ],
  date: '2026-11-27',
  verification: { code: 'C4RT-8ZZQ-1M5N', url: 'https://zizhi.example.gov.cn/verify/C4RT8ZZQ1M5N' },
};

const items = Array.from({ length: 40 }, (_, i) => `第${i + 1}项材料：请补充提交加盖公章的复印件${i % 7 === 0 ? '，并附原件核验说明及相关证明文件，说明材料来源与用途' : ''}`);
const longNotice: OfficialDocument = {
  ...notice,
  title: '补正材料通知书',
  number: '京规自资补〔2026〕第000002号',
  blocks: [
    { type: 'paragraph', text: '你单位提交的申请材料不齐全，请按下列要求补正：' },
    { type: 'list', caption: '需补正的材料', items: [...items.slice(0, 20), `${LONG_RUN}`, ...items.slice(20)] },
    { type: 'fields', rows: [['补正说明', `${MARKUP}${LONG_RUN}`]] },
    { type: 'paragraph', text: '请于收到本通知书之日起三十日内一次性补正。' },
  ],
};

/** Without spaces and line breaks: wrapped lines of a paragraph come back as one string. */
const squash = (text: string) => text.replace(/\s+/g, '');

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw r.error;
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const POPPLER = ['pdftotext', 'pdftoppm', 'pdfinfo', 'pdffonts'];
const hasPoppler = POPPLER.every((cmd) => spawnSync(cmd, ['-v']).error === undefined);

/** Poppler is part of the test environment: missing in CI is a failure, missing locally a skip. */
function poppler(t: TestContext): boolean {
  if (hasPoppler) return true;
  if (process.env.CI === 'true') assert.fail(`poppler-utils (${POPPLER.join(', ')}) must be installed in CI`);
  t.skip('poppler-utils not installed');
  return false;
}

interface Word {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Word boxes from `pdftotext -bbox`, with each page's size. */
function words(file: string): { pages: Array<{ width: number; height: number }>; words: Word[] } {
  const html = run('pdftotext', ['-bbox', file, '-']);
  const pages: Array<{ width: number; height: number }> = [];
  const out: Word[] = [];
  const re = /<page width="([\d.]+)" height="([\d.]+)">|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
  for (const m of html.matchAll(re)) {
    if (m[1]) pages.push({ width: Number(m[1]), height: Number(m[2]) });
    else out.push({ page: pages.length, text: m[7] ?? '', xMin: Number(m[3]), yMin: Number(m[4]), xMax: Number(m[5]), yMax: Number(m[6]) });
  }
  return { pages, words: out };
}

/** No two words on a page overlap, and every word is inside the page with a margin. */
function assertLaidOut(file: string, margin: number): void {
  const { pages, words: all } = words(file);
  for (const w of all) {
    const page = pages[w.page - 1];
    assert.ok(page);
    assert.ok(w.xMin >= margin && w.xMax <= page.width - margin && w.yMin >= margin && w.yMax <= page.height - margin, `word outside the page on p. ${w.page}: ${JSON.stringify(w)}`);
  }
  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length; j++) {
      const a = all[i]!;
      const b = all[j]!;
      if (a.page !== b.page) continue;
      const dx = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
      const dy = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
      assert.ok(dx <= 1 || dy <= 1.5, `overlapping text on p. ${a.page}: ${JSON.stringify(a)} / ${JSON.stringify(b)}`);
    }
  }
}

/** Page 1 at 150 dpi, kept in test-artifacts/, and the QR code found on it. */
async function decodeQr(file: string, name: string): Promise<string | undefined> {
  const prefix = path.join(ARTIFACTS, `${name}-page1`);
  run('pdftoppm', ['-r', '150', '-png', '-f', '1', '-l', '1', '-singlefile', file, prefix]);
  const png = PNG.sync.read(await readFile(`${prefix}.png`));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

let dir: string;
const files: Record<string, string> = {};
const bytes: Record<string, Buffer> = {};

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'zizhi-render-'));
  await mkdir(ARTIFACTS, { recursive: true });
  for (const [name, doc] of Object.entries({ notice, certificate, longNotice })) {
    bytes[name] = await renderDocumentPdf(doc);
    files[name] = path.join(dir, `${name}.pdf`);
    await writeFile(files[name], bytes[name]);
  }
});
after(() => rm(dir, { recursive: true, force: true }));

describe('notice (通知书)', () => {
  test('every text comes out of pdftotext, markup literally', (t) => {
    if (!poppler(t)) return;
    const text = run('pdftotext', ['-layout', files.notice!, '-']);
    const flat = squash(text);
    for (const s of [notice.title, notice.authority, notice.number, `${notice.addressee}：`, notice.verification.code, MARKUP]) assert.ok(text.includes(s), `missing ${s}`);
    for (const block of notice.blocks) {
      const expected = block.type === 'paragraph' ? [block.text] : block.type === 'fields' ? [block.caption ?? '', ...block.rows.flat()] : block.type === 'list' ? [block.caption ?? '', ...block.items.map((item, i) => `${i + 1}．${item}`)] : [block.caption ?? '', ...block.rows.flat()];
      for (const s of expected) assert.ok(flat.includes(squash(s)), `missing ${s}`);
    }
    assert.ok(text.includes('2026年11月27日'));
    // The QR caption sits beside the signature, so -layout may interleave their lines.
    assert.ok(text.includes('扫码或访问') && text.includes(notice.verification.url));
  });

  test('one A4 portrait page, fonts embedded as subsets, well under 150 KB', (t) => {
    if (!poppler(t)) return;
    const info = run('pdfinfo', [files.notice!]);
    assert.match(info, /^Pages:\s+1$/m);
    assert.match(info, /^Page size:\s+595\.28 x 841\.89 pts \(A4\)/m);
    assert.match(info, /^Title:\s+受理通知书$/m);
    const fonts = run('pdffonts', [files.notice!]).trim().split('\n').slice(2);
    assert.ok(fonts.length >= 2, fonts.join('\n'));
    for (const row of fonts) assert.match(row, /^[A-Z]{6}\+NotoSerifSC-\w+\s.*\byes\s+yes\s+yes\b/, `not an embedded subset: ${row}`);
    const size = bytes.notice!.length;
    t.diagnostic(`one-page notice: ${(size / 1024).toFixed(1)} KB`);
    assert.ok(size < 150 * 1024, `${size} bytes`);
    assertLaidOut(files.notice!, 15 * MM);
  });

  test('the QR code on page 1 reads as the verification url', async (t) => {
    if (!poppler(t)) return;
    assert.equal(await decodeQr(files.notice!, 'notice'), notice.verification.url);
  });

  test('a 40-item list flows over pages; the last page carries signature, date and QR code', (t) => {
    if (!poppler(t)) return;
    const pages = run('pdftotext', ['-layout', files.longNotice!, '-']).split('\f').filter((p) => p.trim());
    assert.ok(pages.length >= 2, `${pages.length} pages`);
    assert.match(run('pdfinfo', [files.longNotice!]), new RegExp(`^Pages:\\s+${pages.length}$`, 'm'));
    const flat = squash(pages.join(''));
    items.forEach((item, i) => assert.ok(flat.includes(squash(`${i + (i >= 20 ? 2 : 1)}．${item}`)), `missing item ${i + 1}`));
    assert.ok(flat.includes(LONG_RUN) && flat.includes(squash(MARKUP + LONG_RUN)));
    pages.forEach((page, i) => assert.ok(squash(page).includes(`—${i + 1}—`), `no page number on p. ${i + 1}`));
    const last = pages.at(-1) ?? '';
    for (const s of ['2026年11月27日', notice.authority, notice.verification.code]) assert.ok(last.includes(s), `last page lacks ${s}`);
    assertLaidOut(files.longNotice!, 9 * MM);
  });
});

describe('signature page (GB/T 9704: no 署名 page without body text)', () => {
  test('whatever the body length, the page with the seal also carries body text', async (t) => {
    if (!poppler(t)) return;
    const closing = [notice.authority, '2026年11月27日', `核验码：${notice.verification.code}`, '扫码或访问', notice.verification.url, '核验'];
    let spilled = 0;
    for (let n = 6; n <= 22; n++) {
      const doc: OfficialDocument = { ...notice, blocks: [notice.blocks[0]!, { type: 'list', items: items.slice(0, n) }, { type: 'paragraph', text: '特此通知。' }] };
      const file = path.join(dir, `spill-${n}.pdf`);
      await writeFile(file, await renderDocumentPdf(doc));
      const pages = run('pdftotext', ['-layout', file, '-']).split('\f').filter((p) => p.trim());
      if (pages.length < 2) continue;
      spilled++;
      let rest = squash(pages.at(-1) ?? '').replace(`—${pages.length}—`, '');
      for (const s of closing) rest = rest.replace(squash(s), '');
      assert.ok(rest.length > 0, `${n} items: the last page holds only the signature`);
    }
    assert.ok(spilled > 0, 'no case reached a second page');
  });
});

describe('certificate (证书)', () => {
  test('A4 landscape, every text comes out of pdftotext, QR code reads', async (t) => {
    if (!poppler(t)) return;
    const info = run('pdfinfo', [files.certificate!]);
    assert.match(info, /^Pages:\s+1$/m);
    assert.match(info, /^Page size:\s+841\.89 x 595\.28 pts \(A4\)/m);
    const text = run('pdftotext', ['-layout', files.certificate!, '-']);
    const flat = squash(text);
    for (const s of [certificate.title, `证书编号：${certificate.number}`, certificate.verification.code, '2026年11月27日']) assert.ok(text.includes(s), `missing ${s}`);
    for (const block of certificate.blocks) {
      const expected = block.type === 'paragraph' ? [block.text] : block.type === 'fields' ? block.rows.flat() : block.type === 'list' ? block.items : block.rows.flat();
      for (const s of expected) assert.ok(flat.includes(squash(s)), `missing ${s}`);
    }
    assertLaidOut(files.certificate!, 12 * MM);
    assert.equal(await decodeQr(files.certificate!, 'certificate'), certificate.verification.url);
  });
});

describe('determinism', () => {
  const trailerId = (pdf: Buffer) => /\/ID \[<([0-9a-f]{32})>/.exec(pdf.subarray(-400).toString('latin1'))?.[1];

  test('the same document gives the same bytes, whatever its key order', async () => {
    for (const [name, doc] of Object.entries({ notice, certificate, longNotice })) {
      assert.ok((await renderDocumentPdf(doc)).equals(bytes[name]!), `${name} differs on a second render`);
    }
    const reordered = Object.fromEntries(Object.entries(notice).reverse()) as unknown as OfficialDocument;
    assert.ok((await renderDocumentPdf(reordered)).equals(bytes.notice!));
    assert.match(bytes.notice!.toString('latin1'), /\(D:20261126160000Z\)/);
  });

  test('a different document gives different bytes and a different file id', async () => {
    const changed = await renderDocumentPdf({ ...notice, blocks: [...notice.blocks.slice(0, -1), { type: 'paragraph', text: '本机关将自受理之日起十个工作日内作出行政许可决定。' }] });
    assert.ok(!changed.equals(bytes.notice!));
    assert.ok(trailerId(changed) && trailerId(bytes.notice!));
    assert.notEqual(trailerId(changed), trailerId(bytes.notice!));
  });

  test('warm render time of a one-page notice', async (t) => {
    const runs = 5;
    const start = performance.now();
    for (let i = 0; i < runs; i++) await renderDocumentPdf(notice);
    const ms = (performance.now() - start) / runs;
    t.diagnostic(`one-page notice, warm: ${ms.toFixed(0)} ms per render`);
    assert.ok(ms < 1500, `${ms} ms`);
  });

  test('a date that is not YYYY-MM-DD is refused', async () => {
    await assert.rejects(renderDocumentPdf({ ...notice, date: '2026/11/27' }), /YYYY-MM-DD/);
  });
});
