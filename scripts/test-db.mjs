// Database/API tier: every *.db.test.ts on embedded PGlite, then again on PostgreSQL
// when TEST_DATABASE_URL is set. Under CI=true a missing PostgreSQL fails the run.
import { spawnSync } from 'node:child_process';
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

let failed = false;
for (const backend of backends) {
  console.log(`\n=== database tests on ${backend} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=3', ...files], {
    stdio: 'inherit',
    env: { ...process.env, TEST_DB: backend },
  });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
