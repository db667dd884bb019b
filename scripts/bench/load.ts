import { fork, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  /** Responses with a status outside 2xx, plus connection errors and timeouts. */
  non2xx: number;
  bytesPerRequest: number;
  /** 1-minute load average when the run started (other work on the box shows here). */
  load: number;
  /** Per measured request, from the server's own counters (see LoadOptions.counters). */
  perRequest?: Record<string, number>;
}

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  method?: 'GET' | 'PUT' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Per-request setup (rotating sessions, ids, versions). */
  requests?: autocannon.Request[];
  /** Runs before the warm-up and before the measured run. */
  prepare?: () => Promise<void>;
  /**
   * Cumulative counters read right before and after the measured run (server CPU time, database
   * transactions): their growth per request is steadier than requests/s on a shared box.
   */
  counters?: () => Promise<Record<string, number>>;
}

async function once(opts: LoadOptions, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: opts.url,
    connections: opts.connections,
    duration: seconds,
    pipelining: 1,
    timeout: 30,
    ...(opts.method ? { method: opts.method } : {}),
    ...(opts.headers ? { headers: opts.headers } : {}),
    ...(opts.body ? { body: opts.body } : {}),
    ...(opts.requests ? { requests: opts.requests } : {}),
  });
}

/** Warm up, then measure: requests/s (mean of per-second samples), p50/p99 latency in ms. */
export async function measure(opts: LoadOptions): Promise<LoadResult> {
  if (opts.warmupSeconds > 0) {
    await opts.prepare?.();
    await once(opts, opts.warmupSeconds);
  }
  await opts.prepare?.();
  const load = loadavg()[0]!;
  const start = await opts.counters?.();
  const r = await once(opts, opts.seconds);
  const end = await opts.counters?.();
  const perRequest = start && end && r.requests.total ? Object.fromEntries(Object.keys(start).map((k) => [k, (end[k]! - start[k]!) / r.requests.total])) : undefined;
  return {
    ...(perRequest ? { perRequest } : {}),
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx + r.errors, // errors include timeouts
    bytesPerRequest: r.requests.total ? r.throughput.total / r.requests.total : 0,
    load,
  };
}

export interface ServerHandle {
  child: ChildProcess;
  port: number;
  routes: Record<string, boolean>;
  /** The server process's CPU time so far (user + system, µs) and the statements it sent to the database. */
  counters(): Promise<{ cpuMicros: number; statements: number }>;
  stop(): Promise<void>;
}

const SERVER = new URL('./server.ts', import.meta.url);
const live = new Set<ChildProcess>();

/** Start scripts/bench/server.ts in its own process and wait until it listens. */
export async function startServer(env: Record<string, string | undefined>): Promise<ServerHandle> {
  const child = fork(SERVER, [], {
    // BENCH_CPU_PROF=<dir>: a V8 CPU profile of each server process, written when it stops.
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  live.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => live.delete(child));
  const ready = await new Promise<{ port: number; routes: Record<string, boolean> }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bench server did not start within 120 s')), 120_000);
    child.once('message', (m: { ready?: boolean; port: number; routes: Record<string, boolean> }) => {
      clearTimeout(timer);
      resolve(m);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bench server exited with code ${code} before it was ready`));
    });
  });
  return {
    child,
    port: ready.port,
    routes: ready.routes,
    counters: () =>
      new Promise((resolve) => {
        child.once('message', (m: { cpuMicros: number; statements: number }) => resolve(m));
        child.send({ counters: true });
      }),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Kill every bench server still running (on errors and Ctrl-C). */
export function killServers(): void {
  for (const child of live) child.kill('SIGKILL');
}
