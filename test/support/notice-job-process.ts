// A second app instance for the concurrency test: the real app on DATABASE_URL with its clock at
// CLOCK_AT; at START_AT (epoch ms) it runs the 公示 period job once and prints what it closed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/server/app.ts';
import { createManualClock } from '../../src/server/clock.ts';
import { loadConfig } from '../../src/server/config.ts';
import { openDatabase } from '../../src/server/db/database.ts';

const database = await openDatabase({ kind: 'postgres', url: process.env.DATABASE_URL!, poolMax: 4 });
const blobDir = mkdtempSync(path.join(tmpdir(), 'zizhi-job-'));
const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'http://zizhi.test', BLOB_DIR: blobDir, DATABASE_URL: process.env.DATABASE_URL });
const app = await createApp({ config, database, clock: createManualClock(new Date(process.env.CLOCK_AT!)), webRoot: '/nonexistent', backgroundJobs: false });
await app.ready();
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(process.env.START_AT) - Date.now())));
const result = await app.jobs.closeNoticePeriods();
process.stdout.write(JSON.stringify(result));
await app.close();
await database.close();
rmSync(blobDir, { recursive: true, force: true });
