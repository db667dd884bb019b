// Unit tier: pure code, no database, no browser. TEST_NODE_UNIT: another Node.js to run it on
// (CI: the production LTS line, while the database and browser tiers cover the machine's Node).
import { spawnSync } from 'node:child_process';
import { findTests } from './find-tests.mjs';
import { runShards } from './shards.mjs';

const files = findTests('unit');
const node = process.env.TEST_NODE_UNIT || process.execPath;
const version = spawnSync(node, ['--version'], { encoding: 'utf8' });
if (version.status !== 0) {
  console.error(`scripts/test-unit.mjs: cannot run ${node}`);
  process.exit(1);
}
console.log(`(Node.js ${version.stdout.trim()})`);
// Two processes, one per core (scripts/shards.mjs): each loads the modules once for all its files.
const passed = await runShards({ node, files, shards: Number(process.env.TEST_UNIT_SHARDS ?? 2) });
console.log(`(unit tier: ${Math.round(performance.now() / 1000)} s)`);
process.exit(passed ? 0 : 1);
