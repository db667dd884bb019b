// Database/API tier: every *.db.test.ts on embedded PGlite, then again on PostgreSQL
// when TEST_DATABASE_URL is set. Under CI=true a missing PostgreSQL fails the run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findTests } from './find-tests.mjs';
import { runShards } from './shards.mjs';

const files = findTests('db');
const backends = ['pglite'];
if (process.env.TEST_DATABASE_URL) backends.push('postgres');
else if (process.env.CI === 'true') {
  console.error('CI=true but TEST_DATABASE_URL is not set: the PostgreSQL run cannot be skipped in CI.');
  process.exit(1);
} else {
  console.warn('TEST_DATABASE_URL not set: running the database tests on PGlite only.');
}

/** A list of test files by path ('/'-separated), each of which must exist. */
function testFiles(name, list) {
  const paths = list.map((file) => path.join(...file.split('/')));
  const missing = paths.filter((file) => !files.includes(file));
  if (missing.length) {
    console.error(`scripts/test-db.mjs: ${name} names files that do not exist: ${missing.join(', ')}`);
    process.exit(1);
  }
  return paths;
}

// Suites whose database work is plain reads and writes, the same on both backends, and whose
// cost is elsewhere: the HTTP layer (every route × every caller, ~350 bad bodies, headers on
// every page type, login flows, open redirects), hostile uploads through the PDF inspector, and
// PDF documents rendered and read back with poppler. They run once: on PostgreSQL (the production
// backend) when there is one, else on PGlite. PGlite keeps every other suite, the crash tests and
// the whole browser tier, which runs on the embedded database.
const ONCE = testFiles('ONCE', [
  'src/server/security/route-matrix.db.test.ts',
  'src/server/security/bad-input.db.test.ts',
  'src/server/security/headers.db.test.ts',
  'src/server/security/uploads.db.test.ts',
  'src/server/security/auth-flows.db.test.ts',
  'src/server/auth/open-redirect.db.test.ts',
  'src/server/documents/documents.db.test.ts',
]);

// The compiled server that the tests which start real processes run (test/support/server-process.ts
// builds it too when missing or stale; done here once, before the shards race for it).
const builtServer = spawnSync(process.execPath, ['scripts/build-server.mjs'], { stdio: 'inherit' });
if (builtServer.status !== 0) process.exit(builtServer.status ?? 1);

// One migrated PGlite for the whole tier: each test process loads it instead of running initdb.
const templateDir = mkdtempSync(path.join(tmpdir(), 'zizhi-pglite-template-'));
const template = path.join(templateDir, 'migrated.tar');
const made = spawnSync(process.execPath, ['--import', 'tsx', 'test/support/make-pglite-template.ts', template], { stdio: 'inherit' });
if (made.status !== 0) process.exit(made.status ?? 1);

// And one migrated PostgreSQL database that each test database is created from (a copy).
const pgTemplate = `zizhi_template_${Date.now().toString(36)}_${process.pid}`;
async function dropPgTemplate() {
  const pg = (await import('pg')).default;
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${pgTemplate} with (force)`);
  await admin.end();
}

// Files that take longest start first (in this order), so no shard ends up running one of them
// alone at the end; the rest follow in name order. A stale list costs balance, never coverage.
const LONGEST_FIRST = testFiles('LONGEST_FIRST', [
  'test/resilience/crash.db.test.ts',
  'src/server/auth/idp/login.db.test.ts',
  'src/server/main.db.test.ts',
  'src/server/auth/idp/registration.db.test.ts',
  'src/server/auth/idp/totp.db.test.ts',
  'src/server/auth/session.db.test.ts',
  'src/server/documents/documents.db.test.ts',
  'src/server/cases/clock-rules.db.test.ts',
  'src/server/security/route-matrix.db.test.ts',
  'src/server/security/uploads.db.test.ts',
  'src/server/notices/notices.db.test.ts',
]);
const byCost = (list) => [...LONGEST_FIRST.filter((file) => list.includes(file)), ...list.filter((file) => !LONGEST_FIRST.includes(file))];

// Three processes side by side, each taking the next file when done with one: on two cores one
// of them is usually waiting on a database.
const SHARDS = Number(process.env.TEST_DB_SHARDS ?? 3);

let failed = false;
for (const backend of backends) {
  const run = backend === 'pglite' && backends.includes('postgres') ? files.filter((f) => !ONCE.includes(f)) : files;
  console.log(`\n=== database tests on ${backend}${run.length < files.length ? ` (${files.length - run.length} files run on postgres only: see ONCE)` : ''} ===`);
  // TEST_NODE_POSTGRES: another Node.js for the PostgreSQL run (CI: the production LTS line).
  const node = backend === 'postgres' && process.env.TEST_NODE_POSTGRES ? process.env.TEST_NODE_POSTGRES : process.execPath;
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) {
    console.error(`scripts/test-db.mjs: cannot run ${node}`);
    process.exit(1);
  }
  console.log(`(Node.js ${version.stdout.trim()})`);
  // Fixture passwords at scrypt 2^10 (src/server/auth/idp/passwords.ts): the same code, 1/32 of the CPU.
  const env = { TEST_SCRYPT_LOG2_N: '10', ...process.env, TEST_DB: backend, TEST_PGLITE_TEMPLATE: template };
  if (backend === 'postgres') {
    const migrated = spawnSync(node, ['--import', 'tsx', 'test/support/make-postgres-template.ts', pgTemplate], { stdio: 'inherit', env });
    if (migrated.status !== 0) {
      failed = true;
      continue;
    }
    env.TEST_PG_TEMPLATE = pgTemplate;
  }
  if (!(await runShards({ node, files: byCost(run), shards: SHARDS, env }))) failed = true;
}
rmSync(templateDir, { recursive: true, force: true });
if (backends.includes('postgres')) await dropPgTemplate();
console.log(`(database tier: ${Math.round(performance.now() / 1000)} s)`);
process.exit(failed ? 1 : 0);
