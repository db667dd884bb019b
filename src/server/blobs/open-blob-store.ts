import type { BlobStore } from './blob-store.ts';
import { createLocalBlobStore } from './local-blob-store.ts';
import type { S3BlobStoreOptions } from './s3-blob-store.ts';

export type BlobStoreConfig = { kind: 'local'; dir: string } | ({ kind: 's3' } & S3BlobStoreOptions);

/** The store the configuration names; the AWS SDK is loaded only when S3 is configured. */
export async function openBlobStore(config: BlobStoreConfig): Promise<BlobStore> {
  if (config.kind === 'local') return createLocalBlobStore(config.dir);
  const { kind: _kind, ...options } = config;
  const { createS3BlobStore } = await import('./s3-blob-store.ts');
  return createS3BlobStore(options);
}
