/**
 * 提交前自查 (issue 20, point 3): per page of an uploaded PDF, what staff would otherwise send back
 * at 补正 — a blank or nearly blank page, a scan too coarse to read, text turned sideways or upside
 * down, a page far larger than A4; and a 目录 whose page ranges do not fit the file. A warning,
 * never a block. Runs on pdf.js (a worker in the browser, the legacy build in Node tests and the
 * bench); the pdf.js module is passed in, as the two builds differ.
 */
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist';

export type PageIssueKind = 'blank' | 'low-resolution' | 'rotated' | 'upside-down' | 'oversized' | 'toc-mismatch';

export interface PageIssue {
  /** 1-based. */
  page: number;
  kind: PageIssueKind;
  message: string;
}

/** The operator codes this check reads (pdf.js `OPS`). */
export type Ops = Readonly<Record<'save' | 'restore' | 'transform' | 'paintImageXObject' | 'paintInlineImageXObject' | 'paintImageMaskXObject' | 'paintSolidColorImageMask' | 'constructPath' | 'endPath' | 'shadingFill', number>>;

/** Readable scans: text needs about 150 dpi (the manual: 页面清晰、可识别). */
export const MIN_SCAN_DPI = 150;
/** A page counts as blank below this share of dark pixels (a speck or a scanner's edge). */
const INK_SHARE_BLANK = 0.002;
const A4 = { short: 595.28, long: 841.89 };
const MM_PER_POINT = 25.4 / 72;

type Matrix = [number, number, number, number, number, number];
const multiply = (m: Matrix, n: readonly number[]): Matrix => [
  m[0] * n[0]! + m[2] * n[1]!,
  m[1] * n[0]! + m[3] * n[1]!,
  m[0] * n[2]! + m[2] * n[3]!,
  m[1] * n[2]! + m[3] * n[3]!,
  m[0] * n[4]! + m[2] * n[5]! + m[4],
  m[1] * n[4]! + m[3] * n[5]! + m[5],
];

interface PlacedImage {
  objId?: string;
  inline?: ImageLike;
  pixels: { width: number; height: number };
  /** Drawn size in points. */
  drawn: { width: number; height: number };
}

interface ImageLike {
  width: number;
  height: number;
  kind?: number;
  data?: Uint8Array | Uint8ClampedArray;
}

/** Every page of `doc`, in order; `onPage` after each (for a progress line). */
export async function checkPdf(doc: PDFDocumentProxy, ops: Ops, onPage?: (done: number, total: number) => void): Promise<PageIssue[]> {
  const issues: PageIssue[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    try {
      issues.push(...(await checkPage(page, ops)));
    } finally {
      page.cleanup();
    }
    onPage?.(n, doc.numPages);
  }
  issues.push(...(await checkToc(doc)));
  return issues;
}

/** A 目录 is looked for on the first pages only (a dossier's comes first, as the manual asks). */
const TOC_PAGES = 3;

/**
 * The 目录's page ranges against the file: every "第 N 页" / "第 N–M 页" it lists must lie within
 * the file's pages, and the ranges must run forward without overlapping. A 目录 the system
 * assembled is right by construction; one typed by hand often is not after a page was added.
 */
export async function checkToc(doc: PDFDocumentProxy): Promise<PageIssue[]> {
  for (let n = 1; n <= Math.min(TOC_PAGES, doc.numPages); n++) {
    const page = await doc.getPage(n);
    const text = (await page.getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ');
    page.cleanup();
    if (!/目\s*录/.test(text)) continue;
    const ranges = [...text.matchAll(/第\s*(\d+)\s*(?:[-–—~至]\s*(\d+)\s*)?页/g)].map((m) => ({ text: m[0].replace(/\s+/g, ' '), from: Number(m[1]), to: Number(m[2] ?? m[1]) }));
    // The 目录's own footer ("第 1 页，共 N 页") and a lone reference are not a list of ranges.
    const listed = ranges.filter((r) => !/共/.test(text.slice(text.indexOf(r.text) + r.text.length, text.indexOf(r.text) + r.text.length + 3)));
    if (listed.length < 2) continue;
    const beyond = listed.find((r) => r.to > doc.numPages || r.from < 1 || r.to < r.from);
    if (beyond) return [{ page: n, kind: 'toc-mismatch', message: `目录所列“${beyond.text}”与文件不符：文件共 ${doc.numPages} 页，请核对目录的页码` }];
    const backwards = listed.find((r, i) => i > 0 && r.from <= listed[i - 1]!.to);
    if (backwards) return [{ page: n, kind: 'toc-mismatch', message: `目录的页码有重叠或顺序颠倒（“${backwards.text}”），请核对目录的页码` }];
    return [];
  }
  return [];
}

export async function checkPage(page: PDFPageProxy, ops: Ops): Promise<PageIssue[]> {
  const n = page.pageNumber;
  const issues: PageIssue[] = [];
  const [x0, y0, x1, y1] = page.view as [number, number, number, number];
  const unit = page.userUnit || 1;
  const width = Math.abs(x1 - x0) * unit;
  const height = Math.abs(y1 - y0) * unit;
  if (Math.max(width, height) > A4.long * 1.5 || Math.min(width, height) > A4.short * 1.5) {
    const mm = (points: number) => Math.round(points * MM_PER_POINT);
    issues.push({ page: n, kind: 'oversized', message: `页面尺寸约 ${mm(width)}×${mm(height)} 毫米，远大于 A4（210×297 毫米），打印和阅读时可能缩得很小` });
  }

  const list = await page.getOperatorList();
  const images: PlacedImage[] = [];
  let vectorInk = 0;
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  const drawnSize = (m: Matrix) => ({ width: Math.hypot(m[0], m[1]), height: Math.hypot(m[2], m[3]) });
  list.fnArray.forEach((fn, i) => {
    const args = list.argsArray[i] as unknown[] | null;
    if (fn === ops.save) stack.push(ctm);
    else if (fn === ops.restore) ctm = stack.pop() ?? ctm;
    else if (fn === ops.transform && args) ctm = multiply(ctm, args as number[]);
    else if (fn === ops.paintImageXObject && args) images.push({ objId: String(args[0]), pixels: { width: Number(args[1]), height: Number(args[2]) }, drawn: drawnSize(ctm) });
    else if (fn === ops.paintInlineImageXObject && args) {
      const img = args[0] as ImageLike;
      images.push({ inline: img, pixels: { width: img.width, height: img.height }, drawn: drawnSize(ctm) });
    } else if (fn === ops.paintImageMaskXObject || fn === ops.paintSolidColorImageMask || fn === ops.shadingFill) vectorInk++;
    // A path is ink when painted; one that only clips ends with endPath.
    else if (fn === ops.constructPath && args && args[0] !== ops.endPath) vectorInk++;
  });

  const text = await page.getTextContent();
  const runs = text.items.flatMap((item) => ('str' in item && item.str.trim() ? [{ chars: item.str.replace(/\s/g, '').length, transform: item.transform as number[] }] : []));
  const chars = runs.reduce((sum, r) => sum + r.chars, 0);

  if (chars === 0 && vectorInk === 0) {
    const inkShares = await Promise.all(images.map((img) => inkShare(page, img)));
    // Unknown (a decoder the check cannot read) counts as ink: never call a page blank by guess.
    if (inkShares.every((share) => share !== undefined && share < INK_SHARE_BLANK)) {
      issues.push({ page: n, kind: 'blank', message: images.length === 0 ? '空白页，页面上没有任何内容' : '近乎空白，扫描页上几乎没有内容，请确认是否扫描了正确的页面' });
    }
  }

  // A scan: one image covering most of the page. Its resolution is pixels over printed inches.
  const area = width * height;
  const scan = images.filter((img) => img.drawn.width * img.drawn.height >= area * 0.5).sort((a, b) => b.drawn.width * b.drawn.height - a.drawn.width * a.drawn.height)[0];
  if (scan && chars === 0) {
    // Rounded: a 150 dpi A4 scan is 1240 pixels wide, 149.98 dpi exactly.
    const dpi = Math.round(Math.min(scan.pixels.width / (scan.drawn.width / 72), scan.pixels.height / (scan.drawn.height / 72)));
    if (dpi < MIN_SCAN_DPI) issues.push({ page: n, kind: 'low-resolution', message: `扫描分辨率约 ${dpi} dpi，低于 ${MIN_SCAN_DPI} dpi，文字可能无法辨认` });
  }

  // Text direction as displayed: the run's angle, less the page's clockwise /Rotate.
  if (chars >= 10) {
    const byAngle = new Map<number, number>();
    for (const r of runs) {
      const angle = (Math.atan2(r.transform[1]!, r.transform[0]!) * 180) / Math.PI;
      const shown = (((Math.round((angle - page.rotate) / 90) * 90) % 360) + 360) % 360;
      byAngle.set(shown, (byAngle.get(shown) ?? 0) + r.chars);
    }
    const [dominant] = [...byAngle.entries()].sort((a, b) => b[1] - a[1])[0]!;
    if (dominant === 180) issues.push({ page: n, kind: 'upside-down', message: '页面上下颠倒，文字倒置显示' });
    else if (dominant !== 0) issues.push({ page: n, kind: 'rotated', message: `页面方向不正，文字旋转了 ${dominant === 90 ? 90 : 270}°，请旋转后重新生成` });
  }
  return issues;
}

/** Share of dark pixels of an image (sampled); undefined when its pixels cannot be read here. */
async function inkShare(page: PDFPageProxy, placed: PlacedImage): Promise<number | undefined> {
  const img = placed.inline ?? (await imageObject(page, placed.objId!));
  if (!img?.data || !img.width || !img.height) return undefined;
  const { data, width, height, kind } = img;
  const total = width * height;
  const stride = Math.max(1, Math.floor(total / 200_000));
  let dark = 0;
  let seen = 0;
  const rowBytes = Math.ceil(width / 8);
  for (let p = 0; p < total; p += stride) {
    seen++;
    let luma: number;
    if (kind === 1) {
      // 1 bit per pixel, rows padded to bytes; a set bit is white.
      const x = p % width;
      const y = Math.floor(p / width);
      luma = data[y * rowBytes + (x >> 3)]! & (0x80 >> (x & 7)) ? 255 : 0;
    } else {
      const size = kind === 2 ? 3 : 4;
      const o = p * size;
      luma = 0.299 * data[o]! + 0.587 * data[o + 1]! + 0.114 * data[o + 2]!;
    }
    if (luma < 160) dark++;
  }
  return seen ? dark / seen : undefined;
}

function imageObject(page: PDFPageProxy, objId: string): Promise<ImageLike | undefined> {
  const store = (objId.startsWith('g_') ? page.commonObjs : page.objs) as unknown as { get(id: string, cb: (v: unknown) => void): void; has(id: string): boolean };
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), 5_000);
    try {
      store.get(objId, (value) => {
        clearTimeout(timer);
        resolve(value as ImageLike);
      });
    } catch {
      clearTimeout(timer);
      resolve(undefined);
    }
  });
}
