// The PDF standard security handler (ISO 32000-2 §7.6.4), opened with the EMPTY user password
// only: a file that opens without a password in every viewer (an "owner password" restricts
// printing or copying, nothing more) is decrypted for inspection; a file that needs a password to
// open is not. RC4 40/128 (R2–R4), AES-128 (R4, AESV2) and AES-256 (R5, R6, AESV3).
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { PDFArray, PDFBool, PDFDict, PDFHexString, PDFName, PDFNumber, PDFString } from 'pdf-lib';
import type { PDFObject, PDFRef } from 'pdf-lib';

/** Decrypts one stream's bytes in order, chunk by chunk. */
export interface StreamDecrypter {
  update(chunk: Uint8Array): Uint8Array;
  /** The rest; never throws (bad padding in a damaged stream yields nothing more). */
  final(): Uint8Array;
}

export interface Decryptor {
  /** Handler in words, for details: `RC4 128 位（R3）`. */
  readonly summary: string;
  /** A fresh decrypter for the stream of object `ref`, or undefined when the stream is stored in clear. */
  forStream(ref: PDFRef, dict: PDFDict): StreamDecrypter | undefined;
}

export type OpenResult = { ok: true; decryptor: Decryptor } | { ok: false; reason: string };

/** Algorithm 2's padding string. */
const PAD = Buffer.from('28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A', 'hex');
const SALT = Buffer.from('sAlT', 'latin1');

type Method = 'none' | 'rc4' | 'aes128' | 'aes256';

const name = (o: PDFObject | undefined) => (o instanceof PDFName ? o.decodeText() : undefined);
const num = (o: PDFObject | undefined) => (o instanceof PDFNumber ? o.asNumber() : undefined);
export const stringBytes = (o: PDFObject | undefined): Buffer | undefined =>
  o instanceof PDFString || o instanceof PDFHexString ? Buffer.from(o.asBytes()) : undefined;

/**
 * Open the standard security handler of `encrypt` with the empty user password. `id0` is the
 * first element of the trailer's /ID. Fails for other handlers (certificates), unknown
 * revisions and a non-empty user password.
 */
export function openWithEmptyPassword(encrypt: PDFDict, id0: Uint8Array | undefined): OpenResult {
  const filter = name(encrypt.lookup(PDFName.of('Filter')));
  if (filter !== 'Standard') return { ok: false, reason: `加密方式 /${filter ?? '?'} 需要证书或专用软件` };
  const v = num(encrypt.lookup(PDFName.of('V'))) ?? 0;
  const r = num(encrypt.lookup(PDFName.of('R')));
  const o = stringBytes(encrypt.lookup(PDFName.of('O')));
  const u = stringBytes(encrypt.lookup(PDFName.of('U')));
  const p = num(encrypt.lookup(PDFName.of('P')));
  if (r === undefined || !o || !u || p === undefined) return { ok: false, reason: '加密字典不完整' };
  const encryptMetadata = encrypt.lookup(PDFName.of('EncryptMetadata')) !== PDFBool.False;

  // Crypt filters (V4, V5): a name per filter, /StmF for streams. V1/V2 use RC4 for everything.
  const filters = new Map<string, Method>([['Identity', 'none']]);
  let stmF = 'Identity';
  let keyBytes: number;
  if (v === 1 || v === 2) {
    keyBytes = v === 1 ? 5 : (num(encrypt.lookup(PDFName.of('Length'))) ?? 40) / 8;
    filters.set('StdCF', 'rc4');
    stmF = 'StdCF';
  } else if (v === 4 || v === 5) {
    const cf = encrypt.lookup(PDFName.of('CF'));
    keyBytes = v === 5 ? 32 : 16;
    if (cf instanceof PDFDict) {
      for (const [key, value] of cf.entries()) {
        if (!(value instanceof PDFDict)) continue;
        const cfm = name(value.lookup(PDFName.of('CFM'))) ?? 'None';
        const method: Method | undefined = { None: 'none', V2: 'rc4', AESV2: 'aes128', AESV3: 'aes256' }[cfm] as Method | undefined;
        if (!method) return { ok: false, reason: `不支持的加密算法 /${cfm}` };
        filters.set(key.decodeText(), method);
        if (v === 4 && method === 'rc4') {
          let bits = num(value.lookup(PDFName.of('Length'))) ?? 128;
          if (bits < 40) bits *= 8; // some writers give bytes
          keyBytes = bits / 8;
        }
      }
    }
    stmF = name(encrypt.lookup(PDFName.of('StmF'))) ?? 'Identity';
  } else {
    return { ok: false, reason: `不支持的加密版本 V${v}` };
  }
  if (!Number.isInteger(keyBytes) || keyBytes < 5 || keyBytes > 32) return { ok: false, reason: '加密密钥长度无效' };

  let fileKey: Buffer | undefined;
  if (r <= 4) fileKey = legacyKey(r, keyBytes, o, p, id0 ?? new Uint8Array(0), encryptMetadata, u);
  else if (r === 5 || r === 6) fileKey = aes256Key(r, u, stringBytes(encrypt.lookup(PDFName.of('UE'))));
  else return { ok: false, reason: `不支持的加密修订版 R${r}` };
  if (!fileKey) return { ok: false, reason: '打开文件需要密码' };
  const key = fileKey;

  const method = filters.get(stmF) ?? 'none';
  const summary = `${{ none: '数据流不加密', rc4: `RC4 ${key.length * 8} 位`, aes128: 'AES 128 位', aes256: 'AES 256 位' }[method]}（R${r}）`;
  return {
    ok: true,
    decryptor: {
      summary,
      forStream(ref, dict) {
        const type = name(dict.lookup(PDFName.of('Type')));
        if (type === 'XRef') return undefined; // never encrypted (§7.6.3)
        if (type === 'Metadata' && !encryptMetadata) return undefined;
        let cf = stmF;
        const chain = dict.lookup(PDFName.of('Filter'));
        const first = chain instanceof PDFArray ? chain.lookup(0) : chain;
        if (name(first) === 'Crypt') {
          // A /Crypt filter names its own crypt filter in /DecodeParms (Identity when absent).
          const parms = dict.lookup(PDFName.of('DecodeParms'));
          const p0 = parms instanceof PDFArray ? parms.lookup(0) : parms;
          cf = (p0 instanceof PDFDict ? name(p0.lookup(PDFName.of('Name'))) : undefined) ?? 'Identity';
        }
        // An unknown crypt filter is read as Identity: counting the stream as stored errs on the safe side.
        const method = filters.get(cf) ?? 'none';
        if (method === 'none') return undefined;
        if (method === 'aes256') return aesDecrypter('aes-256-cbc', key);
        const objectKey = objectKeyOf(key, ref, method === 'aes128');
        return method === 'rc4' ? rc4(objectKey) : aesDecrypter('aes-128-cbc', objectKey);
      },
    },
  };
}

// ---------------------------------------------------------------- R2–R4 (RC4, AES-128)

/** Algorithm 2 with the empty password, checked against /U by algorithm 4 (R2) or 5 (R3, R4). */
function legacyKey(r: number, keyBytes: number, o: Buffer, p: number, id0: Uint8Array, encryptMetadata: boolean, u: Buffer): Buffer | undefined {
  const pBytes = Buffer.alloc(4);
  pBytes.writeInt32LE(p | 0);
  const md5 = createHash('md5').update(PAD).update(o.subarray(0, 32)).update(pBytes).update(id0);
  if (r >= 4 && !encryptMetadata) md5.update(Buffer.from([0xff, 0xff, 0xff, 0xff]));
  const n = r === 2 ? 5 : keyBytes;
  let key = md5.digest();
  if (r >= 3) for (let i = 0; i < 50; i++) key = createHash('md5').update(key.subarray(0, n)).digest();
  key = key.subarray(0, n);
  if (r === 2) return Buffer.from(rc4(key).update(PAD)).equals(u.subarray(0, 32)) ? key : undefined;
  let x: Uint8Array = createHash('md5').update(PAD).update(id0).digest();
  for (let i = 0; i < 20; i++) x = rc4(key.map((b) => b ^ i)).update(x);
  return Buffer.from(x).equals(u.subarray(0, 16)) ? key : undefined;
}

/** Algorithm 1: the key of one object. */
function objectKeyOf(key: Buffer, ref: PDFRef, aes: boolean): Buffer {
  const n = ref.objectNumber;
  const g = ref.generationNumber;
  const h = createHash('md5').update(key).update(Buffer.from([n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, g & 0xff, (g >> 8) & 0xff]));
  if (aes) h.update(SALT);
  return h.digest().subarray(0, Math.min(key.length + 5, 16));
}

// ---------------------------------------------------------------- R5, R6 (AES-256)

/** Algorithm 2.A with the empty password: check /U's validation salt, unwrap /UE with its key salt. */
function aes256Key(r: number, u: Buffer, ue: Buffer | undefined): Buffer | undefined {
  if (u.length < 48 || !ue || ue.length < 32) return undefined;
  const empty = Buffer.alloc(0);
  const hash = (salt: Buffer) => (r === 5 ? createHash('sha256').update(salt).digest() : hash2B(empty, salt));
  if (!hash(u.subarray(32, 40)).equals(u.subarray(0, 32))) return undefined;
  const decipher = createDecipheriv('aes-256-cbc', hash(u.subarray(40, 48)), Buffer.alloc(16)).setAutoPadding(false);
  return Buffer.concat([decipher.update(ue.subarray(0, 32)), decipher.final()]);
}

/** Algorithm 2.B (R6) for the user password: no /U data is mixed in. */
function hash2B(password: Buffer, salt: Buffer): Buffer {
  let k = createHash('sha256').update(password).update(salt).digest();
  for (let i = 0; ; i++) {
    const k1 = Buffer.concat(Array.from({ length: 64 }, () => Buffer.concat([password, k])));
    const cipher = createCipheriv('aes-128-cbc', k.subarray(0, 16), k.subarray(16, 32)).setAutoPadding(false);
    const e = Buffer.concat([cipher.update(k1), cipher.final()]);
    let mod = 0;
    for (let j = 0; j < 16; j++) mod += e[j]!;
    k = createHash(['sha256', 'sha384', 'sha512'][mod % 3]!).update(e).digest();
    if (i >= 63 && e[e.length - 1]! <= i + 1 - 32) break;
  }
  return k.subarray(0, 32);
}

// ---------------------------------------------------------------- ciphers

/** RC4 in JavaScript: OpenSSL 3 builds of Node leave it out. */
export function rc4(key: Uint8Array): StreamDecrypter {
  const s = new Uint8Array(256);
  for (let i = 0; i < 256; i++) s[i] = i;
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  let i = 0;
  let j = 0;
  return {
    update(chunk) {
      const out = new Uint8Array(chunk.length);
      for (let k = 0; k < chunk.length; k++) {
        i = (i + 1) & 0xff;
        const si = s[i]!;
        j = (j + si) & 0xff;
        const sj = s[j]!;
        s[i] = sj;
        s[j] = si;
        out[k] = chunk[k]! ^ s[(si + sj) & 0xff]!;
      }
      return out;
    },
    final: () => new Uint8Array(0),
  };
}

/** AES-CBC whose first 16 bytes are the IV (§7.6.3.2). */
function aesDecrypter(algorithm: 'aes-128-cbc' | 'aes-256-cbc', key: Buffer): StreamDecrypter {
  let iv = Buffer.alloc(0);
  let decipher: ReturnType<typeof createDecipheriv> | undefined;
  let failed = false;
  return {
    update(chunk) {
      if (failed) return new Uint8Array(0);
      let data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      if (!decipher) {
        iv = Buffer.concat([iv, data]);
        if (iv.length < 16) return new Uint8Array(0);
        decipher = createDecipheriv(algorithm, key, iv.subarray(0, 16));
        data = iv.subarray(16);
      }
      return decipher.update(data);
    },
    final() {
      if (!decipher || failed) return new Uint8Array(0);
      try {
        return decipher.final();
      } catch {
        failed = true;
        return new Uint8Array(0);
      }
    },
  };
}
