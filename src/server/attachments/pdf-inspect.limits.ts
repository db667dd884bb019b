// Resource limits of the PDF inspection, shared by the main thread and the worker (no parser here).

/** Cap on bytes pdf-lib decodes into memory while parsing one file (object and xref streams). */
export const DEFAULT_MAX_STRUCTURE_BYTES = 32 * 1024 * 1024;

/**
 * Inflate budget: all streams of one file, decoded, may come to at most
 * max(DEFAULT_INFLATE_MIN_BYTES, DEFAULT_INFLATE_RATIO × the file's size). The ratio bounds how far
 * a file can expand (a deflate bomb reaches ~1000×; the real documents measured reach ~12×,
 * docs/security.md); the floor keeps small files with large blank images well clear of it.
 */
export const DEFAULT_INFLATE_RATIO = 32;
export const DEFAULT_INFLATE_MIN_BYTES = 256 * 1024 * 1024;

export interface InflateBudgetOptions {
  inflateRatio?: number;
  inflateMinBytes?: number;
}

/** Bytes every stream of a file of `size` bytes may decode to, together. */
export function inflateBudgetFor(size: number, opts: InflateBudgetOptions = {}): number {
  return Math.max(opts.inflateMinBytes ?? DEFAULT_INFLATE_MIN_BYTES, (opts.inflateRatio ?? DEFAULT_INFLATE_RATIO) * size);
}
