import { crc32, deflateSync } from 'node:zlib';

/**
 * An 8-bit grey PNG the size of an A4 scan at `dpi`: white, and with `ink` bands of dark "text"
 * across the middle (shifted by `shift` rows, so each page of a dossier differs). For the
 * 提交前自查's tests and bench.
 */
export function scanPng(dpi: number, { ink = true, shift = 0 }: { ink?: boolean; shift?: number } = {}): Uint8Array {
  const width = Math.round((595.28 / 72) * dpi);
  const height = Math.round((841.89 / 72) * dpi);
  const raw = Buffer.alloc((width + 1) * height, 255);
  for (let y = 0; y < height; y++) {
    const row = y * (width + 1);
    raw[row] = 0;
    if (ink && (y + shift) % 24 < 6 && y > height * 0.1 && y < height * 0.9) raw.fill(30, row + 1 + Math.floor(width * 0.1), row + 1 + Math.floor(width * 0.9));
  }
  return encodeGreyPng(width, height, raw);
}

/**
 * An 8-bit grey PNG from its raw scanlines (each row a filter byte 0 and `width` pixels);
 * `level`: deflate's, lower for noise that will not compress anyway.
 */
export function encodeGreyPng(width: number, height: number, raw: Buffer, level = 6): Uint8Array {
  const chunk = (type: string, body: Buffer) => {
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), body]);
    const head = Buffer.alloc(4);
    head.writeUInt32BE(body.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([head, typed, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level })), chunk('IEND', Buffer.alloc(0))]);
}
