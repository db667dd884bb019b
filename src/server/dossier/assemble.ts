/**
 * The dossier assembler (issue 20, point 2): the manual asks each enterprise to merge its
 * technical staff's papers per person (技术负责人, then 注册人员, then 非注册人员), add a 目录 with
 * page ranges and upload one PDF. Here the system does it: a generated 目录, then every document in
 * order — a PDF as it is, a JPEG or PNG scan as one page at its real size — with bookmarks per
 * section (a person, the enterprise's own materials) and per document.
 */
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef, type PDFObject } from 'pdf-lib';
import type { GeneratedForm } from '../../domain/forms/generated.ts';
import { renderFormPdf } from '../documents/render/form-pdf.ts';

export type PartKind = 'pdf' | 'jpeg' | 'png';

export interface DossierPart {
  /** e.g. 身份证, 毕业证, 《专业技术人员基本情况及业绩表》. */
  title: string;
  path: string;
  kind: PartKind;
}

export interface DossierSection {
  /** e.g. 技术负责人 张三, 企业材料. */
  title: string;
  parts: readonly DossierPart[];
}

export interface DossierInput {
  /** The slot's title: the 目录 is titled after it. */
  title: string;
  sections: readonly DossierSection[];
  /** Dates the 目录's file (YYYY-MM-DD). */
  today: string;
}

export interface TocEntry {
  section: string;
  part: string;
  /** 1-based, in the assembled file. */
  firstPage: number;
  lastPage: number;
}

export interface AssembledDossier {
  pages: number;
  tocPages: number;
  entries: TocEntry[];
}

const POINTS_PER_INCH = 72;
const A4 = { short: 595.28, long: 841.89 };

/** Dots per inch a JPEG (JFIF APP0) or PNG (pHYs) declares; undefined when it declares none. */
export function declaredDpi(bytes: Uint8Array, kind: 'jpeg' | 'png'): { x: number; y: number } | undefined {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (kind === 'jpeg') {
    // Segments from SOI: FF Dx markers with a length, up to the first frame.
    let at = 2;
    while (at + 4 <= view.length && view[at] === 0xff) {
      const marker = view[at + 1]!;
      const length = view.readUInt16BE(at + 2);
      if (marker === 0xe0 && view.toString('latin1', at + 4, at + 9) === 'JFIF\0') {
        const units = view[at + 11]!;
        const x = view.readUInt16BE(at + 12);
        const y = view.readUInt16BE(at + 14);
        if (!x || !y || units === 0) return undefined;
        return units === 1 ? { x, y } : { x: x * 2.54, y: y * 2.54 };
      }
      if (marker === 0xda || marker === 0xc0 || marker === 0xc2) return undefined;
      at += 2 + length;
    }
    return undefined;
  }
  let at = 8;
  while (at + 8 <= view.length) {
    const length = view.readUInt32BE(at);
    const type = view.toString('latin1', at + 4, at + 8);
    if (type === 'pHYs' && length >= 9) {
      const x = view.readUInt32BE(at + 8);
      const y = view.readUInt32BE(at + 12);
      return view[at + 16] === 1 && x && y ? { x: x * 0.0254, y: y * 0.0254 } : undefined;
    }
    if (type === 'IDAT') return undefined;
    at += 12 + length;
  }
  return undefined;
}

/** A file's kind by its first bytes (never by its name); undefined for anything else. */
export function sniffKind(head: Uint8Array): PartKind | undefined {
  const b = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  // PDF readers accept the header within the first kilobyte (ISO 32000 implementation note).
  if (b.subarray(0, 1024).includes('%PDF-', 0, 'latin1')) return 'pdf';
  return undefined;
}

/** A JPEG's (from its frame header) or PNG's (IHDR) size in pixels; undefined when unreadable. */
export function imageSize(bytes: Uint8Array, kind: 'jpeg' | 'png'): { width: number; height: number } | undefined {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (kind === 'png') {
    if (view.length < 24 || view.toString('latin1', 12, 16) !== 'IHDR') return undefined;
    return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
  }
  let at = 2;
  while (at + 9 <= view.length && view[at] === 0xff) {
    const marker = view[at + 1]!;
    // SOF0–SOF15 carry the size, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return { height: view.readUInt16BE(at + 5), width: view.readUInt16BE(at + 7) };
    at += 2 + view.readUInt16BE(at + 2);
  }
  return undefined;
}

/** A scan's page size in points: its real size when it says its resolution, else fitted to A4. */
export function scanPageSize(pixels: { width: number; height: number }, dpi: { x: number; y: number } | undefined): [number, number] {
  if (dpi) return [(pixels.width / dpi.x) * POINTS_PER_INCH, (pixels.height / dpi.y) * POINTS_PER_INCH];
  const [w, h] = pixels.width > pixels.height ? [A4.long, A4.short] : [A4.short, A4.long];
  const scale = Math.min(w / pixels.width, h / pixels.height);
  return [pixels.width * scale, pixels.height * scale];
}

function tocForm(title: string, entries: readonly TocEntry[]): GeneratedForm {
  const range = (e: TocEntry) => (e.firstPage === e.lastPage ? `第 ${e.firstPage} 页` : `第 ${e.firstPage}–${e.lastPage} 页`);
  return {
    slot: 'otherAttachments',
    title: `${title}目录`,
    blocks: [
      {
        type: 'table',
        columns: [
          { title: '序号', weight: 2 },
          { title: '人员或材料', weight: 5 },
          { title: '文件', weight: 7 },
          { title: '页码', weight: 4 },
        ],
        rows: entries.map((e, i) => [String(i + 1), e.section, e.part, range(e)]),
      },
    ],
    signatures: [],
    footer: '本目录由网上申报系统依所上传的材料生成，页码为合并后文件中的页码。',
  };
}

/** Page ranges of every part after a 目录 of `tocPages` pages. */
function plan(sections: readonly DossierSection[], counts: readonly number[][], tocPages: number): TocEntry[] {
  const entries: TocEntry[] = [];
  let next = tocPages + 1;
  sections.forEach((section, s) =>
    section.parts.forEach((part, p) => {
      const pages = counts[s]![p]!;
      entries.push({ section: section.title, part: part.title, firstPage: next, lastPage: next + pages - 1 });
      next += pages;
    }),
  );
  return entries;
}

/**
 * One PDF at `outPath`: the 目录 (as many pages as it takes, its page numbers counting itself), then
 * the parts in order, with an outline of sections and their documents. `today` dates the 目录's file.
 */
export async function assembleDossier(input: DossierInput, outPath: string): Promise<AssembledDossier> {
  // Pass 1: how many pages each part brings (a scan, one).
  const counts: number[][] = [];
  for (const section of input.sections) {
    const row: number[] = [];
    for (const part of section.parts) row.push(part.kind === 'pdf' ? (await PDFDocument.load(await readFile(part.path), { updateMetadata: false })).getPageCount() : 1);
    counts.push(row);
  }

  // The 目录's own length moves every range; redraw until it stays (once or twice).
  let tocPages = 1;
  let entries = plan(input.sections, counts, tocPages);
  let toc = await renderFormPdf(tocForm(input.title, entries), input.today);
  for (;;) {
    const drawn = (await PDFDocument.load(toc)).getPageCount();
    if (drawn === tocPages) break;
    tocPages = drawn;
    entries = plan(input.sections, counts, tocPages);
    toc = await renderFormPdf(tocForm(input.title, entries), input.today);
  }

  // Pass 2: the file, streamed to disk part by part. Each part is copied into a small document of
  // its own whose objects are numbered after everything written so far, written out and let go:
  // memory holds one part at a time, never the whole dossier (pdf-lib's save() would hold it all).
  const file = await open(outPath, 'w');
  try {
    const writer = new ObjectWriter(file);
    await writer.header();
    const pageRefs: PDFRef[] = [];
    await writer.part(await PDFDocument.load(toc), pageRefs);
    for (const section of input.sections) {
      for (const part of section.parts) {
        const bytes = await readFile(part.path);
        if (part.kind === 'pdf') {
          await writer.part(await PDFDocument.load(bytes, { updateMetadata: false }), pageRefs);
        } else {
          const scan = await PDFDocument.create({ updateMetadata: false });
          const image = part.kind === 'jpeg' ? await scan.embedJpg(bytes) : await scan.embedPng(bytes);
          const [width, height] = scanPageSize({ width: image.width, height: image.height }, declaredDpi(bytes, part.kind));
          scan.addPage([width, height]).drawImage(image, { x: 0, y: 0, width, height });
          await scan.flush();
          await writer.part(scan, pageRefs);
        }
      }
    }
    await writer.finish(pageRefs, outline(input.sections, entries), { title: `${input.title}（含目录）` });
  } finally {
    await file.close();
  }
  return { pages: entries.at(-1)?.lastPage ?? tocPages, tocPages, entries };
}

/** Reserved numbers: the page tree, the catalog and the document information. */
const PAGES = PDFRef.of(1);
const CATALOG = PDFRef.of(2);
const INFO = PDFRef.of(3);

/** A PDF written object by object with a classic cross-reference table (ISO 32000-1 §7.5). */
class ObjectWriter {
  private offset = 0;
  private next = 3;
  private readonly offsets = new Map<number, number>();
  constructor(private readonly file: FileHandle) {}

  private async write(bytes: Uint8Array | string) {
    const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes;
    await this.file.write(buffer);
    this.offset += buffer.length;
  }

  async header() {
    await this.write('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
  }

  private async object(ref: PDFRef, object: PDFObject) {
    this.offsets.set(ref.objectNumber, this.offset);
    const body = new Uint8Array(object.sizeInBytes());
    object.copyBytesInto(body, 0);
    await this.write(`${ref.objectNumber} 0 obj\n`);
    await this.write(body);
    await this.write('\nendobj\n');
  }

  /** Every page of `source`, copied after what is written, in order, under the one page tree. */
  async part(source: PDFDocument, pageRefs: PDFRef[]) {
    const part = await PDFDocument.create({ updateMetadata: false });
    const own = new Set(part.context.enumerateIndirectObjects().map(([ref]) => ref.objectNumber));
    part.context.largestObjectNumber = Math.max(this.next, part.context.largestObjectNumber);
    const pages = await part.copyPages(source, source.getPageIndices());
    for (const page of pages) {
      page.node.set(PDFName.of('Parent'), PAGES);
      pageRefs.push(page.ref);
    }
    for (const [ref, object] of part.context.enumerateIndirectObjects()) if (!own.has(ref.objectNumber)) await this.object(ref, object);
    this.next = part.context.largestObjectNumber;
  }

  /** The page tree, the outline, the catalog, the information, the cross-reference table. */
  async finish(pageRefs: readonly PDFRef[], tree: OutlineNode[], info: { title: string }) {
    const ctx = (await PDFDocument.create({ updateMetadata: false })).context;
    ctx.largestObjectNumber = this.next;
    await this.object(PAGES, ctx.obj({ Type: 'Pages', Kids: [...pageRefs], Count: pageRefs.length }));
    const outlines = writeOutline(ctx, tree, (page) => pageRefs[page - 1]!);
    for (const [ref, object] of outlines.objects) await this.object(ref, object);
    await this.object(CATALOG, ctx.obj({ Type: 'Catalog', Pages: PAGES, Outlines: outlines.root, PageMode: 'UseOutlines' }));
    await this.object(
      INFO,
      ctx.obj({ Title: PDFHexString.fromText(info.title), Producer: PDFHexString.fromText('zizhi'), Creator: PDFHexString.fromText('北京市规划和自然资源委员会 网上申报系统') }),
    );
    const size = Math.max(...this.offsets.keys()) + 1;
    const xref = this.offset;
    const rows = ['xref', `0 ${size}`, '0000000000 65535 f\r'];
    for (let n = 1; n < size; n++) {
      const at = this.offsets.get(n);
      rows.push(at === undefined ? '0000000000 65535 f\r' : `${String(at).padStart(10, '0')} 00000 n\r`);
    }
    await this.write(`${rows.join('\n')}\ntrailer\n<< /Size ${size} /Root ${CATALOG.objectNumber} 0 R /Info ${INFO.objectNumber} 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  }
}

type OutlineNode = { title: string; page: number; children: OutlineNode[] };

/** 目录, then each section at its first document, its documents under it. */
function outline(sections: readonly DossierSection[], entries: readonly TocEntry[]): OutlineNode[] {
  const tree: OutlineNode[] = [{ title: '目录', page: 1, children: [] }];
  let i = 0;
  for (const section of sections) {
    const children = section.parts.map(() => {
      const e = entries[i++]!;
      return { title: e.part, page: e.firstPage, children: [] };
    });
    if (children.length > 0) tree.push({ title: section.title, page: children[0]!.page, children });
  }
  return tree;
}

/** The outline's objects (ISO 32000-1 §12.3.3), every entry open, each going to its page. */
function writeOutline(ctx: PDFDocument['context'], tree: OutlineNode[], pageRef: (page: number) => PDFRef) {
  const objects: [PDFRef, PDFObject][] = [];
  const root = ctx.nextRef();
  const write = (nodes: OutlineNode[], parent: PDFRef): { first: PDFRef; last: PDFRef; count: number } => {
    const refs = nodes.map(() => ctx.nextRef());
    let count = nodes.length;
    nodes.forEach((node, n) => {
      const entry = ctx.obj({ Title: PDFHexString.fromText(node.title), Parent: parent, Dest: [pageRef(node.page), 'Fit'] });
      if (n > 0) entry.set(PDFName.of('Prev'), refs[n - 1]!);
      if (n < nodes.length - 1) entry.set(PDFName.of('Next'), refs[n + 1]!);
      if (node.children.length > 0) {
        const kids = write(node.children, refs[n]!);
        entry.set(PDFName.of('First'), kids.first);
        entry.set(PDFName.of('Last'), kids.last);
        entry.set(PDFName.of('Count'), PDFNumber.of(kids.count));
        count += kids.count;
      }
      objects.push([refs[n]!, entry]);
    });
    return { first: refs[0]!, last: refs.at(-1)!, count };
  };
  const top = write(tree, root);
  objects.push([root, ctx.obj({ Type: 'Outlines', First: top.first, Last: top.last, Count: top.count })]);
  return { root, objects };
}
