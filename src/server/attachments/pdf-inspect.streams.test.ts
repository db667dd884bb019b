import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deflateSync } from 'node:zlib';
import { PDFContext, PDFRawStream, decodePDFRawStream } from 'pdf-lib';
import { rawPdf, streamBody } from '../../../scripts/make-pdf-fixtures.ts';
import { inspectPdfBytes } from './pdf-inspect.core.ts';
import { rc4 } from './pdf-inspect.crypt.ts';
import { MAX_STAGES, decodedLength, decoderFor, measureStreams, stagesOf } from './pdf-inspect.streams.ts';
import type { Stage, StageKind, StreamSource } from './pdf-inspect.streams.ts';

const MiB = 1024 * 1024;

// ---------------------------------------------------------------- encoders (test side only)

const hexEncode = (data: Uint8Array) => Buffer.from(`${Buffer.from(data).toString('hex').replace(/(.{64})/g, '$1\n')}>`, 'latin1');

function ascii85Encode(data: Uint8Array): Buffer {
  let out = '';
  for (let i = 0; i < data.length; i += 4) {
    const group = [0, 1, 2, 3].map((k) => data[i + k] ?? 0);
    const n = data.length - i < 4 ? data.length - i : 4;
    let value = ((group[0]! * 256 + group[1]!) * 256 + group[2]!) * 256 + group[3]!;
    if (value === 0 && n === 4) {
      out += 'z';
      continue;
    }
    const chars: string[] = [];
    for (let k = 0; k < 5; k++) {
      chars.unshift(String.fromCharCode((value % 85) + 33));
      value = Math.floor(value / 85);
    }
    out += chars.slice(0, n + 1).join('');
  }
  return Buffer.from(`${out}~>`, 'latin1');
}

function runLengthEncode(data: Uint8Array): Buffer {
  const out: number[] = [];
  for (let i = 0; i < data.length; ) {
    let run = 1;
    while (i + run < data.length && data[i + run] === data[i] && run < 128) run++;
    if (run > 1) {
      out.push(257 - run, data[i]!);
      i += run;
      continue;
    }
    let lit = 1;
    while (i + lit < data.length && lit < 128 && data[i + lit] !== data[i + lit - 1]) lit++;
    out.push(lit - 1, ...data.subarray(i, i + lit));
    i += lit;
  }
  out.push(128);
  return Buffer.from(out);
}

/** LZW as PDF writes it (MSB first, 9–12 bit codes, clear when the table is full). */
function lzwEncode(data: Uint8Array, earlyChange = 1): Buffer {
  const bits = new BitWriter();
  let dict = new Map<string, number>();
  let next = 258;
  let width = 9;
  const reset = () => {
    dict = new Map();
    for (let i = 0; i < 256; i++) dict.set(String.fromCharCode(i), i);
    next = 258;
    width = 9;
  };
  reset();
  bits.write(256, width);
  let w = '';
  for (const byte of data) {
    const c = String.fromCharCode(byte);
    if (dict.has(w + c)) {
      w += c;
      continue;
    }
    bits.write(dict.get(w)!, width);
    dict.set(w + c, next++);
    if (next + earlyChange > 1 << width) width++;
    if (next >= 4094) {
      bits.write(256, width);
      reset();
    }
    w = c;
  }
  if (w) bits.write(dict.get(w)!, width);
  bits.write(257, width);
  return bits.done();
}

class BitWriter {
  private bytes: number[] = [];
  private acc = 0;
  private n = 0;
  write(code: number, width: number): void {
    this.acc = (this.acc << width) | code;
    this.n += width;
    while (this.n >= 8) {
      this.n -= 8;
      this.bytes.push((this.acc >>> this.n) & 0xff);
    }
    this.acc &= (1 << this.n) - 1;
  }
  done(): Buffer {
    if (this.n > 0) this.bytes.push((this.acc << (8 - this.n)) & 0xff);
    return Buffer.from(this.bytes);
  }
}

/** An LZW bomb: zeros, each code one longer than the last, then the longest code repeated. */
function lzwZeroBomb(repeats: number): Buffer {
  const bits = new BitWriter();
  let width = 9;
  bits.write(0, width);
  for (let code = 258; code < 4096; code++) {
    bits.write(code, width);
    if (code + 1 + 1 >= 1 << width && width < 12) width++;
  }
  for (let i = 0; i < repeats; i++) bits.write(4095, 12);
  bits.write(257, 12);
  return bits.done();
}

// ---------------------------------------------------------------- helpers

const sample = Buffer.from(Array.from({ length: 5000 }, (_, i) => `BT /F1 12 Tf ${i % 97} ${i % 13} Td (第${i}行 zizhi) Tj ET\n`).join(''), 'utf8');

function decodeJs(kind: StageKind, encoded: Uint8Array, piece: number, earlyChange?: number): Buffer {
  const out: Uint8Array[] = [];
  const stage: Stage = earlyChange === undefined ? { kind } : { kind, earlyChange };
  const decoder = decoderFor(stage, (b) => out.push(b));
  for (let at = 0; at < encoded.length && !decoder.done; at += piece) decoder.push(encoded.subarray(at, at + piece));
  decoder.end();
  return Buffer.concat(out);
}

/** pdf-lib's own decoders, as an independent reference. */
function decodeWithPdfLib(filter: string, encoded: Uint8Array, earlyChange?: number): Buffer {
  const ctx = PDFContext.create();
  const dict = ctx.obj(earlyChange === undefined ? { Filter: filter } : { Filter: filter, DecodeParms: { EarlyChange: earlyChange } });
  return Buffer.from(decodePDFRawStream(PDFRawStream.of(dict, encoded)).decode());
}

const source = (encoded: Uint8Array, stages: Stage[], extra: Partial<StreamSource> = {}): StreamSource => ({
  at: '9 0 R',
  length: encoded.length,
  stages,
  chunks: function* () {
    for (let at = 0; at < encoded.length; at += 64 * 1024) yield encoded.subarray(at, at + 64 * 1024);
  },
  ...extra,
});

// ---------------------------------------------------------------- tests

describe('the general-purpose decoders', () => {
  const cases: [StageKind, string, (d: Uint8Array) => Buffer][] = [
    ['hex', 'ASCIIHexDecode', hexEncode],
    ['a85', 'ASCII85Decode', ascii85Encode],
    ['rl', 'RunLengthDecode', runLengthEncode],
    ['lzw', 'LZWDecode', (d) => lzwEncode(d)],
  ];
  const inputs = { text: sample, zeros: Buffer.alloc(70_000), odd: Buffer.from([1, 2, 3, 0, 0, 0, 0, 5]), empty: Buffer.alloc(0) };
  for (const [kind, filter, encode] of cases) {
    test(`${kind}: round trip in pieces of any size, and agrees with pdf-lib`, () => {
      for (const [name, data] of Object.entries(inputs)) {
        const encoded = encode(data);
        for (const piece of [1, 7, 512, encoded.length + 1]) assert.ok(decodeJs(kind, encoded, piece).equals(data), `${kind} ${name} in pieces of ${piece}`);
        if (data.length > 0) assert.ok(decodeWithPdfLib(filter, encoded).equals(data), `${kind} ${name}: pdf-lib agrees`);
      }
    });
  }

  test('LZW with /EarlyChange 0', () => {
    const encoded = lzwEncode(sample, 0);
    assert.ok(decodeJs('lzw', encoded, 100, 0).equals(sample));
    assert.ok(decodeWithPdfLib('LZWDecode', encoded, 0).equals(sample));
  });

  test('damaged input ends the output instead of throwing', () => {
    assert.deepEqual([...decodeJs('lzw', Buffer.from([0xff, 0xff, 0xff, 0xff]), 2)], [], 'an undefined first code');
    const damaged = Buffer.concat([ascii85Encode(Buffer.from('Hello world!')).subarray(0, -2), Buffer.from('\x01garbage')]);
    assert.equal(decodeJs('a85', damaged, 3).toString('latin1'), 'Hello world!', 'a byte outside the alphabet ends the data');
  });
});

describe('decoded length and the budget', () => {
  test('filter chains as written in /Filter, up to the first image codec', () => {
    assert.deepEqual(stagesOf([{ name: 'Crypt' }, { name: 'A85' }, { name: 'FlateDecode' }, { name: 'DCTDecode' }, { name: 'FlateDecode' }]), [{ kind: 'a85' }, { kind: 'flate' }]);
    assert.deepEqual(stagesOf([{ name: 'LZWDecode', earlyChange: 0 }]), [{ kind: 'lzw', earlyChange: 0 }]);
    assert.deepEqual(stagesOf([{ name: 'JBIG2Decode' }]), []);
  });

  test('every stage counts; the in-memory and streaming paths agree', async () => {
    const flate = deflateSync(sample);
    const chained = ascii85Encode(flate);
    assert.equal(await decodedLength(source(flate, [{ kind: 'flate' }]), Infinity), sample.length);
    assert.equal(await decodedLength(source(chained, [{ kind: 'a85' }, { kind: 'flate' }]), Infinity), flate.length + sample.length);
    // Over 256 KB encoded: decoded by the streaming path.
    const big = Buffer.concat(Array.from({ length: 40 }, () => sample));
    const bigFlate = deflateSync(big, { level: 0 });
    assert.ok(bigFlate.length > 256 * 1024);
    assert.equal(await decodedLength(source(bigFlate, [{ kind: 'flate' }]), Infinity), big.length);
    assert.equal(await decodedLength(source(hexEncode(bigFlate), [{ kind: 'hex' }, { kind: 'flate' }]), Infinity), bigFlate.length + big.length);
    assert.equal(await decodedLength(source(Buffer.alloc(1000), []), Infinity), 1000, 'no filter: the stored bytes');
  });

  test('damaged Flate data counts what decodes before the damage', async () => {
    const good = deflateSync(Buffer.alloc(5 * MiB, 7));
    const broken = Buffer.concat([good.subarray(0, good.length - 40), Buffer.alloc(40, 0xff)]);
    const n = await decodedLength(source(broken, [{ kind: 'flate' }]), Infinity);
    assert.ok(n > 4 * MiB && n <= 5 * MiB, `${n} bytes`);
  });

  test('counting stops soon after the limit, and names the stream', async () => {
    const sources = Array.from({ length: 10 }, (_, i) => source(deflateSync(Buffer.alloc(MiB)), [{ kind: 'flate' }], { at: `${i + 1} 0 R` }));
    assert.deepEqual(await measureStreams(sources, 20 * MiB), { used: 10 * MiB, streams: 10 });
    const over = await measureStreams(sources, 5.5 * MiB);
    assert.equal(over.exceededAt, '6 0 R');
    assert.equal(over.streams, 6);
  });

  test(`more than ${MAX_STAGES} stages in one chain is over any budget`, async () => {
    const stages = Array.from({ length: MAX_STAGES + 1 }, (): Stage => ({ kind: 'flate' }));
    assert.equal(await decodedLength(source(Buffer.alloc(10), stages), Infinity), Infinity);
  });

  test('an encrypted stream is counted after decryption', async () => {
    const key = Buffer.from('0123456789abcdef');
    const plain = deflateSync(Buffer.alloc(3 * MiB));
    const cipher = rc4(key).update(plain);
    assert.ok((await decodedLength(source(cipher, [{ kind: 'flate' }]), Infinity)) < MiB, 'ciphertext does not inflate');
    assert.equal(await decodedLength(source(cipher, [{ kind: 'flate' }], { decrypter: () => rc4(key) }), Infinity), 3 * MiB);
  });
});

describe('bombs that pdf-lib never decodes are refused (issue 14, point 4)', () => {
  const page = (resources: string, contents = '') => `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] ${resources} ${contents} >>`;

  test('an LZW bomb in a page image', async () => {
    const bomb = lzwZeroBomb(100_000); // ~150 KB → 384 MB
    const pdf = rawPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      page('/Resources << /XObject << /Im0 4 0 R >> >>'),
      streamBody('/Type /XObject /Subtype /Image /Width 10000 /Height 38400 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /LZWDecode', bomb),
    ]);
    const verdict = await inspectPdfBytes(pdf);
    assert.ok(!verdict.ok && verdict.code === 'ATTACHMENT_INFLATED_TOO_LARGE', JSON.stringify(verdict));
    assert.match(verdict.details?.[0] ?? '', /在 4 0 R 处超出/);
  });

  test('one budget for the whole file: many small streams add up', async () => {
    // Each 4 MiB stream alone is harmless; 70 of them pass the 256 MiB floor together.
    const fourMiB = deflateSync(Buffer.alloc(4 * MiB));
    const make = (count: number) => {
      const names = Array.from({ length: count }, (_, i) => `/F${i} ${i + 4} 0 R`).join(' ');
      return rawPdf([
        '<< /Type /Catalog /Pages 2 0 R >>',
        '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        page(`/Resources << /XObject << ${names} >> >>`),
        ...Array.from({ length: count }, () => streamBody('/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Filter /FlateDecode', fourMiB)),
      ]);
    };
    assert.deepEqual(await inspectPdfBytes(make(60)), { ok: true, pages: 1 });
    const verdict = await inspectPdfBytes(make(70));
    assert.ok(!verdict.ok && verdict.code === 'ATTACHMENT_INFLATED_TOO_LARGE', JSON.stringify(verdict));
  });

  test('streams nobody references count too (they are in the file)', async () => {
    const pdf = rawPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      page(''),
      streamBody('/Filter [/FlateDecode /FlateDecode]', deflateSync(deflateSync(Buffer.alloc(300 * MiB)))),
    ]);
    const verdict = await inspectPdfBytes(pdf);
    assert.ok(!verdict.ok && verdict.code === 'ATTACHMENT_INFLATED_TOO_LARGE', JSON.stringify(verdict));
  });

  test('a stream with a wrong /Length is counted over the bytes the parser took', async () => {
    const data = deflateSync(Buffer.alloc(300 * MiB));
    const body = Buffer.concat([Buffer.from(`<< /Filter /FlateDecode /Length ${data.length - 999} >>\nstream\n`), data, Buffer.from('\nendstream')]);
    const pdf = rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', page('', '/Contents 4 0 R'), body]);
    const verdict = await inspectPdfBytes(pdf);
    assert.ok(!verdict.ok && verdict.code === 'ATTACHMENT_INFLATED_TOO_LARGE', JSON.stringify(verdict));
  });
});

