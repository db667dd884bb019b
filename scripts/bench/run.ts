/**
 * `npm run bench`: seed PostgreSQL (and PGlite) with realistic volume, run the real app in a
 * child process, load it with autocannon, and express each scenario as a ratio of bare baselines
 * measured in the same run on the same box. Prints a table and writes docs/benchmarks.md.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench
 *
 * Options: --keep (do not drop the bench database), --reuse=NAME (an already seeded bench
 * database; implies --keep), --scale=1, --pglite-scale=0.1, --no-pglite, --no-upload,
 * --seconds=10, --connections=10, --only=key,key (scenario keys), --no-write (leave the doc).
 * Scenario keys: draft-save, progress-list, progress-track, staff-queue, staff-search, public-list,
 * public-notices, public-search-miss, login, upload, upload-contention, pdf, idle-rss, self-check, dossier.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type autocannon from 'autocannon';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../../src/server/db/database.ts';
import { migrateToLatest } from '../../src/server/db/migrate.ts';
import { addCalendarDays, shanghaiDateOf } from '../../src/domain/calendar/index.ts';
import { killServers, measure, startServer, type LoadOptions, type LoadResult, type ServerHandle } from './load.ts';
import { passwordCheckThroughput, timedLogin } from './login.ts';
import { writeObjectFloodPdf } from '../make-pdf-fixtures.ts';
import { writeScanPdf } from './pdf-file.ts';
import { renderBench } from './render.ts';
import { selfCheckBench } from './self-check.ts';
import { dossierBench } from './dossier.ts';
import { countRows, createSessions, findHandles, seed, type SeedCounts, type SeedHandles } from './seed.ts';
import { timedCopy, timedUpload, type UploadSample } from './upload.ts';
import { contentionBench, median, statusSummary, type ContentionResult } from './upload-contention.ts';
import { adminStatement, idleRss } from './idle-rss.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOC = path.join(ROOT, 'docs', 'benchmarks.md');

// ------------------------------------------------------------------------------- options

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string, fallback: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const opts = {
  reuse: option('reuse', ''),
  keep: flag('keep') || Boolean(option('reuse', '')),
  scale: Number(option('scale', '1')),
  pgliteScale: Number(option('pglite-scale', '0.1')),
  pglite: !flag('no-pglite'),
  upload: !flag('no-upload'),
  seconds: Number(option('seconds', '10')),
  warmup: Number(option('warmup', '2')),
  connections: Number(option('connections', '10')),
  only: option('only', '').split(',').filter(Boolean),
  write: !flag('no-write'),
};
const wanted = (key: string) => opts.only.length === 0 || opts.only.includes(key);

// ------------------------------------------------------------------------------- rows

interface Expectation {
  /** Which baseline the scenario is divided by (QUALITY.md §4.3). */
  baseline: 'hello' | 'select1' | 'insert';
  range: string;
  lower: number;
}

interface Row {
  backend: string;
  key: string;
  scenario: string;
  result?: LoadResult;
  note?: string;
  expect?: Expectation;
  selectRatio?: number;
  classRatio?: number;
  verdict?: string;
}

const AUTH_GET: Expectation = { baseline: 'select1', range: '0.15–0.35', lower: 0.15 };
const AUTOSAVE: Expectation = { baseline: 'insert', range: '0.4–0.8', lower: 0.4 };
const PUBLIC_LIST: Expectation = { baseline: 'hello', range: '≥ 0.3 uncached', lower: 0.3 };

const rows: Row[] = [];
const facts: Record<string, string> = {};
const log = (line: string) => console.log(line);

// ------------------------------------------------------------------------------- helpers

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const f1 = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const f2 = (n: number) => (n !== 0 && Math.abs(n) < 0.1 ? n.toFixed(3) : n.toFixed(2));

function verdictOf(ratio: number, e: Expectation): string {
  if (ratio >= e.lower) return 'ok';
  if (ratio >= e.lower / 2) return 'below range';
  return '< ½ of range (findings)';
}

type Sessions = Map<string, { cookie: string; csrf: string }>;
type BaselineKey = Expectation['baseline'];
const BASELINE_KEYS: readonly BaselineKey[] = ['hello', 'select1', 'insert'];
const BASELINE_NAMES: Record<BaselineKey, string> = { hello: 'hello world (no database)', select1: '`select 1` round trip', insert: 'one fsynced INSERT (autocommit)' };

/** Baselines and the HTTP scenarios against one backend. */
async function httpScenarios(backend: string, dbEnv: Record<string, string>, handles: SeedHandles, sessions: Sessions, port: number, blobDir: string) {
  const base = `http://127.0.0.1:${port}`;
  // Per request: the server process's CPU time (with PGlite, the database's too) and the
  // statements it sent to the database — steadier than requests/s on a shared box.
  let current: ServerHandle | undefined;
  const counters = async (): Promise<Record<string, number>> => {
    const c = await current!.counters();
    return { cpuMs: c.cpuMicros / 1000, statements: c.statements };
  };
  const load = (o: Omit<LoadOptions, 'url' | 'connections' | 'seconds' | 'warmupSeconds'> & { path: string }) =>
    measure({ url: `${base}${o.path}`, connections: opts.connections, seconds: opts.seconds, warmupSeconds: opts.warmup, ...(current ? { counters } : {}), ...o });

  if (!['draft-save', 'progress-list', 'progress-track', 'staff-queue', 'staff-search', 'staff-statistics', 'public-list', 'public-notices', 'public-search-miss', 'two-processes'].some(wanted)) return;
  // Baselines before and after the scenarios: other work on the box drifts, and the ratios use the mean.
  const measureBaselines = async (when: string) => {
    log(`\n[${backend}] baselines ${when} (bare Fastify, same driver and pool size)`);
    const server = await startServer({ BENCH_MODE: 'baseline', BENCH_PORT: String(port), ...dbEnv });
    current = server;
    try {
      const out: Record<BaselineKey, LoadResult> = {
        hello: await load({ path: '/hello' }),
        select1: await load({ path: '/select1' }),
        insert: await load({ path: '/insert', method: 'POST' }),
      };
      for (const key of BASELINE_KEYS) log(`  ${BASELINE_NAMES[key]}: ${f1(out[key].rps)} req/s, p50 ${out[key].p50} ms, p99 ${out[key].p99} ms`);
      return out;
    } finally {
      await server.stop();
    }
  };
  const before = await measureBaselines('before');
  const measured: Array<Omit<Row, 'selectRatio' | 'classRatio' | 'verdict'> & { result: LoadResult; expect: Expectation }> = [];
  const pending: Row[] = [];

  const app = await startServer({
    BENCH_MODE: 'app',
    BENCH_PORT: String(port),
    BENCH_PUBLIC_URL: base,
    BENCH_BLOB_DIR: blobDir,
    ...dbEnv,
  });
  current = app;
  try {
    const origin = base;
    const applicants = handles.applicants.map((a) => ({ ...a, session: sessions.get(a.accountId)! }));
    const reviewer = sessions.get(handles.reviewerId)!;
    const head = sessions.get(handles.headId)!;
    const add = async (key: string, scenario: string, expect: Expectation, sample: { path: string; headers?: Record<string, string> }, run: () => Promise<LoadResult>) => {
      if (!wanted(key)) return;
      const probe = await fetch(`${base}${sample.path}`, { headers: sample.headers ?? {} });
      const body = await probe.text();
      if (probe.status !== 200) log(`  ! ${scenario}: a single request answered ${probe.status}: ${body.slice(0, 200)}`);
      const result = await run();
      measured.push({ backend, key, scenario, result, expect });
      log(`  ${scenario}: ${f1(result.rps)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, non-2xx ${result.non2xx}, ×select1 (before) ${f2(result.rps / before.select1.rps)}`);
    };

    // 暂存: each in-flight request on its own draft, with the version the previous save returned.
    const drafts = handles.drafts.map((d) => ({ ...d, session: sessions.get(d.accountId)! }));
    type Draft = (typeof drafts)[number];
    let free: Draft[] = [];
    let street = 0;
    const refresh = async () => {
      await sleep(300); // requests cut off at the end of a run may still be committing
      for (const d of drafts) {
        const r = await fetch(`${base}/api/applications/${d.applicationId}`, { headers: { cookie: d.session.cookie } });
        if (r.ok) d.version = ((await r.json()) as { version: number }).version;
      }
      free = [...drafts];
    };
    const draftRequest: autocannon.Request = {
      method: 'PUT',
      setupRequest: (req, context) => {
        const d = free.shift() ?? drafts[street % drafts.length]!;
        (context as { d?: Draft }).d = d;
        street += 1;
        return {
          ...req,
          method: 'PUT',
          path: `/api/applications/${d.applicationId}/steps/applicant`,
          headers: { cookie: d.session.cookie, 'x-csrf-token': d.session.csrf, origin, 'content-type': 'application/json' },
          body: JSON.stringify({ version: d.version, values: { ...d.applicant, mailingAddress: `北京市西城区示范路${(street % 999) + 1}号` } }),
        };
      },
      onResponse: (status, body, context) => {
        const d = (context as { d?: Draft }).d;
        if (!d) return;
        if (status === 200) d.version = (JSON.parse(body) as { version: number }).version;
        free.push(d);
      },
    };
    if (wanted('draft-save')) {
      const d = drafts[0]!;
      await add(
        'draft-save',
        '暂存 PUT /api/applications/:id/steps/applicant',
        AUTOSAVE,
        { path: `/api/applications/${d.applicationId}`, headers: { cookie: d.session.cookie } },
        () => load({ path: '/', requests: [draftRequest], prepare: refresh }),
      );
    }

    let turn = 0;
    const rotate = <T>(list: readonly T[], make: (x: T) => { path: string; cookie: string }): autocannon.Request => ({
      method: 'GET',
      setupRequest: (req) => {
        const { path: p, cookie } = make(list[turn++ % list.length]!);
        return { ...req, method: 'GET', path: p, headers: { cookie } };
      },
    });
    const mean = applicants.reduce((s, a) => s + a.cases, 0) / Math.max(1, applicants.length);
    facts[`${backend} applicants`] = `${applicants.length} busy enterprises, ${f1(mean)} applications each on average`;
    await add(
      'progress-list',
      `我的申报/办事进度 GET /api/progress (≈${Math.round(mean)} cases)`,
      AUTH_GET,
      { path: '/api/progress', headers: { cookie: applicants[0]!.session.cookie } },
      () => load({ path: '/', requests: [rotate(applicants, (a) => ({ path: '/api/progress', cookie: a.session.cookie }))] }),
    );
    const tracked = applicants.flatMap((a) => a.tracked.map((id) => ({ id, cookie: a.session.cookie })));
    await add(
      'progress-track',
      '流程跟踪 GET /api/progress/:id',
      AUTH_GET,
      { path: `/api/progress/${tracked[0]!.id}`, headers: { cookie: tracked[0]!.cookie } },
      () => load({ path: '/', requests: [rotate(tracked, (t) => ({ path: `/api/progress/${t.id}`, cookie: t.cookie }))] }),
    );
    const queuePath = `/api/staff/cases?queue=${encodeURIComponent('待审查')}&item=survey-b&q=${encodeURIComponent(handles.searchTerm)}`;
    await add(
      'staff-queue',
      `staff queue GET /api/staff/cases?queue=待审查&item=survey-b&q=${handles.searchTerm}`,
      AUTH_GET,
      { path: queuePath, headers: { cookie: reviewer.cookie } },
      () => load({ path: queuePath, headers: { cookie: reviewer.cookie } }),
    );
    // 全部案件: every submitted case (open and closed), by two and by four characters of a name.
    for (const fragment of [handles.searchTerm, `${handles.searchTerm}勘察`]) {
      const searchPath = `/api/staff/search?q=${encodeURIComponent(fragment)}`;
      await add(
        'staff-search',
        `全部案件 GET /api/staff/search?q=${fragment} (${Array.from(fragment).length} characters, open and closed cases)`,
        AUTH_GET,
        { path: searchPath, headers: { cookie: reviewer.cookie } },
        () => load({ path: searchPath, headers: { cookie: reviewer.cookie } }),
      );
    }
    // 统计 of last month (Beijing), every item: each case active in it replayed through the engine.
    {
      const today = shanghaiDateOf(new Date());
      const firstOfThisMonth = `${today.slice(0, 8)}01`;
      const to = addCalendarDays(firstOfThisMonth, -1);
      const statisticsPath = `/api/staff/statistics?from=${to.slice(0, 8)}01&to=${to}`;
      // A report, not a hot path: one 负责人 at a time (latency is the figure to read).
      await add('staff-statistics', `办件统计 GET /api/staff/statistics (last month, every item; 1 connection)`, AUTH_GET, { path: statisticsPath, headers: { cookie: head.cookie } }, () =>
        measure({ url: `${base}${statisticsPath}`, connections: 1, seconds: opts.seconds, warmupSeconds: opts.warmup, ...(current ? { counters } : {}), headers: { cookie: head.cookie } }),
      );
    }
    if (wanted('public-list') || wanted('public-notices') || wanted('public-search-miss')) {
      const noticePath = `/public/notices?q=${encodeURIComponent(handles.searchTerm)}`;
      // Each request from its own address, as citizens behind a proxy (the route limits per address).
      let client = 0;
      const citizen = (path: () => string): autocannon.Request => ({
        method: 'GET',
        setupRequest: (req) => {
          client += 1;
          return { ...req, method: 'GET', path: path(), headers: { 'x-forwarded-for': `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client & 255}` } };
        },
      });
      await add('public-list', '公示 list, first page GET /public/notices', PUBLIC_LIST, { path: '/public/notices' }, () =>
        load({ path: '/', requests: [citizen(() => '/public/notices')] }),
      );
      await add('public-notices', `公示 search, one query asked again GET /public/notices?q=${handles.searchTerm}`, PUBLIC_LIST, { path: noticePath }, () =>
        load({ path: '/', requests: [citizen(() => noticePath)] }),
      );
      // Never the same query twice: every request searches the entries (no rendered page to reuse).
      let n = 0;
      const fresh = () => `/public/notices?q=${encodeURIComponent(`${handles.searchTerm}${(n += 1)}`)}`;
      await add('public-search-miss', `公示 search, a new query each time GET /public/notices?q=${handles.searchTerm}N`, PUBLIC_LIST, { path: fresh() }, () =>
        load({ path: '/', requests: [citizen(fresh)] }),
      );
    }
  } finally {
    await app.stop();
  }

  // Every core (issue 19, point 3): the same app as WEB_CONCURRENCY=2 runs it, two processes
  // sharing the port, beside the one-process rows above (PostgreSQL: the embedded database is one
  // process's). Server CPU per request sums both workers and the primary.
  if (backend === 'PostgreSQL' && wanted('two-processes')) {
    const two = await startServer({ BENCH_MODE: 'app', BENCH_WORKERS: '2', BENCH_PORT: String(port), BENCH_PUBLIC_URL: base, BENCH_BLOB_DIR: blobDir, ...dbEnv });
    current = two;
    try {
      const applicants = handles.applicants.map((a) => ({ ...a, session: sessions.get(a.accountId)! }));
      let turn = 0;
      const listRequests: autocannon.Request[] = [
        { method: 'GET', setupRequest: (req) => ({ ...req, method: 'GET', path: '/api/progress', headers: { cookie: applicants[turn++ % applicants.length]!.session.cookie } }) },
      ];
      measured.push({ backend, key: 'two-processes', scenario: '我的申报/办事进度 GET /api/progress, 2 processes (WEB_CONCURRENCY=2)', result: await load({ path: '/', requests: listRequests }), expect: AUTH_GET });
      measured.push({ backend, key: 'two-processes', scenario: '公示 list, first page GET /public/notices, 2 processes (WEB_CONCURRENCY=2)', result: await load({ path: '/public/notices' }), expect: PUBLIC_LIST });
      for (const m of measured.slice(-2)) log(`  ${m.scenario}: ${f1(m.result.rps)} req/s, p50 ${m.result.p50} ms, p99 ${m.result.p99} ms`);
    } finally {
      await two.stop();
    }
  }

  const after = await measureBaselines('after');
  const mean = (key: BaselineKey): LoadResult => {
    const [a, b] = [before[key], after[key]];
    return { ...a, rps: (a.rps + b.rps) / 2, p50: Math.max(a.p50, b.p50), p99: Math.max(a.p99, b.p99), requests: a.requests + b.requests, non2xx: a.non2xx + b.non2xx, load: (a.load + b.load) / 2 };
  };
  const baselines = Object.fromEntries(BASELINE_KEYS.map((k) => [k, mean(k)])) as Record<BaselineKey, LoadResult>;
  for (const key of BASELINE_KEYS) {
    rows.push({
      backend,
      key: `baseline-${key}`,
      scenario: `baseline: ${BASELINE_NAMES[key]}`,
      result: baselines[key],
      selectRatio: baselines[key].rps / baselines.select1.rps,
      verdict: `mean of ${f1(before[key].rps)} before, ${f1(after[key].rps)} after`,
    });
  }
  for (const m of measured) {
    const classRatio = m.result.rps / baselines[m.expect.baseline].rps;
    rows.push({ ...m, selectRatio: m.result.rps / baselines.select1.rps, classRatio, verdict: verdictOf(classRatio, m.expect) });
  }
  rows.push(...pending);
}

// ------------------------------------------------------------------------------- main

const cleanups: Array<() => Promise<void>> = [];
let cleaning = false;
async function cleanup() {
  if (cleaning) return;
  cleaning = true;
  killServers();
  for (const fn of cleanups.reverse()) await fn().catch((e) => console.error(`cleanup: ${(e as Error).message}`));
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    console.error(`\n${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}

async function main() {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    console.error('npm run bench needs DATABASE_URL (a PostgreSQL server where it may create and drop a database), e.g.\n  DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench');
    process.exit(2);
  }
  const started = Date.now();
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'zizhi-bench-'));
  cleanups.push(() => rm(tmp, { recursive: true, force: true }));
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  facts.machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${os.type()} ${os.release()}`;
  facts.loadAtStart = os.loadavg().map((l) => l.toFixed(2)).join(' / ');

  // ---- PostgreSQL: a fresh database on the server DATABASE_URL names
  const dbName = opts.reuse || `zizhi_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  if (!/^[a-z_][a-z0-9_]*$/.test(dbName)) throw new Error(`bad database name ${dbName}`);
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${dbName}`;
  const admin = (statement: string) => adminStatement(adminUrl, statement);
  if (!opts.reuse) {
    await admin(`create database ${dbName}`);
    log(`created database ${dbName}`);
  }
  if (!opts.keep) cleanups.push(() => admin(`drop database if exists ${dbName} with (force)`).then(() => log(`dropped database ${dbName}`)));
  else log(`keeping database ${dbName} (rerun with --reuse=${dbName})`);

  const database: Database = await openDatabase({ kind: 'postgres', url: dbUrl.href, poolMax: 4 });
  cleanups.push(() => database.close());
  const { db } = database;
  await migrateToLatest(db);
  let counts: SeedCounts;
  if (opts.reuse) {
    counts = await countRows(db);
    facts.pgSeed = 'reused';
  } else {
    log(`seeding PostgreSQL at scale ${opts.scale} …`);
    const t = Date.now();
    counts = (await seed(db, { scale: opts.scale, issuer: `${publicUrl}/idp`, postgres: true, log })).counts;
    facts.pgSeed = `${((Date.now() - t) / 1000).toFixed(0)} s`;
    log(`seeded in ${facts.pgSeed}`);
  }
  facts.pgCounts = describeCounts(counts);
  facts.pgVersion = (await sql<{ v: string }>`select version() as v`.execute(db)).rows[0]!.v.split(' on ')[0]!;
  const handles = await findHandles(db);
  const sessions = await createSessions(db, [...handles.drafts.map((d) => d.accountId), ...handles.applicants.map((a) => a.accountId), handles.reviewerId, handles.headId]);
  const blobDir = path.join(tmp, 'blobs');
  await httpScenarios('PostgreSQL', { BENCH_DATABASE_URL: dbUrl.href }, handles, sessions, port, blobDir);

  // ---- login: the real form POST (timed) and the password check in-process
  if (wanted('login')) {
    log('\n[PostgreSQL] login');
    const app = await startServer({ BENCH_MODE: 'app', BENCH_PORT: String(port), BENCH_PUBLIC_URL: publicUrl, BENCH_BLOB_DIR: blobDir, BENCH_DATABASE_URL: dbUrl.href });
    const samples: number[] = [];
    const statuses = new Map<number, number>();
    try {
      // The route allows 20 POSTs a minute per client address; stay under it.
      for (let i = 0; i < 15; i++) {
        const r = await timedLogin(publicUrl, handles.logins[i % handles.logins.length]!, handles.password);
        samples.push(r.ms);
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      }
    } finally {
      await app.stop();
    }
    samples.sort((a, b) => a - b);
    const tp = await passwordCheckThroughput(db, handles.logins, handles.password, 5);
    const expected = [...statuses].map(([s, n]) => `${n}× ${s}`).join(', ');
    rows.push({
      backend: 'PostgreSQL',
      key: 'login',
      scenario: 'login: IdP password form POST /idp/interaction/:uid/login',
      note:
        `HTTP, one at a time: p50 ${f1(samples[Math.floor(samples.length / 2)]!)} ms, max ${f1(samples[samples.length - 1]!)} ms over ${samples.length} logins (${expected}; 303 = on to consent/callback). ` +
        `In-process (${tp.concurrency} in flight): authenticate ${f1(tp.authenticate)}/s vs bare scrypt verify ${f1(tp.scrypt)}/s = ${f2(tp.authenticate / tp.scrypt)} — scrypt (N=2^15) is the cost.`,
    });
    log(`  POST p50 ${f1(samples[Math.floor(samples.length / 2)]!)} ms (${expected}); authenticate ${f1(tp.authenticate)}/s vs scrypt ${f1(tp.scrypt)}/s`);
  }

  // ---- upload of a 10 MB and a 100 MB PDF: MB/s against a file copy, server RSS
  const uploads: Array<{ mb: number; bytes: number; samples: UploadSample[]; copySeconds: number }> = [];
  if (opts.upload && wanted('upload')) {
    log('\n[PostgreSQL] upload');
    const files = [];
    for (const mb of [10, 100]) {
      const file = path.join(tmp, `scan-${mb}mb.pdf`);
      files.push({ mb, file, bytes: await writeScanPdf(file, mb * 1_000_000) });
    }
    const small = path.join(tmp, 'scan-small.pdf');
    await writeScanPdf(small, 200_000);
    const d = handles.drafts[handles.drafts.length - 1]!;
    const session = sessions.get(d.accountId)!;
    for (const f of files) {
      // A fresh server per size, warmed with two small uploads (inspector worker started), so
      // "before" is the same idle process for both sizes.
      const app = await startServer({ BENCH_MODE: 'app', BENCH_PORT: String(port), BENCH_PUBLIC_URL: publicUrl, BENCH_BLOB_DIR: blobDir, BENCH_DATABASE_URL: dbUrl.href });
      try {
        const target = { url: `${publicUrl}/api/applications/${d.applicationId}/attachments/applicationForm`, cookie: session.cookie, csrf: session.csrf, origin: publicUrl, pid: app.child.pid! };
        await timedUpload({ ...target, file: small });
        await timedUpload({ ...target, file: small });
        const samples: UploadSample[] = [];
        for (let i = 0; i < 3; i++) samples.push(await timedUpload({ ...target, file: f.file }));
        const copies: number[] = [];
        for (let i = 0; i < 3; i++) copies.push(await timedCopy(f.file, tmp));
        copies.sort((a, b) => a - b);
        uploads.push({ mb: f.mb, bytes: f.bytes, samples, copySeconds: copies[1]! });
        const s = [...samples].sort((a, b) => a.seconds - b.seconds)[1]!;
        log(
          `  ${f.mb} MB: ${f1(f.bytes / 1e6 / s.seconds)} MB/s (copy ${f1(f.bytes / 1e6 / copies[1]!)} MB/s), statuses ${samples.map((x) => x.status).join(',')}, ` +
            `RSS before → peak: ${samples.map((x) => `${f1(x.rssBeforeMb)} → ${f1(x.rssPeakMb)}`).join('; ')} MB`,
        );
      } finally {
        await app.stop();
      }
    }
  }

  // ---- upload contention: a 1-page upload while four other accounts upload a 400 000-object flood
  const contention: Contention[] = [];
  if (opts.upload && wanted('upload-contention')) {
    log('\n[PostgreSQL] upload contention');
    const legitFile = path.join(ROOT, 'test', 'fixtures', 'pdf', 'valid-1-page.pdf');
    const flood = path.join(tmp, 'flood-400k.pdf');
    const hostileBytes = await writeObjectFloodPdf(flood, 400_000);
    // The same without /Size in its trailer: the pre-check has to count the objects.
    const hidden = path.join(tmp, 'flood-400k-no-size.pdf');
    await writeObjectFloodPdf(hidden, 400_000, { declareSize: false });
    const [legit, ...hostile] = handles.drafts.slice(0, 5).map((d) => {
      const s = sessions.get(d.accountId)!;
      return { url: `${publicUrl}/api/applications/${d.applicationId}/attachments/applicationForm`, cookie: s.cookie, csrf: s.csrf };
    });
    if (!legit || hostile.length < 4) throw new Error('upload contention needs five accounts with a draft');
    const variants = [
      { name: 'as configured', file: flood, env: {}, rounds: 3 },
      { name: 'as configured, the flood without /Size in its trailer (objects counted)', file: hidden, env: {}, rounds: 3 },
      { name: 'structural pre-check off (fairness and time budget only)', file: flood, env: { BENCH_PDF_PRECHECK: 'off' }, rounds: 1 },
    ];
    for (const v of variants) {
      const app = await startServer({ BENCH_MODE: 'app', BENCH_PORT: String(port), BENCH_PUBLIC_URL: publicUrl, BENCH_BLOB_DIR: blobDir, BENCH_DATABASE_URL: dbUrl.href, ...v.env });
      try {
        const load = os.loadavg()[0]!;
        const result = await contentionBench({ origin: publicUrl, legit, hostile, legitFile, hostileFile: v.file, rounds: v.rounds });
        contention.push({ variant: v.name, hostileBytes, result, load });
        const idle = median(result.idle.map((s) => s.ms));
        const busy = result.contended.map((s) => s.ms);
        log(
          `  ${v.name}: idle p50 ${f1(idle)} ms; during the flood p50 ${f1(median(busy))} ms, max ${f1(Math.max(...busy))} ms (${statusSummary(result.contended)}); ` +
            `ratio ${f2(median(busy) / idle)} (max ${f2(Math.max(...busy) / idle)}); hostile: ${statusSummary(result.hostile)}, p50 ${f1(median(result.hostile.map((s) => s.ms)))} ms`,
        );
      } finally {
        await app.stop();
      }
    }
  }

  // ---- PDF documents: ms per 受理通知书
  let render: Awaited<ReturnType<typeof renderBench>> | undefined;
  let idle: { label: string; mb: number }[] = [];
  if (wanted('idle-rss')) {
    log('\nidle memory of the compiled server (npm start), 3 s after ready');
    idle = await idleRss(adminUrl);
    for (const r of idle) log(`  ${r.label}: ${r.mb.toFixed(0)} MB`);
  }

  if (wanted('pdf')) {
    log('\n受理通知书 PDF rendering');
    render = await renderBench(50);
    log(`  ${f1(render.notice.meanMs)} ms per document (p99 ${f1(render.notice.p99Ms)} ms, CPU ${f1(render.notice.cpuMsPerDoc)} ms); bare pdfkit page with the same font ${f1(render.floor.meanMs)} ms`);
    log(`  in the render worker: first after start ${f1(render.pooled.firstMs)} ms (thread start, fonts); then ${f1(render.pooled.notice.meanMs)} ms (p99 ${f1(render.pooled.notice.p99Ms)} ms), process CPU (both threads) ${f1(render.pooled.notice.cpuMsPerDoc)} ms; 申请表 ${f1(render.pooled.applicationForm.meanMs)} ms`);
  }

  if (wanted('self-check')) {
    log('\n提交前自查 (pdf.js, page by page)');
    const r = await selfCheckBench(200);
    log(`  ${r.pages} pages (${r.mb.toFixed(1)} MB, half 200 dpi scans): ${f1(r.checkMsPerPage)} ms per page; pdf.js opening each page, its operators and images ${f1(r.floorMsPerPage)} ms (× ${(r.checkMsPerPage / r.floorMsPerPage).toFixed(2)})`);
  }

  if (wanted('dossier')) {
    log('\n其他附件 assembled (目录, bookmarks) from people × 4 documents');
    for (const r of await dossierBench()) {
      const q = r.qpdf;
      log(
        `  ${r.people} people, ${r.pages} pages, ${r.inputMb.toFixed(0)} MB in, ${r.outputMb.toFixed(0)} MB out: ${r.ours.seconds.toFixed(1)} s, peak RSS ${r.ours.peakMb.toFixed(0)} MB` +
          (q ? `; qpdf --empty --pages ${q.seconds.toFixed(1)} s, ${q.peakMb.toFixed(0)} MB (× ${(r.ours.seconds / q.seconds).toFixed(1)} time)` : '; qpdf not installed, no reference'),
      );
    }
  }

  // ---- PGlite: the embedded default, same scenarios on a smaller seed
  if (opts.pglite) {
    const dataDir = path.join(tmp, 'pglite');
    log(`\nseeding PGlite at scale ${opts.pgliteScale} …`);
    const lite = await openDatabase({ kind: 'pglite', dataDir });
    let liteHandles: SeedHandles;
    let liteSessions: Sessions;
    try {
      await migrateToLatest(lite.db);
      const t = Date.now();
      const liteCounts = (await seed(lite.db, { scale: opts.pgliteScale, issuer: `${publicUrl}/idp`, postgres: false, log })).counts;
      facts.pgliteSeed = `${((Date.now() - t) / 1000).toFixed(0)} s`;
      facts.pgliteCounts = describeCounts(liteCounts);
      log(`seeded in ${facts.pgliteSeed}`);
      liteHandles = await findHandles(lite.db);
      liteSessions = await createSessions(lite.db, [...liteHandles.drafts.map((d) => d.accountId), ...liteHandles.applicants.map((a) => a.accountId), liteHandles.reviewerId, liteHandles.headId]);
    } finally {
      await lite.close();
    }
    await httpScenarios(`PGlite (scale ${opts.pgliteScale})`, { BENCH_DATA_DIR: dataDir }, liteHandles, liteSessions, port, path.join(tmp, 'blobs-lite'));
  }

  facts.total = `${((Date.now() - started) / 60_000).toFixed(1)} min`;
  const table = renderTable();
  console.log(`\n${table}`);
  const extra = renderExtras(uploads, render, contention, idle);
  console.log(extra);
  if (opts.write) {
    await writeDoc(table, extra);
    log(`wrote ${path.relative(ROOT, DOC)}`);
  }
}

function describeCounts(c: SeedCounts): string {
  const n = (x: number) => x.toLocaleString('en-US').replace(/,/g, ' ');
  const statuses = Object.entries(c.byStatus)
    .sort()
    .map(([s, x]) => `${s} ${n(x)}`)
    .join(', ');
  return `${n(c.accounts)} accounts, ${n(c.applications)} applications (${statuses}), ${n(c.caseEvents)} case_events, ${n(c.attachments)} attachments, ${n(c.issuedDocuments)} issued_documents, ${n(c.noticeEntries)} notice_entries in ${n(c.noticeBatches)} notice_batches`;
}

// ------------------------------------------------------------------------------- output

function renderTable(): string {
  const header = ['backend', 'scenario', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'resp KB', 'server CPU ms/req', 'statements/req', '× select 1', '× class baseline (expected)', 'verdict', 'load'];
  const body = rows.map((r) => {
    if (!r.result) return [r.backend, r.scenario, '', '', '', '', '', '', '', '', '', r.note?.startsWith('pending') ? r.note : 'below the table', ''];
    const cls = r.expect ? `${f2(r.classRatio!)} ÷ ${r.expect.baseline} (${r.expect.range})` : '';
    return [
      r.backend,
      r.scenario,
      f1(r.result.rps),
      String(r.result.p50),
      String(r.result.p99),
      String(r.result.non2xx),
      (r.result.bytesPerRequest / 1024).toFixed(1),
      r.result.perRequest?.cpuMs !== undefined ? r.result.perRequest.cpuMs.toFixed(2) : '',
      r.result.perRequest?.statements !== undefined ? r.result.perRequest.statements.toFixed(1) : '',
      f2(r.selectRatio ?? 0),
      cls,
      r.verdict ?? '',
      r.result.load.toFixed(1),
    ];
  });
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...body.map((c) => `| ${c.join(' | ')} |`)].join('\n');
}

interface Contention {
  variant: string;
  hostileBytes: number;
  result: ContentionResult;
  /** 1-minute load average when the variant started. */
  load: number;
}

function renderExtras(
  uploads: Array<{ mb: number; bytes: number; samples: UploadSample[]; copySeconds: number }>,
  render: Awaited<ReturnType<typeof renderBench>> | undefined,
  contention: Contention[] = [],
  idle: readonly { label: string; mb: number }[] = [],
): string {
  const out: string[] = [];
  const notes = rows.filter((r) => r.note && !r.result);
  for (const r of notes) out.push(`- **${r.scenario}** (${r.backend}): ${r.note}`);
  if (uploads.length) {
    out.push('', '| upload (PostgreSQL, local blob folder) | MB/s (median of 3) | file copy MB/s | ratio | server RSS before → peak (MB) | peak − before (MB) | statuses |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const u of uploads) {
      const s = [...u.samples].sort((a, b) => a.seconds - b.seconds)[1]!;
      const peak = Math.max(...u.samples.map((x) => x.rssPeakMb));
      const before = u.samples[0]!.rssBeforeMb;
      const mbps = u.bytes / 1e6 / s.seconds;
      const copy = u.bytes / 1e6 / u.copySeconds;
      out.push(
        `| ${(u.bytes / 1e6).toFixed(1)} MB PDF (one page, uncompressed scan image) | ${f1(mbps)} | ${f1(copy)} | ${f2(mbps / copy)} | ${f1(before)} → ${f1(peak)} | ${f1(peak - before)} | ${u.samples.map((x) => x.status).join(', ')} |`,
      );
    }
  }
  if (contention.length) {
    out.push(
      '',
      '| upload contention (PostgreSQL, 2 inspection workers): a 1-page PDF (880 B) while 4 other accounts each upload a PDF of 400 000 objects | idle p50 ms | during p50 ms | during max ms | ratio p50 | ratio max | 1-page statuses | hostile statuses, p50 ms | load |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const c of contention) {
      const idle = median(c.result.idle.map((s) => s.ms));
      const busy = c.result.contended.map((s) => s.ms);
      out.push(
        `| ${c.variant} (${(c.hostileBytes / 1e6).toFixed(1)} MB each, ${c.result.rounds} round${c.result.rounds > 1 ? 's' : ''}) | ${f1(idle)} | ${f1(median(busy))} | ${f1(Math.max(...busy))} | ${f2(median(busy) / idle)} | ${f2(Math.max(...busy) / idle)} | ${statusSummary(c.result.contended)} | ${statusSummary(c.result.hostile)}, ${f1(median(c.result.hostile.map((s) => s.ms)))} | ${c.load.toFixed(1)} |`,
      );
    }
  }
  if (idle.length > 0) {
    out.push('', '| idle RSS of the compiled server, 3 s after ready | MB | target (issue 19.5) |', '| --- | --- | --- |');
    for (const r of idle) out.push(`| ${r.label} | ${r.mb.toFixed(0)} | ${r.label.startsWith('PostgreSQL') ? '≤ 150' : '≤ 300'} |`);
  }
  if (render) {
    out.push(
      '',
      '| PDF generation (in-process, warm, 50 renders) | mean ms | p50 ms | p99 ms | CPU ms/doc | bytes |',
      '| --- | --- | --- | --- | --- | --- |',
      `| 受理通知书 renderDocumentPdf | ${f1(render.notice.meanMs)} | ${f1(render.notice.p50Ms)} | ${f1(render.notice.p99Ms)} | ${f1(render.notice.cpuMsPerDoc)} | ${render.notice.bytes} |`,
      `| baseline: bare pdfkit A4 page, same CJK font, one paragraph | ${f1(render.floor.meanMs)} | ${f1(render.floor.p50Ms)} | ${f1(render.floor.p99Ms)} | ${f1(render.floor.cpuMsPerDoc)} | ${render.floor.bytes} |`,
      `| ratio baseline ÷ notice | ${f2(render.floor.meanMs / render.notice.meanMs)} | | | | |`,
      `| 受理通知书 in the render worker (CPU: the whole process), first after start ${f1(render.pooled.firstMs)} ms | ${f1(render.pooled.notice.meanMs)} | ${f1(render.pooled.notice.p50Ms)} | ${f1(render.pooled.notice.p99Ms)} | ${f1(render.pooled.notice.cpuMsPerDoc)} | ${render.pooled.notice.bytes} |`,
      `| 申请表 (issue 20) in the render worker | ${f1(render.pooled.applicationForm.meanMs)} | ${f1(render.pooled.applicationForm.p50Ms)} | ${f1(render.pooled.applicationForm.p99Ms)} | ${f1(render.pooled.applicationForm.cpuMsPerDoc)} | ${render.pooled.applicationForm.bytes} |`,
    );
  }
  return out.join('\n');
}

const FINDINGS_START = '<!-- findings: kept by npm run bench -->';
const FINDINGS_END = '<!-- /findings -->';

async function writeDoc(table: string, extra: string) {
  let findings = `${FINDINGS_START}\n_No findings recorded yet._\n${FINDINGS_END}`;
  try {
    const old = await readFile(DOC, 'utf8');
    const a = old.indexOf(FINDINGS_START);
    const b = old.indexOf(FINDINGS_END);
    if (a >= 0 && b > a) findings = old.slice(a, b + FINDINGS_END.length);
  } catch {
    // first run
  }
  const doc = `# Benchmarks

Generated by \`npm run bench\` (scripts/bench/run.ts); the findings section is written by hand and kept
when the script rewrites this file. **Ratios, not absolute numbers**: the load generator (autocannon,
${opts.connections} connections, ${opts.seconds} s per scenario after a ${opts.warmup} s warm-up) runs on the same box as the server and
the database, and every scenario is divided by bare baselines measured in the same run, right before and
after the scenarios of each backend (the mean; both are shown), as QUALITY.md §4.3 asks.

## How to rerun

\`\`\`sh
npm ci
DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench
\`\`\`

It creates a fresh database on that server (\`zizhi_bench_…\`), runs the migrations (\`migrateToLatest\`),
seeds it, measures, and drops it (\`-- --keep\` keeps it; \`-- --reuse=NAME\` measures an already seeded one).
Then the same HTTP scenarios on PGlite (\`-- --no-pglite\` skips; \`-- --pglite-scale=\` sets its seed).
Other options: \`--only=draft-save,progress-list,progress-track,staff-queue,staff-search,staff-statistics,public-list,two-processes,public-notices,public-search-miss,login,upload,upload-contention,pdf,idle-rss\`,
\`--seconds=\`, \`--connections=\`, \`--no-upload\`, \`--no-write\`. \`BENCH_CPU_PROF=<dir>\` writes a V8 CPU profile of
each server process (open it in Chrome DevTools).

## What is measured

- **Server**: the real app (\`createApp\`, \`NODE_ENV=production\`, logging off, timer jobs off, pool of 10)
  listening on loopback in its own process; sessions are rows in \`sessions\` as a login leaves them
  (cookie \`zz_sid\`, \`x-csrf-token\` and \`Origin\` on writes).
- **Baselines** (same process setup, same Kysely/pg pool of 10 or PGlite): bare Fastify \`GET /hello\`,
  \`GET /select1\` (one \`select 1\` round trip) and \`POST /insert\` (one fsynced single-row INSERT).
  "× select 1" divides by the second; "× class baseline" divides by the one QUALITY.md §4.3 names for
  that kind of endpoint, with its healthy range.
- **Per request**, counted by the server process itself around the measured run (steadier than
  requests/s when other work shares the box): its CPU time ("server CPU ms/req"; with PGlite the
  database runs in that process and is included) and the statements it sent to the database,
  BEGIN and COMMIT included ("statements/req", counted at the pg/PGlite driver).
- **Scenarios**: 暂存 (each in-flight request on its own draft, with the version the previous save
  returned); 办事进度 of enterprises with about a dozen applications (rotating over 10 sessions);
  流程跟踪 of their latest cases; the 审查 queue filtered by item and a name fragment; the public 公示
  list, a search asked again and a new search every request (each request from its own
  \`X-Forwarded-For\` address with \`TRUST_PROXY=true\`, as behind a proxy: the route allows 300
  requests a minute per address); the IdP password POST; uploads; upload contention (a 1-page
  upload's latency while four other accounts each upload a 25 MB PDF of 400 000 objects, divided by
  the same upload on the idle server; once more with the PDF pre-check off, \`BENCH_PDF_PRECHECK=off\`); PDF
  documents. "load" is the 1-minute load average when the measured run started.
- **Seed** (set-based SQL; case histories are random walks through the real workflow engine, so each
  one replays): ${facts.pgCounts ?? ''}; seeded in ${facts.pgSeed ?? '–'}.
  PGlite: ${facts.pgliteCounts ?? 'not run'}${facts.pgliteSeed ? `; seeded in ${facts.pgliteSeed}` : ''}.
- **Machine**: ${facts.machine}; ${facts.pgVersion ?? ''}, default configuration. Load average at start ${facts.loadAtStart}
  (the load column gives it for each scenario's measured run). Whole run: ${facts.total}.

## Results

${table}

${extra}

## Findings

${findings}
`;
  await writeFile(DOC, doc);
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await cleanup();
}
