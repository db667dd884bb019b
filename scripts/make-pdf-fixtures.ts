// Generates the PDF upload fixtures in test/fixtures/pdf/ (QUALITY.md §2.4): tiny, deterministic,
// licence-clean (written here, nothing copied). Run: `node --import tsx scripts/make-pdf-fixtures.ts`.
// The tests regenerate them in memory and require byte equality, so edit here, never by hand.
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { constants as zlibConstants, createDeflate, deflateSync } from 'node:zlib';
import { PDFDocument, PDFHexString, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import type { PDFDict, PDFRef } from 'pdf-lib';
import PDFKit from 'pdfkit';
import type { ActiveContentKind, PdfRejectCode } from '../src/server/attachments/pdf-inspect.verdict.ts';

export type FixtureExpectation =
  | { ok: true; pages: number }
  | { ok: false; code: Exclude<PdfRejectCode, 'ATTACHMENT_TIMEOUT'>; finding?: ActiveContentKind };

export interface PdfFixture {
  name: string;
  about: string;
  expect: FixtureExpectation;
  bytes: Uint8Array;
}

export const FIXTURE_DIR = fileURLToPath(new URL('../test/fixtures/pdf/', import.meta.url));

const FIXED_DATE = new Date('2024-01-02T03:04:05Z');
const JS_CODE = 'app.alert("zizhi fixture")';

/** Every fixture, in a fixed order. Pure: same bytes on every run and machine. */
export async function makePdfFixtures(): Promise<PdfFixture[]> {
  const valid1 = await pdfLibDoc(1);
  const valid3 = await pdfLibDoc(3, { useObjectStreams: false });
  const fixtures: PdfFixture[] = [
    { name: 'valid-1-page.pdf', about: 'pdf-lib, one A4 page with text, object streams', expect: { ok: true, pages: 1 }, bytes: valid1 },
    { name: 'valid-3-pages.pdf', about: 'pdf-lib, three pages, classic xref table', expect: { ok: true, pages: 3 }, bytes: valid3 },
    {
      name: 'benign-links.pdf',
      about: '/OpenAction GoTo page 1 and a /URI link: navigation is allowed',
      expect: { ok: true, pages: 1 },
      bytes: await withPdfLib(1, (doc, page) => {
        const ctx = doc.context;
        doc.catalog.set(PDFName.of('OpenAction'), ctx.obj([page.ref, 'Fit']));
        annotate(doc, page.ref, ctx.obj({ Type: 'Annot', Subtype: 'Link', Rect: [50, 50, 200, 80], Border: [0, 0, 0], A: { S: 'URI', URI: PDFString.of('https://example.invalid/guide') } }));
      }),
    },
    { name: 'empty.pdf', about: 'zero bytes', expect: { ok: false, code: 'ATTACHMENT_EMPTY' }, bytes: new Uint8Array() },
    {
      name: 'text-renamed.pdf',
      about: 'a UTF-8 text file with a .pdf name',
      expect: { ok: false, code: 'ATTACHMENT_NOT_PDF' },
      bytes: Buffer.from('这是一个文本文件，只是扩展名改成了 .pdf。\nA plain text file renamed to .pdf.\n', 'utf8'),
    },
    {
      name: 'polyglot-html.pdf',
      about: 'HTML page (1.5 KB) followed by a valid PDF: %PDF- lies beyond byte 1024',
      expect: { ok: false, code: 'ATTACHMENT_NOT_PDF' },
      bytes: Buffer.concat([Buffer.from(htmlPrefix(1500), 'latin1'), valid1]),
    },
    {
      name: 'truncated.pdf',
      about: 'valid-3-pages.pdf cut at 60 %',
      expect: { ok: false, code: 'ATTACHMENT_UNREADABLE' },
      bytes: valid3.subarray(0, Math.floor(valid3.length * 0.6)),
    },
    {
      name: 'encrypted-user-password.pdf',
      about: 'pdfkit, RC4-128, user password "user" (opening needs the password)',
      expect: { ok: false, code: 'ATTACHMENT_ENCRYPTED' },
      bytes: await pdfKitEncrypted({ userPassword: 'user', ownerPassword: 'owner' }),
    },
    {
      name: 'encrypted-owner-password.pdf',
      about: 'pdfkit, RC4-128, owner password only (opens without a password): decrypted with the empty user password, accepted',
      expect: { ok: true, pages: 1 },
      bytes: await pdfKitEncrypted({ ownerPassword: 'owner', permissions: { printing: 'highResolution' } }),
    },
    {
      name: 'encrypted-owner-js.pdf',
      about: 'pdfkit, RC4-128, owner password only, with a JavaScript /OpenAction: decryption does not skip the policy',
      expect: { ok: false, code: 'ATTACHMENT_ACTIVE_CONTENT', finding: 'javascript' },
      bytes: await pdfKitEncrypted({ ownerPassword: 'owner', permissions: { printing: 'highResolution' } }, (doc) => {
        const root = (doc as unknown as { _root: { data: Record<string, unknown> } })._root;
        const action = doc.ref({ S: 'JavaScript', JS: new String(JS_CODE) });
        action.end('');
        root.data.OpenAction = action;
      }),
    },
    {
      name: 'encrypted-objstm.pdf',
      about: 'hand-built: /Encrypt in the trailer and an encrypted object stream pdf-lib cannot parse',
      expect: { ok: false, code: 'ATTACHMENT_ENCRYPTED' },
      bytes: encryptedObjStm(),
    },
    { name: 'zero-pages.pdf', about: 'hand-built: /Pages with no /Kids', expect: { ok: false, code: 'ATTACHMENT_NO_PAGES' }, bytes: zeroPages() },
    { name: 'page-tree-loop.pdf', about: 'hand-built: a /Pages node that lists its own parent as a kid', expect: { ok: false, code: 'ATTACHMENT_UNREADABLE' }, bytes: pageTreeLoop() },
    {
      name: 'deep-nesting.pdf',
      about: 'hand-built: 100 000 nested arrays inside a Flate object stream (parser stack overflow)',
      expect: { ok: false, code: 'ATTACHMENT_UNREADABLE' },
      bytes: deepNesting(100_000),
    },
    {
      name: 'js-openaction.pdf',
      about: '/OpenAction << /S /JavaScript /JS (…) >> in plain objects',
      expect: { ok: false, code: 'ATTACHMENT_ACTIVE_CONTENT', finding: 'javascript' },
      bytes: await withPdfLib(1, (doc) => void doc.catalog.set(PDFName.of('OpenAction'), jsAction(doc)), { useObjectStreams: false }),
    },
    {
      name: 'js-in-objstm.pdf',
      about: 'the same /OpenAction JavaScript, but compressed inside an /ObjStm: a byte grep sees no /JS',
      expect: { ok: false, code: 'ATTACHMENT_ACTIVE_CONTENT', finding: 'javascript' },
      bytes: await withPdfLib(1, (doc) => void doc.catalog.set(PDFName.of('OpenAction'), jsAction(doc)), { useObjectStreams: true }),
    },
    {
      name: 'js-names-tree.pdf',
      about: 'document-level script in /Names /JavaScript',
      expect: { ok: false, code: 'ATTACHMENT_ACTIVE_CONTENT', finding: 'javascript' },
      bytes: await withPdfLib(1, (doc) => {
        const ctx = doc.context;
        const tree = ctx.obj({ Names: [PDFHexString.fromText('init'), jsAction(doc)] });
        doc.catalog.set(PDFName.of('Names'), ctx.obj({ JavaScript: ctx.register(tree) }));
      }),
    },
    {
      name: 'js-escaped-name.pdf',
      about: 'hand-built: /S /#4aavaScript /#4aS (lower-case hex escapes that pdf-lib leaves undecoded)',
      expect: { ok: false, code: 'ATTACHMENT_ACTIVE_CONTENT', finding: 'javascript' },
      bytes: onePage('/OpenAction << /S /#4aavaScript /#4aS (app.alert\\("zizhi fixture"\\)) >>'),
    },
    {
      name: 'launch-action.pdf',
      about: '/OpenAction << /S /Launch >> naming a (harmless, nonexistent) file',
      expect: { ok: false, code: 'ATTACHMENT_ACTIVE_CONTENT', finding: 'launch' },
      bytes: await withPdfLib(1, (doc) => {
        const target = PDFString.of('zizhi-fixture-launch-target.txt');
        doc.catalog.set(PDFName.of('OpenAction'), doc.context.obj({ S: 'Launch', F: target, Win: { F: target } }));
      }),
    },
    {
      name: 'aa-submitform.pdf',
      about: 'page /AA open action that submits the form to a URL',
      expect: { ok: false, code: 'ATTACHMENT_ACTIVE_CONTENT', finding: 'form-action' },
      bytes: await withPdfLib(1, (doc, page) => {
        const submit = doc.context.obj({ S: 'SubmitForm', F: { FS: 'URL', F: PDFString.of('https://example.invalid/collect') }, Flags: 4 });
        page.node.set(PDFName.of('AA'), doc.context.obj({ O: submit }));
      }),
    },
    {
      name: 'gotor-link.pdf',
      about: 'link annotation with a /GoToR action to another file: navigation (viewers ask first), accepted',
      expect: { ok: true, pages: 1 },
      bytes: await withPdfLib(1, (doc, page) => {
        annotate(doc, page.ref, doc.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [50, 50, 200, 80], A: { S: 'GoToR', F: PDFString.of('other.pdf'), D: [0, 'Fit'] } }));
      }),
    },
    {
      name: 'gotoe-link.pdf',
      about: 'link annotation with a /GoToE action into a file embedded in another file: navigation, accepted',
      expect: { ok: true, pages: 1 },
      bytes: await withPdfLib(1, (doc, page) => {
        const target = { R: 'C', N: PDFHexString.fromText('annex.pdf') };
        annotate(doc, page.ref, doc.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [50, 50, 200, 80], A: { S: 'GoToE', F: PDFString.of('other.pdf'), D: [0, 'Fit'], T: target } }));
      }),
    },
    {
      name: 'thread-beads.pdf',
      about: 'an article thread (/Threads, a /B bead on the page) and a link with a /Thread action within the file, as pdfTeX writes: accepted',
      expect: { ok: true, pages: 1 },
      bytes: await withPdfLib(1, (doc, page) => {
        const ctx = doc.context;
        const thread = ctx.nextRef();
        const bead = ctx.nextRef();
        ctx.assign(bead, ctx.obj({ Type: 'Bead', T: thread, N: bead, V: bead, P: page.ref, R: [72, 600, 520, 780] }));
        ctx.assign(thread, ctx.obj({ Type: 'Thread', F: bead, I: { Title: PDFString.of('zizhi fixture thread') } }));
        doc.catalog.set(PDFName.of('Threads'), ctx.obj([thread]));
        page.node.set(PDFName.of('B'), ctx.obj([bead]));
        annotate(doc, page.ref, ctx.obj({ Type: 'Annot', Subtype: 'Link', Rect: [50, 50, 200, 80], A: { S: 'Thread', D: thread } }));
      }),
    },
    {
      name: 'thread-remote.pdf',
      about: 'a /Thread action into another file on a UNC path (Acrobat follows it without asking: a silent connection out)',
      expect: { ok: false, code: 'ATTACHMENT_ACTIVE_CONTENT', finding: 'remote-thread' },
      bytes: await withPdfLib(1, (doc, page) => {
        const action = { S: 'Thread', F: PDFString.of(String.raw`\\\\fileserver.invalid\\share\\report.pdf`), D: 0 };
        annotate(doc, page.ref, doc.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [50, 50, 200, 80], A: action }));
      }),
    },
    {
      name: 'embedded-file.pdf',
      about: 'pdf-lib attach(): /Names /EmbeddedFiles with an /EmbeddedFile stream',
      expect: { ok: false, code: 'ATTACHMENT_ACTIVE_CONTENT', finding: 'embedded-file' },
      bytes: await withPdfLib(1, async (doc) => {
        await doc.attach(Buffer.from('hello from an embedded file\n'), 'note.txt', { mimeType: 'text/plain', description: 'fixture', creationDate: FIXED_DATE, modificationDate: FIXED_DATE });
      }),
    },
    {
      name: 'file-attachment-annot.pdf',
      about: 'a /FileAttachment annotation carrying a file',
      expect: { ok: false, code: 'ATTACHMENT_ACTIVE_CONTENT', finding: 'embedded-file' },
      bytes: await withPdfLib(1, (doc, page) => {
        const ctx = doc.context;
        const file = ctx.register(ctx.flateStream('hello from an attachment annotation\n', { Type: 'EmbeddedFile' }));
        const spec = ctx.obj({ Type: 'Filespec', F: PDFString.of('note.txt'), UF: PDFHexString.fromText('note.txt'), EF: { F: file } });
        annotate(doc, page.ref, ctx.obj({ Type: 'Annot', Subtype: 'FileAttachment', Rect: [50, 50, 70, 70], FS: spec, Name: 'Paperclip' }));
      }),
    },
    {
      name: 'xfa-form.pdf',
      about: '/AcroForm with an /XFA stream',
      expect: { ok: false, code: 'ATTACHMENT_ACTIVE_CONTENT', finding: 'xfa' },
      bytes: await withPdfLib(1, (doc) => {
        const ctx = doc.context;
        const xdp = '<?xml version="1.0"?><xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><template xmlns="http://www.xfa.org/schema/xfa-template/3.3/"/></xdp:xdp>';
        const xfa = ctx.register(ctx.flateStream(xdp));
        doc.catalog.set(PDFName.of('AcroForm'), ctx.obj({ Fields: [], XFA: xfa }));
      }),
    },
    {
      name: 'richmedia.pdf',
      about: 'a /RichMedia annotation (Flash/video player content)',
      expect: { ok: false, code: 'ATTACHMENT_ACTIVE_CONTENT', finding: 'rich-media' },
      bytes: await withPdfLib(1, (doc, page) => {
        const ctx = doc.context;
        annotate(doc, page.ref, ctx.obj({ Type: 'Annot', Subtype: 'RichMedia', Rect: [50, 50, 250, 200], RichMediaContent: { Assets: { Names: [] } } }));
      }),
    },
  ];
  return fixtures;
}

// ---------------------------------------------------------------- pdf-lib documents

interface PageHandle {
  ref: PDFRef;
  node: ReturnType<PDFDocument['getPage']>['node'];
}

async function pdfLibDoc(pages: number, save: { useObjectStreams?: boolean } = {}): Promise<Uint8Array> {
  return withPdfLib(pages, () => undefined, save);
}

/** A small text PDF with fixed metadata, changed by `edit` before saving. */
async function withPdfLib(
  pages: number,
  edit: (doc: PDFDocument, firstPage: PageHandle) => void | Promise<void>,
  save: { useObjectStreams?: boolean } = {},
): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle('zizhi test fixture');
  doc.setProducer('zizhi scripts/make-pdf-fixtures.ts');
  doc.setCreationDate(FIXED_DATE);
  doc.setModificationDate(FIXED_DATE);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) {
    const page = doc.addPage([595.28, 841.89]);
    page.drawText(`zizhi fixture - page ${i} of ${pages}`, { x: 72, y: 760, size: 14, font });
  }
  const first = doc.getPage(0);
  await edit(doc, { ref: first.ref, node: first.node });
  return doc.save({ useObjectStreams: save.useObjectStreams ?? true, addDefaultPage: false, updateFieldAppearances: false });
}

function jsAction(doc: PDFDocument): PDFRef {
  return doc.context.register(doc.context.obj({ Type: 'Action', S: 'JavaScript', JS: PDFString.of(JS_CODE) }));
}

function annotate(doc: PDFDocument, pageRef: PDFRef, annot: PDFDict): void {
  const page = doc.getPages().find((p) => p.ref === pageRef);
  if (!page) throw new Error('page not found');
  page.node.set(PDFName.of('Annots'), doc.context.obj([doc.context.register(annot)]));
}

// ---------------------------------------------------------------- pdfkit (encryption)

async function pdfKitEncrypted(
  security: { userPassword?: string; ownerPassword: string; permissions?: PDFKit.DocumentPermissions },
  edit?: (doc: PDFKit.PDFDocument) => void,
): Promise<Uint8Array> {
  // PDF 1.4 selects RC4-128, whose key derivation is deterministic (the AES modes draw random
  // IVs); compress: false keeps zlib out, so the bytes do not depend on the zlib build.
  const doc = new PDFKit({
    size: 'A4',
    pdfVersion: '1.4',
    compress: false,
    info: { Title: 'zizhi encrypted fixture', Producer: 'zizhi', Creator: 'zizhi', CreationDate: FIXED_DATE, ModDate: FIXED_DATE },
    ...security,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.font('Helvetica').fontSize(14).text('zizhi fixture - encrypted', 72, 72);
  edit?.(doc);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

// ---------------------------------------------------------------- hand-built files

type Body = string | Buffer;

/** A classic-xref PDF from object bodies (object n = bodies[n-1]) with correct offsets. */
export function rawPdf(bodies: readonly Body[], opts: { root?: number; trailer?: string; version?: string } = {}): Buffer {
  const { root = 1, trailer = '', version = '1.7' } = opts;
  const parts: Buffer[] = [Buffer.from(`%PDF-${version}\n%\xE2\xE3\xCF\xD3\n`, 'latin1')];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  bodies.forEach((body, i) => {
    offsets.push(offset);
    const part = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1'), Buffer.from('\nendobj\n', 'latin1')]);
    parts.push(part);
    offset += part.length;
  });
  const xref = [`xref\n0 ${bodies.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${bodies.length + 1} /Root ${root} 0 R ${trailer}>>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

export function streamBody(dict: string, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);
}

/** An object stream holding `objects` ([number, body] pairs); `data` overrides the encoded content. */
export function objStmBody(objects: readonly [number, string][], filter = '/Filter /FlateDecode', data?: Buffer): Buffer {
  const header = objects.map(([n], i) => `${n} ${objects.slice(0, i).reduce((sum, [, b]) => sum + b.length + 1, 0)}`).join(' ') + '\n';
  const content = header + objects.map(([, b]) => `${b}\n`).join('');
  // Z_RLE: run-length matching only, so the output does not depend on zlib's SIMD match finder.
  const encoded = data ?? deflateSync(Buffer.from(content, 'latin1'), { strategy: zlibConstants.Z_RLE });
  return streamBody(`/Type /ObjStm /N ${objects.length} /First ${header.length} ${filter}`, encoded);
}

const PAGE = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>';

function onePage(catalogExtra: string): Buffer {
  return rawPdf([`<< /Type /Catalog /Pages 2 0 R ${catalogExtra} >>`, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', PAGE]);
}

function zeroPages(): Buffer {
  return rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>']);
}

function pageTreeLoop(): Buffer {
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>',
  ]);
}

function deepNesting(depth: number): Buffer {
  return rawPdf(['<< /Type /Catalog /Pages 2 0 R /Extra 5 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', PAGE, objStmBody([[5, `${'['.repeat(depth)}${']'.repeat(depth)}`]])]);
}

function encryptedObjStm(): Buffer {
  // What a PDF 1.5+ writer with RC4/AES produces: the catalog sits in an object stream whose bytes
  // are ciphertext, so the Flate data is garbage until decrypted. The /Encrypt dictionary and the
  // trailer stay readable, which is all the inspector needs to name the problem correctly.
  const ciphertext = pseudoRandom('encrypted-objstm', 600);
  const o = hex(pseudoRandom('O', 32));
  const u = hex(pseudoRandom('U', 32));
  const id = hex(pseudoRandom('ID', 16));
  return rawPdf(
    [
      objStmBody([[5, '<< /Type /Catalog /Pages 3 0 R >>']], '/Filter /FlateDecode', ciphertext),
      `<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O <${o}> /U <${u}> >>`,
      '<< /Type /Pages /Kids [4 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] >>',
    ],
    { root: 5, trailer: `/Encrypt 2 0 R /ID [<${id}> <${id}>] `, version: '1.5' },
  );
}

function htmlPrefix(size: number): string {
  const head = '<!DOCTYPE html><html><head><meta charset="utf-8"><title>zizhi polyglot fixture</title><script>/* zizhi fixture: harmless */</script></head><body><!-- ';
  const tail = ' --></body></html>\n';
  return head + 'x'.repeat(Math.max(0, size - head.length - tail.length)) + tail;
}

function pseudoRandom(seed: string, length: number): Buffer {
  const out: Buffer[] = [];
  for (let i = 0; out.length * 32 < length; i++) out.push(createHash('sha256').update(`${seed}:${i}`).digest());
  return Buffer.concat(out).subarray(0, length);
}

const hex = (b: Buffer): string => b.toString('hex').toUpperCase();

// ---------------------------------------------------------------- generated at test time (too big to commit)

/**
 * A decompression bomb: a one-page PDF whose object stream is Flate-encoded twice and inflates to
 * `inflatedBytes` of zeros. Built by streaming, so making it never holds the inflated bytes.
 */
export async function makeFlateBombPdf(inflatedBytes: number): Promise<Buffer> {
  const twice = deflateSync(await deflateZeros(inflatedBytes), { level: 9 });
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R /Extra 5 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    PAGE,
    objStmBody([[5, '<< /Bomb true >>']], '/Filter [/FlateDecode /FlateDecode]', twice),
  ]);
}

/**
 * A decompression bomb in a page's content stream, which pdf-lib never decodes: about 1 KB of
 * file per MiB inflated (`layers: 2` deflates it once more, to a few KB). Built by streaming.
 */
export async function makeContentBombPdf(inflatedBytes: number, opts: { layers?: 1 | 2 } = {}): Promise<Buffer> {
  let data = await deflateZeros(inflatedBytes);
  if (opts.layers === 2) data = deflateSync(data, { level: 9 });
  const filter = opts.layers === 2 ? '/Filter [/FlateDecode /FlateDecode]' : '/Filter /FlateDecode';
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
    streamBody(filter, data),
  ]);
}

/** zlib-deflated zeros, compressed 1 MiB at a time: never holds the inflated bytes. */
async function deflateZeros(inflatedBytes: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const finished = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  const zeros = Buffer.alloc(1024 * 1024);
  for (let left = inflatedBytes; left > 0; left -= zeros.length) {
    if (!deflate.write(left >= zeros.length ? zeros : zeros.subarray(0, left))) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await finished;
  return Buffer.concat(out);
}

/** A valid one-page PDF with `count` extra small objects: slow to parse, for timeout tests. */
export function makeManyObjectsPdf(count: number): Buffer {
  const bodies: Body[] = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', PAGE];
  for (let i = 0; i < count; i++) bodies.push(`<< /N ${i} /A [1 2 3 4] /S (filler) >>`);
  return rawPdf(bodies);
}

/**
 * A valid one-page PDF with `count` trivial objects after the page, written to `file` in pieces:
 * never held in memory. 400 000 of them make the ~25 MB file of issue 14 (point 2) that kept
 * pdf-lib busy for 15 s. `declareSize: false` leaves /Size out of the trailer (pdf-lib does not need
 * it), so only counting the objects finds the flood. Returns the file's size.
 */
export async function writeObjectFloodPdf(file: string, count: number, opts: { declareSize?: boolean } = {}): Promise<number> {
  const handle = await open(file, 'w');
  try {
    const total = count + 3;
    const offsets = new Float64Array(total);
    let offset = 0;
    let batch: string[] = [];
    const flush = async () => {
      const bytes = Buffer.from(batch.join(''), 'latin1');
      batch = [];
      await handle.write(bytes);
      offset += bytes.length;
    };
    let pending = 0;
    const put = (text: string) => {
      batch.push(text);
      pending += text.length; // latin1: one byte per character
    };
    put('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n');
    const first = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', PAGE];
    for (let n = 1; n <= total; n++) {
      offsets[n - 1] = offset + pending;
      put(`${n} 0 obj\n${first[n - 1] ?? `<< /N ${n} /V true >>`}\nendobj\n`);
      if (batch.length >= 4096) {
        await flush();
        pending = 0;
      }
    }
    await flush();
    pending = 0;
    const xrefAt = offset;
    put(`xref\n0 ${total + 1}\n0000000000 65535 f \n`);
    for (let n = 0; n < total; n++) {
      put(`${String(offsets[n]).padStart(10, '0')} 00000 n \n`);
      if (batch.length >= 4096) await flush();
    }
    put(`trailer\n<< ${opts.declareSize === false ? '' : `/Size ${total + 1} `}/Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`);
    await flush();
    return offset;
  } finally {
    await handle.close();
  }
}

// ---------------------------------------------------------------- CLI

async function writeFixtures(): Promise<void> {
  const fixtures = await makePdfFixtures();
  await mkdir(FIXTURE_DIR, { recursive: true });
  for (const name of await readdir(FIXTURE_DIR)) if (name.endsWith('.pdf')) await rm(path.join(FIXTURE_DIR, name));
  for (const f of fixtures) {
    if (f.bytes.length > 50 * 1024) throw new Error(`${f.name} is ${f.bytes.length} bytes; fixtures stay under 50 KB`);
    await writeFile(path.join(FIXTURE_DIR, f.name), f.bytes);
  }
  const rows = fixtures.map((f) => {
    const verdict = f.expect.ok ? `ok, ${f.expect.pages} page(s)` : `${f.expect.code}${f.expect.finding ? ` (${f.expect.finding})` : ''}`;
    return `| \`${f.name}\` | ${f.bytes.length} | ${verdict} | ${f.about} |`;
  });
  const readme = [
    '# PDF upload fixtures',
    '',
    'Generated by `scripts/make-pdf-fixtures.ts` (`node --import tsx scripts/make-pdf-fixtures.ts`); do not edit by hand.',
    'Every file is written by that script from scratch (pdf-lib, pdfkit or raw PDF syntax), so they carry the',
    "project's own licence; nothing is copied from other corpora. Scripts in them are `app.alert(...)` only.",
    '`src/server/attachments/pdf-inspect.fixtures.test.ts` regenerates them and requires byte equality, then checks each verdict.',
    '',
    'Generated at test time instead (too large to commit): a double-Flate decompression bomb (256 MiB inflated), page',
    'content-stream bombs (`makeContentBombPdf`, up to 1 GiB inflated) and a 50 000-object PDF for timeout and event-loop tests.',
    'Real documents made by real tools are in `test/fixtures/pdf-real`.',
    '',
    '| file | bytes | expected verdict | what it is |',
    '| --- | ---: | --- | --- |',
    ...rows,
    '',
  ].join('\n');
  await writeFile(path.join(FIXTURE_DIR, 'README.md'), readme);
  console.log(`wrote ${fixtures.length} fixtures to ${path.relative(process.cwd(), FIXTURE_DIR)}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await writeFixtures();
}
