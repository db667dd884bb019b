import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';
import { loadFonts, type FontkitFont } from './fonts.ts';
import { BOLD, REGULAR } from './style.ts';

/**
 * A pdfkit document set up the way every PDF of ours is: A4 without margins (layouts place every
 * line), pages buffered (folios are drawn last), the two fonts registered in a fixed order, and a
 * trailer /ID that is a digest of `identity` rather than of the info dictionary, so the same content
 * always gives the same bytes and two contents never share an id. `finish()` ends it and gives the bytes.
 */
export async function openPdf(
  options: { landscape?: boolean; info: PDFKit.DocumentInfo },
  identity: (hash: ReturnType<typeof createHash>) => void,
): Promise<{ pdf: PDFKit.PDFDocument; bold: FontkitFont; finish(): Promise<Buffer> }> {
  const { regular, bold } = await loadFonts();
  const pdf = new PDFDocument({
    size: 'A4',
    layout: options.landscape ? 'landscape' : 'portrait',
    margin: 0,
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: options.info,
  });
  const internals = pdf as unknown as { _id?: unknown };
  if (!(internals._id instanceof Uint8Array)) throw new Error('pdfkit no longer exposes _id; update openPdf');
  const hash = createHash('sha256');
  identity(hash);
  internals._id = hash.digest().subarray(0, 16);

  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    pdf.on('end', resolve);
    pdf.on('error', reject);
  });
  // @types/pdfkit does not know yet that parsed fontkit fonts are accepted.
  pdf.registerFont(REGULAR, regular as unknown as Buffer);
  pdf.registerFont(BOLD, bold as unknown as Buffer);
  // Font ids (F1, F2) follow first use; with cached widths that order would vary between renders.
  pdf.font(REGULAR).font(BOLD);
  return {
    pdf,
    bold,
    async finish() {
      pdf.end();
      await ended;
      return Buffer.concat(chunks);
    },
  };
}
