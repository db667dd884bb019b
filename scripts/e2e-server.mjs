// The built app (dist/web, dist/server: scripts/test-e2e.mjs builds both) on a fresh embedded
// database, for the browser tests.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const dataDir = mkdtempSync(path.join(tmpdir(), 'zizhi-e2e-'));
const port = process.env.E2E_PORT ?? '3199';
const child = spawn(process.execPath, ['dist/server/main.js'], {
  stdio: 'inherit',
  // Demo passwords at scrypt 2^10 (src/server/auth/idp/passwords.ts): the journeys log in often.
  // TRUST_PROXY: each journey sends its own X-Forwarded-For (e2e/test.ts), one address per person.
  env: { TEST_SCRYPT_LOG2_N: '10', ...process.env, DATA_DIR: dataDir, PORT: port, PUBLIC_URL: `http://localhost:${port}`, SEED_DEMO: 'true', LOG_LEVEL: 'warn', DATABASE_URL: '', TEST_HOOKS: 'true', TRUST_PROXY: 'true' },
});
const stop = () => child.kill('SIGTERM');
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
child.on('exit', (code) => {
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(code ?? 0);
});
