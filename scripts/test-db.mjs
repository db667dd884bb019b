// Database/API tier: every *.db.test.ts on embedded PGlite, then again on PostgreSQL
// when TEST_DATABASE_URL is set. Under CI=true a missing PostgreSQL fails the run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findTests } from './find-tests.mjs';

const files = findTests('db');
const backends = ['pglite'];
if (process.env.TEST_DATABASE_URL) backends.push('postgres');
else if (process.env.CI === 'true') {
  console.error('CI=true but TEST_DATABASE_URL is not set: the PostgreSQL run cannot be skipped in CI.');
  process.exit(1);
} else {
  console.warn('TEST_DATABASE_URL not set: running the database tests on PGlite only.');
}

// HTTP-layer suites whose database work is trivial and the same on both backends (every route ×
// every caller, ~350 bad bodies, headers on every page type): run once, on PostgreSQL (the
// production backend) when there is one, else on PGlite.
const ONCE = ['route-matrix', 'bad-input', 'headers'].map((name) => path.join('src', 'server', 'security', `${name}.db.test.ts`));

// One migrated PGlite for the whole tier: each test process loads it instead of running initdb.
const templateDir = mkdtempSync(path.join(tmpdir(), 'zizhi-pglite-template-'));
const template = path.join(templateDir, 'migrated.tar');
const made = spawnSync(process.execPath, ['--import', 'tsx', 'test/support/make-pglite-template.ts', template], { stdio: 'inherit' });
if (made.status !== 0) process.exit(made.status ?? 1);

let failed = false;
for (const backend of backends) {
  const run = backend === 'pglite' && backends.includes('postgres') ? files.filter((f) => !ONCE.includes(f)) : files;
  console.log(`\n=== database tests on ${backend}${run.length < files.length ? ` (${files.length - run.length} HTTP-layer files run on postgres only)` : ''} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=3', ...run], {
    stdio: 'inherit',
    env: { ...process.env, TEST_DB: backend, TEST_PGLITE_TEMPLATE: template },
  });
  if (r.status !== 0) failed = true;
}
rmSync(templateDir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
