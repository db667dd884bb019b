// Unit tier: pure code, no database, no browser.
import { spawnSync } from 'node:child_process';
import { findTests } from './find-tests.mjs';

const files = findTests('unit');
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
