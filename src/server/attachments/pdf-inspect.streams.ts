// The decompressed size of every stream of a PDF, against one budget per file (decompression
// bombs, ASVS V5.2.3). Streams are decoded as a viewer would before rendering — decryption, then
// the general filters (Flate, LZW, ASCIIHex, ASCII85, RunLength) — and only counted: the output is
// thrown away chunk by chunk, so memory stays flat whatever a stream inflates to. Image codecs
// (DCT, JPX, JBIG2, CCITT) end the chain: what reaches them is counted, their pixels are not.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants as zlibConstants, createInflate, inflateSync } from 'node:zlib';
import type { StreamDecrypter } from './pdf-inspect.crypt.ts';

export type StageKind = 'flate' | 'lzw' | 'hex' | 'a85' | 'rl';

export interface Stage {
  kind: StageKind;
  /** LZW /EarlyChange (default 1). */
  earlyChange?: number;
}

const STAGES: Record<string, StageKind> = {
  FlateDecode: 'flate',
  Fl: 'flate',
  LZWDecode: 'lzw',
  LZW: 'lzw',
  ASCIIHexDecode: 'hex',
  AHx: 'hex',
  ASCII85Decode: 'a85',
  A85: 'a85',
  RunLengthDecode: 'rl',
  RL: 'rl',
};

/** The general-purpose stages of a filter chain, up to the first image codec or unknown filter. */
export function stagesOf(filters: readonly { name: string; earlyChange?: number }[]): Stage[] {
  const stages: Stage[] = [];
  for (const [i, f] of filters.entries()) {
    if (i === 0 && f.name === 'Crypt') continue; // decryption, handled before the chain
    const kind = STAGES[f.name];
    if (!kind) break;
    stages.push(f.earlyChange === undefined ? { kind } : { kind, earlyChange: f.earlyChange });
  }
  return stages;
}

export interface StreamSource {
  /** Where, for details: `12 0 R`. */
  at: string;
  /** Encoded bytes in the file. */
  length: number;
  stages: Stage[];
  /** The encoded bytes, in pieces. */
  chunks(): Iterable<Uint8Array>;
  decrypter?: () => StreamDecrypter;
}

export interface BudgetResult {
  /** Decoded bytes counted (stops soon after the limit). */
  used: number;
  streams: number;
  /** The stream during which the limit was passed. */
  exceededAt?: string;
}

/** Streams encoded in at most this many bytes are decoded in memory, under FAST_OUTPUT. */
const FAST_INPUT = 256 * 1024;
/** Output cap of the in-memory path; a stream that decodes to more is streamed instead. */
const FAST_OUTPUT = 4 * 1024 * 1024;
/** General-purpose filters one stream may chain. */
export const MAX_STAGES = 8;
/** Input slice for the JavaScript decoders: bounds what one slice can expand to (LZW ≤ ~2700×). */
const SLICE = 512;

/** Decode every source in turn, counting against `limit`; stops at the first stream that passes it. */
export async function measureStreams(sources: Iterable<StreamSource>, limit: number): Promise<BudgetResult> {
  let used = 0;
  let streams = 0;
  for (const source of sources) {
    streams += 1;
    used += await decodedLength(source, limit - used);
    if (used > limit) return { used, streams, exceededAt: source.at };
  }
  return { used, streams };
}

/** Bytes decoded from one stream, every stage's output counted; once past `remaining`, counting stops. */
export async function decodedLength(source: StreamSource, remaining: number): Promise<number> {
  if (source.stages.length === 0) return source.length;
  // Each Flate layer can multiply by ~1000; real files use one or two. A long chain is a bomb.
  if (source.stages.length > MAX_STAGES) return Infinity;
  if (source.length <= FAST_INPUT) {
    const n = decodeInMemory(source);
    if (n !== undefined) return n;
  }
  return decodeStreaming(source, remaining);
}

class CapReached extends Error {}

/** Small streams: whole-buffer decoding, each stage capped at FAST_OUTPUT. Undefined: use the streaming path. */
function decodeInMemory(source: StreamSource): number | undefined {
  const parts: Uint8Array[] = [];
  const decrypter = source.decrypter?.();
  for (const chunk of source.chunks()) parts.push(decrypter ? decrypter.update(chunk) : chunk);
  if (decrypter) parts.push(decrypter.final());
  let data: Uint8Array = Buffer.concat(parts);
  let counted = 0;
  try {
    for (const stage of source.stages) {
      if (stage.kind === 'flate') {
        data = inflateSync(data, { maxOutputLength: FAST_OUTPUT, finishFlush: zlibConstants.Z_SYNC_FLUSH });
        counted += data.length;
        continue;
      }
      const out: Uint8Array[] = [];
      let total = 0;
      const decoder = decoderFor(stage, (b) => {
        total += b.length;
        if (total > FAST_OUTPUT) throw new CapReached();
        out.push(b);
      });
      for (let at = 0; at < data.length && !decoder.done; at += SLICE) decoder.push(data.subarray(at, at + SLICE));
      decoder.end();
      data = Buffer.concat(out);
      counted += data.length;
    }
  } catch {
    // Over the cap, or damaged data: the streaming path counts what decodes before the damage.
    return undefined;
  }
  return counted;
}

const OVER = new Error('inflate budget exceeded');

/** Large streams: a pipeline of decoders whose output is counted and dropped. */
async function decodeStreaming(source: StreamSource, remaining: number): Promise<number> {
  function* input(): Generator<Uint8Array> {
    const decrypter = source.decrypter?.();
    for (const chunk of source.chunks()) {
      const out = decrypter ? decrypter.update(chunk) : chunk;
      if (out.length > 0) yield Buffer.from(out.buffer, out.byteOffset, out.byteLength);
    }
    const rest = decrypter?.final();
    if (rest && rest.length > 0) yield Buffer.from(rest.buffer, rest.byteOffset, rest.byteLength);
  }
  let n = 0;
  // Every stage's output counts, so a chain cannot hide work in a middle stage whose output the next one drops.
  async function* tap(decoded: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const chunk of decoded) {
      n += chunk.length;
      if (n > remaining) throw OVER;
      yield chunk;
    }
  }
  const stages = source.stages.flatMap((stage) => [stage.kind === 'flate' ? createInflate({ finishFlush: zlibConstants.Z_SYNC_FLUSH }) : jsStage(stage), tap]);
  const drain = async (decoded: AsyncIterable<Uint8Array>) => {
    for await (const chunk of decoded) void chunk;
  };
  try {
    await (pipeline as (...streams: unknown[]) => Promise<void>)(Readable.from(input()), ...stages, drain);
  } catch {
    // OVER, or damaged data: what was decoded until then is what a viewer would get too.
  }
  return n;
}

function jsStage(stage: Stage) {
  return async function* (encoded: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    let out: Uint8Array[] = [];
    const decoder = decoderFor(stage, (b) => out.push(b));
    for await (const chunk of encoded) {
      for (let at = 0; at < chunk.length && !decoder.done; at += SLICE) {
        decoder.push(chunk.subarray(at, at + SLICE));
        yield* out;
        out = [];
      }
    }
    decoder.end();
    yield* out;
  };
}

// ---------------------------------------------------------------- decoders (PDF 32000 §7.4)

interface Decoder {
  readonly done: boolean;
  push(chunk: Uint8Array): void;
  end(): void;
}

export function decoderFor(stage: Stage, sink: (bytes: Uint8Array) => void): Decoder {
  const out = new Output(sink);
  switch (stage.kind) {
    case 'lzw':
      return new LzwDecoder(out, stage.earlyChange ?? 1);
    case 'hex':
      return new HexDecoder(out);
    case 'a85':
      return new Ascii85Decoder(out);
    case 'rl':
      return new RunLengthDecoder(out);
    case 'flate':
      throw new Error('Flate is decoded by node:zlib');
  }
}

/** Collects decoded bytes and hands them on in pieces of at most 64 KB. */
class Output {
  private buf = new Uint8Array(64 * 1024);
  private n = 0;
  constructor(private readonly sink: (bytes: Uint8Array) => void) {}
  byte(b: number): void {
    if (this.n === this.buf.length) this.flush();
    this.buf[this.n++] = b;
  }
  bytes(src: Uint8Array): void {
    for (let at = 0; at < src.length; ) {
      if (this.n === this.buf.length) this.flush();
      const take = Math.min(src.length - at, this.buf.length - this.n);
      this.buf.set(src.subarray(at, at + take), this.n);
      this.n += take;
      at += take;
    }
  }
  fill(b: number, count: number): void {
    for (let left = count; left > 0; ) {
      if (this.n === this.buf.length) this.flush();
      const take = Math.min(left, this.buf.length - this.n);
      this.buf.fill(b, this.n, this.n + take);
      this.n += take;
      left -= take;
    }
  }
  flush(): void {
    if (this.n === 0) return;
    this.sink(this.buf.slice(0, this.n));
    this.n = 0;
  }
}

class LzwDecoder implements Decoder {
  done = false;
  private readonly prefix = new Int16Array(4096);
  private readonly suffix = new Uint8Array(4096);
  private readonly first = new Uint8Array(4096);
  private readonly length = new Uint16Array(4096);
  private readonly scratch = new Uint8Array(4096);
  private next = 258;
  private width = 9;
  private prev = -1;
  private bits = 0;
  private nbits = 0;

  constructor(
    private readonly out: Output,
    private readonly earlyChange: number,
  ) {
    for (let i = 0; i < 256; i++) {
      this.prefix[i] = -1;
      this.suffix[i] = i;
      this.first[i] = i;
      this.length[i] = 1;
    }
  }

  push(chunk: Uint8Array): void {
    for (let k = 0; k < chunk.length && !this.done; k++) {
      this.bits = ((this.bits << 8) | chunk[k]!) & 0xffffff;
      this.nbits += 8;
      while (this.nbits >= this.width && !this.done) {
        this.nbits -= this.width;
        this.code((this.bits >>> this.nbits) & ((1 << this.width) - 1));
      }
    }
  }

  end(): void {
    this.done = true;
    this.out.flush();
  }

  private code(code: number): void {
    if (code === 256) {
      this.next = 258;
      this.width = 9;
      this.prev = -1;
      return;
    }
    if (code === 257) {
      this.done = true;
      return;
    }
    const prev = this.prev;
    if (prev < 0) {
      if (code > 255) {
        this.done = true;
        return;
      }
      this.out.byte(code);
      this.prev = code;
      return;
    }
    let head: number;
    if (code < this.next) {
      this.emit(code);
      head = this.first[code]!;
    } else if (code === this.next) {
      this.emit(prev);
      head = this.first[prev]!;
      this.out.byte(head);
    } else {
      this.done = true; // damaged: a code not yet defined
      return;
    }
    if (this.next < 4096) {
      const n = this.next++;
      this.prefix[n] = prev;
      this.suffix[n] = head;
      this.first[n] = this.first[prev]!;
      this.length[n] = this.length[prev]! + 1;
    }
    if (this.next + this.earlyChange >= 1 << this.width && this.width < 12) this.width += 1;
    this.prev = code;
  }

  private emit(code: number): void {
    const len = this.length[code]!;
    for (let i = len - 1, c = code; i >= 0; i--, c = this.prefix[c]!) this.scratch[i] = this.suffix[c]!;
    this.out.bytes(this.scratch.subarray(0, len));
  }
}

const hexValue = (c: number) => (c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1);

class HexDecoder implements Decoder {
  done = false;
  private high = -1;
  constructor(private readonly out: Output) {}
  push(chunk: Uint8Array): void {
    for (let k = 0; k < chunk.length && !this.done; k++) {
      const c = chunk[k]!;
      if (c === 0x3e) {
        this.end();
        return;
      }
      const v = hexValue(c);
      if (v < 0) continue; // white space (and junk) is skipped
      if (this.high < 0) this.high = v;
      else {
        this.out.byte((this.high << 4) | v);
        this.high = -1;
      }
    }
  }
  end(): void {
    if (!this.done && this.high >= 0) this.out.byte(this.high << 4);
    this.done = true;
    this.out.flush();
  }
}

class Ascii85Decoder implements Decoder {
  done = false;
  private readonly group = new Array<number>(5).fill(0);
  private n = 0;
  constructor(private readonly out: Output) {}
  push(chunk: Uint8Array): void {
    for (let k = 0; k < chunk.length && !this.done; k++) {
      const c = chunk[k]!;
      if (c === 0x7e) {
        this.end();
        return;
      }
      if (c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0x00) continue;
      if (c === 0x7a && this.n === 0) {
        this.out.fill(0, 4);
        continue;
      }
      if (c < 0x21 || c > 0x75) {
        this.end();
        return;
      }
      this.group[this.n++] = c - 0x21;
      if (this.n === 5) this.flushGroup(4);
    }
  }
  private flushGroup(bytes: number): void {
    const g = this.group;
    const value = (((g[0]! * 85 + g[1]!) * 85 + g[2]!) * 85 + g[3]!) * 85 + g[4]!;
    for (let i = 0; i < bytes; i++) this.out.byte(Math.floor(value / 256 ** (3 - i)) & 0xff);
    this.n = 0;
  }
  end(): void {
    if (!this.done && this.n > 1) {
      const bytes = this.n - 1;
      for (let i = this.n; i < 5; i++) this.group[i] = 84;
      this.flushGroup(bytes);
    }
    this.done = true;
    this.out.flush();
  }
}

class RunLengthDecoder implements Decoder {
  done = false;
  /** Bytes still to copy literally, or -count for a run whose byte comes next; 0: a length byte comes next. */
  private state = 0;
  constructor(private readonly out: Output) {}
  push(chunk: Uint8Array): void {
    for (let k = 0; k < chunk.length && !this.done; k++) {
      const c = chunk[k]!;
      if (this.state === 0) {
        if (c === 128) {
          this.end();
          return;
        }
        this.state = c < 128 ? c + 1 : -(257 - c);
      } else if (this.state > 0) {
        this.out.byte(c);
        this.state -= 1;
      } else {
        this.out.fill(c, -this.state);
        this.state = 0;
      }
    }
  }
  end(): void {
    this.done = true;
    this.out.flush();
  }
}
