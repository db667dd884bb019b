// Browser tier: builds the web app and the server and runs Playwright against Debian's chromium.
// Under CI=true a missing browser fails the run; elsewhere it is reported and skipped.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  const message = `Chromium not found at ${chromium} (apt-get install chromium fonts-noto-cjk, or set CHROMIUM_PATH).`;
  if (process.env.CI === 'true') {
    console.error(`${message} CI=true: browser tests cannot be skipped.`);
    process.exit(1);
  }
  console.warn(`${message} Browser tests SKIPPED.`);
  process.exit(0);
}
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', shell: false }).status ?? 1;
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
let status = run(process.execPath, ['scripts/build-web.mjs']);
if (status === 0) status = run(process.execPath, ['scripts/build-server.mjs']);
console.log(`(web and server build: ${Math.round(performance.now() / 1000)} s)`);
if (status === 0) status = run(npx, ['playwright', 'test', ...process.argv.slice(2)]);
console.log(`(browser tier: ${Math.round(performance.now() / 1000)} s)`);
process.exit(status);
