/**
 * The server side of `npm run bench`, one child process per measurement so that the load
 * generator (the parent) never shares an event loop with it.
 *
 *   BENCH_MODE=app       the real app: createApp with a production configuration, logging and
 *                        timer jobs off, on the database the parent seeded.
 *   BENCH_MODE=baseline  bare Fastify on the same database driver and pool size:
 *                        GET /hello ({hello:'world'}), GET /select1 (one `select 1` round trip),
 *                        POST /insert (one fsynced single-row INSERT, autocommit).
 *   BENCH_PDF_PRECHECK=off  the app's PDF inspection without its structural pre-check (the
 *                        upload-contention scenario's comparison run).
 *
 * Reports `{ ready: true, port, routes }` over IPC once listening, and on `{ counters: true }`
 * its CPU time and the statements it sent to the database so far; exits on SIGTERM.
 */
import cluster, { type Worker } from 'node:cluster';
import { PGlite } from '@electric-sql/pglite';
import Fastify from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { createApp } from '../../src/server/app.ts';
import { createPdfInspector } from '../../src/server/attachments/pdf-inspect.ts';
import { loadConfig } from '../../src/server/config.ts';
import { openDatabase, type Database } from '../../src/server/db/database.ts';

const env = process.env;
const mode = env.BENCH_MODE === 'baseline' ? 'baseline' : 'app';
const workers = Number(env.BENCH_WORKERS ?? 1);
const port = Number(env.BENCH_PORT);
const poolMax = Number(env.BENCH_POOL_MAX ?? 10);

if (workers > 1 && cluster.isPrimary) {
  // BENCH_WORKERS=2: as WEB_CONCURRENCY runs the app, workers sharing the port. This primary
  // answers the parent for them: ready once all are, counters summed (its own CPU included).
  const forked = Array.from({ length: workers }, () => cluster.fork());
  const ask = <T>(worker: Worker, message?: unknown) =>
    new Promise<T>((resolve) => {
      worker.once('message', resolve);
      if (message) worker.send(message);
    });
  const readies = await Promise.all(forked.map((w) => ask<{ port: number; routes: Record<string, boolean> }>(w)));
  process.send?.({ ...readies[0]!, ready: true });
  process.on('message', (m: { counters?: boolean }) => {
    if (!m.counters) return;
    void Promise.all(forked.map((w) => ask<{ cpuMicros: number; statements: number }>(w, { counters: true }))).then((all) => {
      const own = process.cpuUsage();
      process.send?.({ cpuMicros: own.user + own.system + all.reduce((n, c) => n + c.cpuMicros, 0), statements: all.reduce((n, c) => n + c.statements, 0) });
    });
  });
  const stop = () => {
    let left = forked.length;
    for (const w of forked) {
      w.once('exit', () => (left -= 1) === 0 && process.exit(0));
      w.process.kill('SIGTERM');
    }
  };
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
} else {
  // Every statement, BEGIN and COMMIT included, reaches the database through one of these two.
  let statements = 0;
  for (const proto of [pg.Client.prototype, PGlite.prototype] as unknown as Array<{ query: (...args: unknown[]) => unknown }>) {
    const query = proto.query;
    proto.query = function countedQuery(this: unknown, ...args: unknown[]) {
      statements += 1;
      return query.apply(this, args);
    };
  }

  const database: Database = await openDatabase(
    env.BENCH_DATABASE_URL ? { kind: 'postgres', url: env.BENCH_DATABASE_URL, poolMax } : { kind: 'pglite', dataDir: env.BENCH_DATA_DIR! },
  );

  let close: () => Promise<void>;
  let routes: Record<string, boolean> = {};
  if (mode === 'app') {
    const config = loadConfig({
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: env.BENCH_PUBLIC_URL,
      DATABASE_URL: env.BENCH_DATABASE_URL,
      DATA_DIR: env.BENCH_DATA_DIR,
      DATABASE_POOL_MAX: String(poolMax),
      BLOB_DIR: env.BENCH_BLOB_DIR,
      LOG_LEVEL: 'silent',
      SEED_DEMO: 'false',
      // As behind a reverse proxy: the public scenario sends each request from its own X-Forwarded-For
      // address, so the per-address rate limit (300 a minute) sees many citizens, not one.
      TRUST_PROXY: 'true',
    });
    const unlimited = { maxObjects: Infinity, maxTokens: Infinity, maxXrefEntries: Infinity, maxDepth: Infinity };
    const inspector =
      env.BENCH_PDF_PRECHECK === 'off' ? createPdfInspector({ inflateRatio: config.pdfInflate.ratio, inflateMinBytes: config.pdfInflate.minBytes, structureLimits: unlimited }) : undefined;
    const app = await createApp({ config, database, logger: false, backgroundJobs: false, ...(inspector ? { inspector } : {}) });
    await app.listen({ host: '127.0.0.1', port });
    routes = {
      publicNotices: app.hasRoute({ method: 'GET', url: '/public/notices' }),
    };
    close = () => app.close();
  } else {
    const app = Fastify({ logger: false });
    const { db } = database;
    await sql`create table if not exists bench_baseline (id bigserial primary key, v text not null)`.execute(db);
    app.get('/hello', async () => ({ hello: 'world' }));
    app.get('/select1', async () => {
      await sql`select 1`.execute(db);
      return { ok: true };
    });
    app.post('/insert', async () => {
      await sql`insert into bench_baseline (v) values (${'x'})`.execute(db);
      return { ok: true };
    });
    await app.listen({ host: '127.0.0.1', port });
    close = () => app.close();
  }

  process.send?.({ ready: true, port, routes });
  process.on('message', (m: { counters?: boolean }) => {
    if (!m.counters) return;
    const { user, system } = process.cpuUsage();
    process.send?.({ cpuMicros: user + system, statements });
  });

  let closing = false;
  process.on('SIGTERM', () => {
    if (closing) return;
    closing = true;
    void close()
      .then(() => database.close())
      .finally(() => process.exit(0));
  });
  // The parent going away (crash, Ctrl-C) must not leave this server behind.
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
