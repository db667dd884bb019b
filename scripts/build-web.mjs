// Builds the browser app into dist/web so that a running instance never loses the files it serves.
//
// Vite builds into a fresh staging folder; its hashed assets are copied next to the ones already in
// dist/web (old ones stay: a page loaded before may still ask for them), and index.html is swapped
// in last, by rename. A build whose inputs are unchanged (same hash of the web sources, the shared
// domain and API contract, the lockfile and the Vite config) is skipped, so `npm start` of a second
// instance in the same folder does nothing to the first. `--force` (npm run build) builds regardless.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'dist', 'web');
const stampFile = path.join(out, '.build-hash');
const force = process.argv.includes('--force');

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else yield full;
  }
}

function inputsHash() {
  const hash = createHash('sha256');
  const inputs = [
    ...files(path.join(root, 'src', 'web')),
    ...files(path.join(root, 'src', 'domain')),
    ...files(path.join(root, 'src', 'contract')),
    path.join(root, 'package-lock.json'),
    path.join(root, 'vite.config.ts'),
  ];
  for (const file of inputs.sort()) {
    hash.update(path.relative(root, file));
    hash.update(readFileSync(file));
  }
  return hash.digest('hex');
}

const hash = inputsHash();
if (!force && existsSync(path.join(out, 'index.html')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) {
  console.log('dist/web is up to date');
  process.exit(0);
}

mkdirSync(path.join(root, 'dist'), { recursive: true });
const staging = mkdtempSync(path.join(root, 'dist', '.web-build-'));
try {
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const built = spawnSync(npx, ['vite', 'build', '--logLevel', 'warn', '--outDir', staging, '--emptyOutDir'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
  mkdirSync(out, { recursive: true });
  // Everything but index.html first: new hashed names never overwrite a file another instance serves.
  for (const entry of readdirSync(staging)) {
    if (entry === 'index.html') continue;
    cpSync(path.join(staging, entry), path.join(out, entry), { recursive: true, force: true });
  }
  renameSync(path.join(staging, 'index.html'), path.join(out, 'index.html.next'));
  renameSync(path.join(out, 'index.html.next'), path.join(out, 'index.html'));
  writeFileSync(stampFile, hash);
  // Assets of builds older than a week are no longer asked for by any open page.
  const assets = path.join(out, 'assets');
  const fresh = new Set(existsSync(path.join(staging, 'assets')) ? readdirSync(path.join(staging, 'assets')) : []);
  if (existsSync(assets)) {
    for (const entry of readdirSync(assets)) {
      const file = path.join(assets, entry);
      if (!fresh.has(entry) && Date.now() - statSync(file).mtimeMs > 7 * 86_400_000) rmSync(file, { force: true });
    }
  }
} finally {
  rmSync(staging, { recursive: true, force: true });
}
