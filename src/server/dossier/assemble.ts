/**
 * The dossier assembler (issue 20, point 2): the manual asks each enterprise to merge its
 * technical staff's papers per person (技术负责人, then 注册人员, then 非注册人员), add a 目录 with
 * page ranges and upload one PDF. Here the system does it: a generated 目录, then every document in
 * order — a PDF as it is, a JPEG or PNG scan as one page at its real size — with bookmarks per
 * section (a person, the enterprise's own materials) and per document.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { PDFDocument, PDFHexString, PDFName, PDFNumber, type PDFRef } from 'pdf-lib';
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
export async function assembleDossier(input: { title: string; sections: readonly DossierSection[]; today: string }, outPath: string): Promise<AssembledDossier> {
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

  // Pass 2: the file, part by part (each source is let go once copied).
  const out = await PDFDocument.create({ updateMetadata: false });
  out.setTitle(`${input.title}（含目录）`);
  out.setProducer('zizhi');
  out.setCreator('北京市规划和自然资源委员会 网上申报系统');
  const tocDoc = await PDFDocument.load(toc);
  for (const page of await out.copyPages(tocDoc, tocDoc.getPageIndices())) out.addPage(page);
  for (const section of input.sections) {
    for (const part of section.parts) {
      const bytes = await readFile(part.path);
      if (part.kind === 'pdf') {
        const source = await PDFDocument.load(bytes, { updateMetadata: false });
        for (const page of await out.copyPages(source, source.getPageIndices())) out.addPage(page);
      } else {
        const image = part.kind === 'jpeg' ? await out.embedJpg(bytes) : await out.embedPng(bytes);
        const [width, height] = scanPageSize({ width: image.width, height: image.height }, declaredDpi(bytes, part.kind));
        out.addPage([width, height]).drawImage(image, { x: 0, y: 0, width, height });
      }
    }
  }
  addOutline(out, input.sections, entries);
  await writeFile(outPath, await out.save());
  return { pages: out.getPageCount(), tocPages, entries };
}

/** Bookmarks: 目录, then each section opening at its first document, its documents under it. */
function addOutline(doc: PDFDocument, sections: readonly DossierSection[], entries: readonly TocEntry[]) {
  const ctx = doc.context;
  const pages = doc.getPages();
  const dest = (page: number) => ctx.obj([pages[page - 1]!.ref, PDFName.of('Fit')]);
  const root = ctx.nextRef();
  type Node = { title: string; page: number; children: Node[] };
  const tree: Node[] = [{ title: '目录', page: 1, children: [] }];
  let i = 0;
  for (const section of sections) {
    const children = section.parts.map(() => {
      const e = entries[i++]!;
      return { title: e.part, page: e.firstPage, children: [] };
    });
    if (children.length > 0) tree.push({ title: section.title, page: children[0]!.page, children });
  }

  /** Writes `nodes` as siblings under `parent`; returns first, last and the visible count. */
  const write = (nodes: Node[], parent: PDFRef): { first: PDFRef; last: PDFRef; count: number } => {
    const refs = nodes.map(() => ctx.nextRef());
    let count = nodes.length;
    nodes.forEach((node, n) => {
      const entry = ctx.obj({ Title: PDFHexString.fromText(node.title), Parent: parent, Dest: dest(node.page) });
      if (n > 0) entry.set(PDFName.of('Prev'), refs[n - 1]!);
      if (n < nodes.length - 1) entry.set(PDFName.of('Next'), refs[n + 1]!);
      if (node.children.length > 0) {
        const kids = write(node.children, refs[n]!);
        entry.set(PDFName.of('First'), kids.first);
        entry.set(PDFName.of('Last'), kids.last);
        // Open: the documents show under each person.
        entry.set(PDFName.of('Count'), PDFNumber.of(kids.count));
        count += kids.count;
      }
      ctx.assign(refs[n]!, entry);
    });
    return { first: refs[0]!, last: refs.at(-1)!, count };
  };
  const top = write(tree, root);
  ctx.assign(root, ctx.obj({ Type: 'Outlines', First: top.first, Last: top.last, Count: top.count }));
  doc.catalog.set(PDFName.of('Outlines'), root);
  doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}
