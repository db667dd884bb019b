import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, TEST_BACKEND, type TestDatabase } from '../../test/support/db.ts';
import { serverCommand } from '../../test/support/server-process.ts';

// The real process as `npm start` runs it: config check, embedded database lock, SIGTERM.

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Every process a test started: a failing assertion must not leave one running (the runner would wait for it forever). */
const running = new Set<ChildProcess>();
after(() => {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function start(env: Record<string, string>): Started {
  let output = '';
  const [node, args] = serverCommand();
  const child = spawn(node, args, {
    env: { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  running.add(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitReady(port: number, proc: Started, timeoutMs = 120_000): Promise<Record<string, string>> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`server exited early: ${proc.output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (res.ok) return (await res.json()) as Record<string, string>;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server not ready: ${proc.output()}`);
}

describe('server process', { skip: TEST_BACKEND !== 'pglite' && 'process checks run once, on the embedded run' }, () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'zizhi-main-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  test('bad configuration stops the start with a message naming the variable', async () => {
    const proc = start({ PORT: 'abc', DATA_DIR: dataDir });
    assert.equal(await proc.exited, 1);
    assert.match(proc.output(), /PORT/);
    assert.match(proc.output(), /端口/);
  });

  test('first start creates, migrates and seeds the embedded database; a second process is refused; SIGTERM closes cleanly', async () => {
    const port = 3400 + Math.floor(Math.random() * 500);
    const first = start({ PORT: String(port), DATA_DIR: dataDir });
    const ready = await waitReady(port, first);
    assert.equal(ready.database, 'pglite');
    assert.match(first.output(), /已创建演示账号/);
    assert.match(first.output(), /shouli/);
    assert.ok(existsSync(path.join(dataDir, 'zizhi.lock')));

    const second = start({ PORT: String(port + 1), DATA_DIR: dataDir });
    assert.equal(await second.exited, 1);
    assert.match(second.output(), /正被进程 \d+ 使用/);

    first.child.kill('SIGTERM');
    assert.equal(await first.exited, 0);
    assert.equal(existsSync(path.join(dataDir, 'zizhi.lock')), false, 'lock released on shutdown');

    // Clean reopen: same data, no second seeding.
    const again = start({ PORT: String(port + 2), DATA_DIR: dataDir });
    await waitReady(port + 2, again);
    assert.doesNotMatch(again.output(), /已创建演示账号/);
    again.child.kill('SIGTERM');
    assert.equal(await again.exited, 0);
  });

  test('a lock left by a killed process is taken over', async () => {
    const port = 3950 + Math.floor(Math.random() * 40);
    const victim = start({ PORT: String(port), DATA_DIR: dataDir });
    await waitReady(port, victim);
    victim.child.kill('SIGKILL');
    await victim.exited;
    assert.ok(existsSync(path.join(dataDir, 'zizhi.lock')), 'stale lock remains after kill -9');
    const next = start({ PORT: String(port + 1), DATA_DIR: dataDir });
    await waitReady(port + 1, next);
    next.child.kill('SIGTERM');
    assert.equal(await next.exited, 0);
  });
});

/** The process ids of a process's children. */
function childPids(pid: number): number[] {
  const found = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' });
  return found.stdout.split('\n').filter(Boolean).map(Number);
}

describe('several server processes (WEB_CONCURRENCY)', { skip: TEST_BACKEND !== 'postgres' && 'needs PostgreSQL: an embedded database belongs to one process' }, () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase({ migrate: false });
  });
  after(() => database?.dispose());

  test('on the embedded database it is refused, naming the variable and why', async () => {
    const proc = start({ WEB_CONCURRENCY: '2', PORT: '3999', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'zizhi-cluster-')) });
    assert.equal(await proc.exited, 1);
    assert.match(proc.output(), /WEB_CONCURRENCY: 嵌入式数据库只能由一个进程打开/);
  });

  test('two workers share the port; one killed is replaced while the other serves; SIGTERM stops all', async () => {
    const port = 4400 + Math.floor(Math.random() * 400);
    const proc = start({ WEB_CONCURRENCY: '2', PORT: String(port), DATABASE_URL: database.url!, SEED_DEMO: 'false' });
    const ready = await waitReady(port, proc);
    assert.equal(ready.database, 'postgres');
    await eventually(() => /进程数：2/.test(proc.output()), 'the start line once both listen');
    assert.equal(proc.output().match(/zizhi 已启动/g)?.length, 1, 'said once, by the primary');
    const workers = childPids(proc.child.pid!);
    assert.equal(workers.length, 2, proc.output());

    process.kill(workers[0]!, 'SIGKILL');
    // Once the primary knows (a connection it handed over just before is lost with the worker):
    await eventually(() => /工作进程 \d+ 已退出（SIGKILL），正在重新启动/.test(proc.output()), 'the primary to see the death');
    for (let i = 0; i < 20; i++) assert.equal((await fetch(`http://127.0.0.1:${port}/readyz`)).status, 200, 'the other worker answers meanwhile');
    await eventually(() => {
      const now = childPids(proc.child.pid!);
      return now.length === 2 && !now.includes(workers[0]!);
    }, 'a new worker in its place');
    await eventually(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200, 'serving');

    const all = childPids(proc.child.pid!);
    proc.child.kill('SIGTERM');
    assert.equal(await proc.exited, 0);
    for (const pid of all) assert.throws(() => process.kill(pid, 0), 'every worker gone');
  });
});

async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
