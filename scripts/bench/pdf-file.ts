import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

/**
 * Writes a valid one-page PDF of about `bytes` bytes to `path`, streamed: the page draws one
 * uncompressed 8-bit grey image (a 600-dpi scan is that kind of file), so nearly all of the size is
 * one stream object the upload inspector parses but never inflates. Returns the exact size.
 */
export async function writeScanPdf(path: string, bytes: number): Promise<number> {
  const width = 5000;
  const height = Math.max(1, Math.floor((bytes - 1200) / width));
  const imageBytes = width * height;
  const out = createWriteStream(path);
  const offsets: number[] = [];
  let size = 0;
  const write = async (chunk: string | Buffer) => {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    size += buf.length;
    if (!out.write(buf)) await once(out, 'drain');
  };
  const object = async (body: string) => {
    offsets.push(size);
    await write(`${offsets.length} 0 obj\n${body}\nendobj\n`);
  };
  await write('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
  await object('<< /Type /Catalog /Pages 2 0 R >>');
  await object('<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  await object('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>');
  const content = 'q 595 0 0 842 0 0 cm /Im1 Do Q';
  await object(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  offsets.push(size);
  await write(`5 0 obj\n<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Length ${imageBytes} >>\nstream\n`);
  // Paper-like grey noise, 1 MiB at a time.
  const chunk = Buffer.alloc(1 << 20);
  let seed = 12345;
  for (let i = 0; i < chunk.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    chunk[i] = 200 + (seed >>> 27);
  }
  for (let left = imageBytes; left > 0; left -= chunk.length) await write(left >= chunk.length ? chunk : chunk.subarray(0, left));
  await write('\nendstream\nendobj\n');
  const xref = size;
  await write(`xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`);
  await write(`trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  out.end();
  await once(out, 'finish');
  return size;
}
