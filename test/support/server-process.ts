import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:net';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Config } from '../../src/server/config.ts';
import type { TestApp } from './app.ts';
import type { TestDatabase } from './db.ts';

/**
 * The server as `npm start` runs it (compiled: node dist/server/main.js), for tests that kill
 * it, restart it or run several of it; and an adapter that lets the inject-based helpers
 * (InjectBrowser, ApplicantApi, the login flows) speak HTTP to such processes over real sockets.
 */

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  exited: Promise<number | null>;
  /** SIGKILL, resolved once the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM (graceful shutdown), resolved with the exit code. */
  stop(): Promise<number | null>;
}

let built = false;

/**
 * `node dist/server/main.js` as `npm start` runs it, built first from the sources when they changed
 * (scripts/build-server.mjs; a no-op when up to date), so a test never runs a stale build.
 */
export function serverCommand(): [string, string[]] {
  if (!built) {
    const result = spawnSync(process.execPath, ['scripts/build-server.mjs'], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`scripts/build-server.mjs failed: ${result.stdout}${result.stderr}`);
    built = true;
  }
  return [process.execPath, ['dist/server/main.js']];
}

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Spawn the server with `env` on top of ours (PORT is required) and wait for /readyz. */
export async function startServer(env: Record<string, string>, opts: { timeoutMs?: number } = {}): Promise<ServerProcess> {
  const port = Number(env.PORT);
  let output = '';
  const [node, args] = serverCommand();
  const child = spawn(node, args, {
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', SEED_DEMO: 'false', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const proc: ServerProcess = {
    child,
    port,
    output: () => output,
    exited,
    kill9: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
  try {
    await waitReady(proc, opts.timeoutMs ?? 90_000);
  } catch (error) {
    await proc.kill9();
    throw error;
  }
  return proc;
}

async function waitReady(proc: ServerProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`server exited early (${proc.child.exitCode}): ${proc.output()}`);
    if ((await readyStatus(proc.port)) === 200) return;
    await sleep(100);
  }
  throw new Error(`server not ready after ${timeoutMs} ms: ${proc.output()}`);
}

/** GET /readyz: its status, or 0 when nothing answers. */
export async function readyStatus(port: number, timeoutMs = 5_000): Promise<number> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Poll `check` until it returns true or `timeoutMs` passes; returns whether it did. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(everyMs);
  }
}

/** Every file under `dir`, relative to it, sorted; [] when `dir` does not exist. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(path.relative(dir, full));
    }
  };
  walk(dir);
  return out.sort();
}

/** Size of a file, 0 when it is gone. */
export function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

// ------------------------------------------------------------------ HTTP over real sockets

interface InjectOptions {
  method: string;
  url: string;
  headers?: Record<string, string>;
  payload?: string | Buffer;
  remoteAddress?: string;
}

/** What the helpers read of a light-my-request answer, built from a real HTTP response. */
function toResponse(statusCode: number, headers: IncomingHttpHeaders, raw: Buffer): LightMyRequestResponse {
  const body = raw.toString('utf8');
  const setCookie = headers['set-cookie'] ?? [];
  return {
    statusCode,
    headers,
    body,
    payload: body,
    rawPayload: raw,
    json: () => JSON.parse(body),
    cookies: setCookie.map(parseSetCookie),
  } as unknown as LightMyRequestResponse;
}

function parseSetCookie(header: string) {
  const [pair, ...attrs] = header.split(';');
  const eq = pair!.indexOf('=');
  const cookie: { name: string; value: string; path?: string; maxAge?: number; expires?: Date } = {
    name: pair!.slice(0, eq).trim(),
    value: decodeURIComponent(pair!.slice(eq + 1).trim()),
  };
  for (const attr of attrs) {
    const [k, v = ''] = attr.split('=');
    const key = k!.trim().toLowerCase();
    if (key === 'path') cookie.path = v.trim();
    else if (key === 'max-age') cookie.maxAge = Number(v);
    else if (key === 'expires') cookie.expires = new Date(v);
  }
  return cookie;
}

/**
 * Which instance answers: a load balancer in front of one or more processes. A browser (its
 * `remoteAddress`) pinned to a port always goes there; everyone else round-robin.
 */
export class Upstreams {
  private turn = 0;
  private readonly pins = new Map<string, number>();
  constructor(public ports: number[]) {}

  pick(remoteAddress: string | undefined): number {
    const pinned = remoteAddress ? this.pins.get(remoteAddress) : undefined;
    if (pinned !== undefined) return pinned;
    const port = this.ports[this.turn % this.ports.length]!;
    this.turn++;
    return port;
  }

  pin(remoteAddress: string, port: number | undefined): void {
    if (port === undefined) this.pins.delete(remoteAddress);
    else this.pins.set(remoteAddress, port);
  }
}

/**
 * Each InjectBrowser has its own 10.x.y.z address; over loopback it becomes 127.x.y.z as the
 * socket's source, so the server sees distinct clients (per-client rate limits) as with inject.
 */
export function loopbackOf(remoteAddress: string | undefined): string | undefined {
  if (!remoteAddress) return undefined;
  const m = /^\d+\.(\d+)\.(\d+)\.(\d+)$/.exec(remoteAddress);
  return m ? `127.${m[1]}.${m[2]}.${m[3]}` : undefined;
}

/** One HTTP request to 127.0.0.1:port, a fresh connection each time (a killed server leaves no stale keep-alive socket). */
export function httpInject(port: number, opts: InjectOptions): Promise<LightMyRequestResponse> {
  return new Promise((resolve, reject) => {
    const payload = opts.payload === undefined ? undefined : Buffer.isBuffer(opts.payload) ? opts.payload : Buffer.from(opts.payload);
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: opts.method,
        path: opts.url,
        agent: false,
        localAddress: loopbackOf(opts.remoteAddress),
        headers: { ...opts.headers, ...(payload ? { 'content-length': String(payload.length) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(toResponse(res.statusCode ?? 0, res.headers, Buffer.concat(chunks))));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * A TestApp whose `app.inject` is a real HTTP request to a server process, so the helpers of
 * test/support (loggedInLegal, ApplicantApi, loginStaff …) drive it unchanged. Its clock is the
 * system clock (the process runs on it); `database` is the test's own connection when it has one.
 */
export function remoteTestApp(opts: { publicUrl: string; upstreams: Upstreams; database?: TestDatabase }): TestApp {
  const app = { inject: (o: InjectOptions) => httpInject(opts.upstreams.pick(o.remoteAddress), o) } as unknown as FastifyInstance;
  const clock = {
    now: () => new Date(),
    advance: () => {
      throw new Error('a server process runs on the system clock');
    },
    set: () => {
      throw new Error('a server process runs on the system clock');
    },
  };
  return {
    app,
    clock,
    database: opts.database as TestDatabase,
    config: { publicUrl: opts.publicUrl } as Config,
    close: async () => {},
  };
}
