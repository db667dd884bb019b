// Runs test files in `shards` processes side by side (scripts/test-shard.mjs): each loads the
// app's modules once and takes the next unclaimed file when done with one, in the order given.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Resolves true when every file passed. */
export function runShards({ node, files, shards, env = process.env }) {
  const claims = mkdtempSync(path.join(tmpdir(), 'zizhi-test-claims-'));
  const exits = Array.from({ length: Math.min(shards, files.length) }, () => {
    const child = spawn(node, ['--import', 'tsx', '--test-reporter=spec', 'scripts/test-shard.mjs', claims, ...files], { stdio: 'inherit', env });
    return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  });
  return Promise.all(exits).then((codes) => {
    rmSync(claims, { recursive: true, force: true });
    return codes.every((code) => code === 0);
  });
}
