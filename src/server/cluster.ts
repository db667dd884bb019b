import cluster, { type Worker } from 'node:cluster';

/**
 * WEB_CONCURRENCY > 1 (issue 19, point 3): the primary forks that many workers, which share the
 * port (node:cluster hands out connections round-robin) and hold nothing that must be shared —
 * sessions, rate limits, the IdP's state and the jobs' locks are in PostgreSQL. It restarts a
 * worker that dies, gives up when workers die on start again and again, and on SIGTERM/SIGINT
 * lets each finish its requests before it exits itself.
 */
export function runPrimary(opts: { workers: number; started: () => void }): void {
  const { workers } = opts;
  /** Deaths within START_GRACE_MS of a fork: the code or the configuration is broken, not the worker. */
  const START_GRACE_MS = 10_000;
  const MAX_EARLY_DEATHS = 3;
  let earlyDeaths = 0;
  let stopping = false;
  let exitCode = 0;
  const forkedAt = new Map<Worker, number>();
  const listening = new Set<number>();

  const fork = () => forkedAt.set(cluster.fork(), Date.now());

  cluster.on('listening', (worker) => {
    listening.add(worker.id);
    earlyDeaths = 0;
    if (listening.size === workers) opts.started();
  });

  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (forkedAt.get(worker) ?? 0);
    forkedAt.delete(worker);
    if (stopping) {
      if (forkedAt.size === 0) process.exit(exitCode);
      return;
    }
    console.error(`工作进程 ${worker.process.pid} 已退出（${signal ?? `退出码 ${code}`}），正在重新启动`);
    if (lived < START_GRACE_MS && (earlyDeaths += 1) >= MAX_EARLY_DEATHS) {
      console.error(`工作进程启动后连续 ${MAX_EARLY_DEATHS} 次退出，停止服务，请检查上面的错误信息`);
      stopping = true;
      exitCode = 1;
      for (const w of forkedAt.keys()) w.process.kill('SIGTERM');
      if (forkedAt.size === 0) process.exit(exitCode);
      return;
    }
    fork();
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    for (const w of forkedAt.keys()) w.process.kill(signal);
    // A worker waits at most 10 s for its requests (main.ts); then the primary leaves too.
    setTimeout(() => process.exit(1), 15_000).unref();
    if (forkedAt.size === 0) process.exit(0);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  for (let i = 0; i < workers; i++) fork();
}
