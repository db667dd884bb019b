// One process of a test tier (node --import tsx scripts/test-shard.mjs <claims dir> <files…>).
// Several run side by side; each claims the next unclaimed file (mkdir is atomic, so every file
// runs exactly once) and runs it as one suite in this process. The app and its dependencies load
// once per process instead of once per file — through tsx's loader hooks that is ~3 s a file.
//
// A file's top-level test(), describe() and hooks are held while the file loads and replayed
// inside a suite named after the file, so before/after/beforeEach stay scoped to their file as
// they are when each file has a process of its own (node's --test-isolation=none lets them leak).
import { mkdirSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [claims, ...files] = process.argv.slice(2);
if (!claims || files.length === 0) {
  console.error('usage: node --import tsx scripts/test-shard.mjs <claims dir> <test files…>');
  process.exit(2);
}

const nodeTest = createRequire(import.meta.url)('node:test');
const NAMES = ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach'];
const real = Object.fromEntries(NAMES.map((name) => [name, nodeTest[name]]));
/** Registrations made by the file being loaded; undefined once it has loaded. */
let held;
for (const name of NAMES) {
  nodeTest[name] = (...args) => {
    if (!held) return real[name](...args);
    held.push(() => real[name](...args));
    return undefined;
  };
}
syncBuiltinESMExports();

const claim = (index) => {
  try {
    mkdirSync(path.join(claims, String(index)));
    return true;
  } catch (error) {
    if (error.code === 'EEXIST') return false;
    throw error;
  }
};

for (const [index, file] of files.entries()) {
  if (!claim(index)) continue;
  held = [];
  let loadError;
  try {
    await import(pathToFileURL(path.resolve(file)).href);
  } catch (error) {
    loadError = error;
  }
  const registrations = held;
  held = undefined;
  await new Promise((resolve) => {
    real.describe(file, () => {
      if (loadError) real.test('loads', () => { throw loadError; });
      for (const register of registrations) register();
      real.after(resolve);
    });
  });
}
