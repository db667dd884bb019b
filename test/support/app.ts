import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createApp, type AppDeps } from '../../src/server/app.ts';
import { createManualClock } from '../../src/server/clock.ts';
import { loadConfig, type Config } from '../../src/server/config.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

export const TEST_PUBLIC_URL = 'http://zizhi.test';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  clock: ReturnType<typeof createManualClock>;
  config: Config;
  close(): Promise<void>;
}

/**
 * The real app (bundled IdP included) on a fresh database, driven with inject. `deps`: parts to
 * use instead of the configured ones (a PDF inspector with other limits, a web root).
 */
export async function buildTestApp(env: Record<string, string> = {}, deps: Partial<Pick<AppDeps, 'inspector' | 'webRoot' | 'blobs'>> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const clock = createManualClock(new Date('2026-11-27T02:00:00Z'));
  const blobDir = mkdtempSync(path.join(tmpdir(), 'zizhi-blobs-'));
  const config = loadConfig({ PUBLIC_URL: TEST_PUBLIC_URL, NODE_ENV: 'test', BLOB_DIR: blobDir, ...env });
  const app = await createApp({ config, database, clock, webRoot: '/nonexistent', ...deps });
  await app.ready();
  return {
    app,
    database,
    clock,
    config,
    close: async () => {
      await app.close();
      await database.dispose();
      rmSync(blobDir, { recursive: true, force: true });
    },
  };
}

/** Run `fn` against a fresh app, closed afterwards whatever happens. */
export async function withTestApp(fn: (t: TestApp) => Promise<void>, env: Record<string, string> = {}): Promise<void> {
  const t = await buildTestApp(env);
  try {
    await fn(t);
  } finally {
    await t.close();
  }
}
