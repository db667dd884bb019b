import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { BlobNotFoundError, assertBlobKey, isValidBlobKey } from './blob-store.ts';
import type { BlobStore, StagedBlob } from './blob-store.ts';
import { assertRange } from './local-blob-store.ts';
import { ensureDirOnce, stageToFile, sweepStaleParts, toStagedBlob } from './staging.ts';

export interface S3BlobStoreOptions {
  /** e.g. http://127.0.0.1:9000 for MinIO; omit for AWS itself. */
  endpoint?: string;
  region: string;
  bucket: string;
  /** Omit both to use the SDK's default credential chain (env, instance role …). */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Most S3-compatible servers (MinIO, Ceph, s3rver) need path-style URLs. */
  forcePathStyle?: boolean;
  /** Prepended to every key, e.g. `attachments/`. */
  prefix?: string;
  /**
   * Local folder for quarantine: the PDF is inspected on local disk before it is uploaded.
   * Default `<os tmpdir>/zizhi-staging`; point it at the data volume in production.
   */
  stagingDir?: string;
  /** Multipart part size (min 5 MiB); memory per commit is about partSize × queueSize. */
  partSizeBytes?: number;
  queueSize?: number;
}

export interface S3BlobStore extends BlobStore {
  readonly stagingDir: string;
}

/**
 * Blobs as objects in an S3-compatible bucket. `stage` still spools to a local temporary file
 * (quarantine, then promote: QUALITY.md §2.2); `commit` streams that file up with lib-storage's
 * Upload (multipart above one part, never the whole file in memory) and then removes it.
 * The bucket must exist.
 */
export function createS3BlobStore(options: S3BlobStoreOptions): S3BlobStore {
  const { bucket, prefix = '' } = options;
  const stagingDir = path.resolve(options.stagingDir ?? path.join(os.tmpdir(), 'zizhi-staging'));
  const ensureStaging = ensureDirOnce(stagingDir);
  const partSize = options.partSizeBytes ?? 8 * 1024 * 1024;
  const queueSize = options.queueSize ?? 2;

  const client = new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle ?? false,
    credentials:
      options.accessKeyId !== undefined && options.secretAccessKey !== undefined
        ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey }
        : undefined,
    // The SDK's default CRC32 trailers (aws-chunked bodies) are not understood by every
    // S3-compatible server; send checksums only where an operation requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

  const objectKey = (key: string): string => {
    assertBlobKey(key);
    return `${prefix}${key}`;
  };

  async function promote(stagedPath: string, key: string, sha256: string): Promise<void> {
    const upload = new Upload({
      client,
      params: {
        Bucket: bucket,
        Key: objectKey(key),
        Body: createReadStream(stagedPath),
        ContentType: 'application/octet-stream',
        Metadata: { sha256 }, // lets a restore drill re-verify content without the database
      },
      partSize,
      queueSize,
      leavePartsOnError: false, // a failed multipart upload is aborted, not left billing
    });
    await upload.done();
    await rm(stagedPath, { force: true });
  }

  async function getObject(key: string, range?: string): Promise<Readable> {
    try {
      const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey(key), Range: range }));
      if (!(out.Body instanceof Readable)) throw new Error('S3 GetObject returned no Node.js stream body');
      return out.Body;
    } catch (error) {
      if (isNotFound(error)) throw new BlobNotFoundError(key);
      throw error;
    }
  }

  return {
    stagingDir,
    async stage(source, { maxBytes }): Promise<StagedBlob> {
      try {
        await ensureStaging();
      } catch (error) {
        source.destroy();
        throw error;
      }
      const file = await stageToFile(source, stagingDir, maxBytes);
      return toStagedBlob(file, (stagedPath, key) => promote(stagedPath, key, file.sha256));
    },
    get: (key) => getObject(key),
    async readRange(key, start, end) {
      assertRange(start, end);
      return getObject(key, `bytes=${start}-${end}`);
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
    },
    async exists(key) {
      try {
        await client.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
    },
    sweepStale: (olderThanMs) => sweepStaleParts(stagingDir, olderThanMs),
    async *listCommitted(olderThanMs) {
      const cutoff = Date.now() - olderThanMs;
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken: token }));
        for (const object of page.Contents ?? []) {
          const key = object.Key?.slice(prefix.length);
          if (key && isValidBlobKey(key) && object.LastModified && object.LastModified.getTime() <= cutoff) yield key;
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
    async close() {
      client.destroy();
    },
  };
}

function isNotFound(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}
