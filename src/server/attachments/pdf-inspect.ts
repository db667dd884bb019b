import { open } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { appError, type AppError } from '../errors.ts';
import { HEAD_BYTES, checkHead, reject } from './pdf-inspect.verdict.ts';
import type { PdfVerdict } from './pdf-inspect.verdict.ts';
import type { InspectLimits, InspectRequest, InspectResponse, InspectWorkerData } from './pdf-inspect.worker.ts';
// Constants only: the parser itself is loaded in the worker threads, never on the main thread.
import { DEFAULT_INFLATE_MIN_BYTES, DEFAULT_INFLATE_RATIO, DEFAULT_MAX_STRUCTURE_BYTES } from './pdf-inspect.limits.ts';
import { DEFAULT_STRUCTURE_LIMITS } from './pdf-inspect.precheck.ts';
import type { StructureLimits } from './pdf-inspect.precheck.ts';

export type { PdfRejectCode, PdfVerdict } from './pdf-inspect.verdict.ts';
export type { StructureLimits } from './pdf-inspect.precheck.ts';

export interface PdfInspectorOptions {
  /**
   * Time budget per file, counted from the call to inspect(): waiting in the queues counts (a
   * worker's own start-up does not), and the worker is terminated when it is spent. Default 15 s.
   */
  timeoutMs?: number;
  /**
   * A file still waiting when less than this is left of its budget is answered UPLOAD_BUSY, so a
   * file that reaches a worker always has at least this long. Default a third of timeoutMs.
   */
  minRunMs?: number;
  /** V8 old-generation cap of each worker (resourceLimits). Default 256 MB. */
  maxHeapMb?: number;
  /** Files inspected at once (worker threads). Default 2. */
  concurrency?: number;
  /** Files waiting for a worker, at most; one more is answered UPLOAD_BUSY (503). Default 4 × concurrency. */
  maxQueued?: number;
  /** Files of one account inspected or waiting for a worker at once. Default 1. */
  perAccount?: number;
  /** Further files of one account held back meanwhile; one more is answered UPLOAD_TOO_MANY (429). Default 4. */
  perAccountQueue?: number;
  /** Limits of the structural pre-check (pdf-inspect.precheck.ts). */
  structureLimits?: Partial<StructureLimits>;
  /** Cap on bytes pdf-lib decodes into memory while parsing one file (object and xref streams). Default 32 MiB. */
  maxStructureBytes?: number;
  /**
   * Inflate budget (decompression bombs): all streams of a file, decoded, at most
   * max(inflateMinBytes, inflateRatio × file size). Defaults 16 and 256 MiB (docs/security.md).
   */
  inflateRatio?: number;
  inflateMinBytes?: number;
  /** An idle worker exits after this long. Default 60 s. */
  idleMs?: number;
  /** A worker is replaced after this many files. Default 500. */
  maxJobsPerWorker?: number;
  /** A worker that is not ready by then is an infrastructure error. Default 30 s. */
  startupTimeoutMs?: number;
}

export interface PdfInspectorStats {
  /** Worker threads alive now (idle, starting or busy). */
  workers: number;
  busy: number;
  /** Files waiting for a worker. */
  queued: number;
  /** Files held back behind their own account's. */
  held: number;
  /** Totals since creation. */
  started: number;
  inspected: number;
  /** Answered by the structural pre-check, before any parse. */
  precheckRefusals: number;
  /** Files that went on to the full parse. */
  parsed: number;
  timeouts: number;
  crashes: number;
  /** Answered UPLOAD_BUSY (queue full or budget spent waiting) and UPLOAD_TOO_MANY. */
  busyRefusals: number;
  accountRefusals: number;
}

export interface InspectOptions {
  /** The uploading account: its files are inspected one at a time (perAccount). */
  account?: string;
}

export interface PdfInspector {
  /**
   * Classify the file at `path`. Resolves with a verdict for anything about the file, including
   * timeouts and worker crashes (out of memory). Rejects with an AppError (UPLOAD_BUSY,
   * UPLOAD_TOO_MANY) when it cannot be inspected now, and for server faults (file missing,
   * worker cannot start, inspector closed).
   */
  inspect(path: string, options?: InspectOptions): Promise<PdfVerdict>;
  /** Start the workers now instead of on the first upload (each start costs about 0.5 s). */
  warmUp(): Promise<void>;
  stats(): PdfInspectorStats;
  /** Terminate all workers; pending and queued inspections reject. */
  close(): Promise<void>;
}


// From the sources (tsx), a boot file registers the TypeScript loader in the thread and imports the
// worker; compiled (scripts/build-server.mjs), the worker is an entry of its own beside this chunk.
const COMPILED = !import.meta.url.endsWith('.ts');
const BOOT_URL = COMPILED ? new URL('./pdf-inspect.worker.js', import.meta.url) : new URL('./pdf-inspect.worker-boot.mjs', import.meta.url);
const WORKER_URL = new URL(COMPILED ? './pdf-inspect.worker.js' : './pdf-inspect.worker.ts', import.meta.url);

interface Job {
  path: string;
  account: string | undefined;
  /** performance.now() by which the verdict is due. */
  deadline: number;
  /** Fires when the job has waited as long as its budget allows. */
  waitTimer: NodeJS.Timeout | undefined;
  resolve(verdict: PdfVerdict): void;
  reject(error: Error): void;
}

interface AccountSlot {
  /** Jobs of the account running or in the shared queue. */
  active: number;
  /** Jobs held back until one of those ends. */
  held: Job[];
}

/**
 * PDF checks off the main thread (QUALITY.md §2.2 step 4): a small pool of worker threads, each
 * under a heap cap. Empty and non-PDF files are answered here from the first bytes without waking
 * a worker. Fairness (issue 14, point 2): each account has at most `perAccount` files running or
 * queued, a few more held back behind them; the shared queue is bounded; waiting counts against
 * each file's time budget; in the worker a structural pre-check refuses files too large in
 * structure before pdf-lib parses them.
 */
export function createPdfInspector(options: PdfInspectorOptions = {}): PdfInspector {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const minRunMs = Math.min(timeoutMs, options.minRunMs ?? Math.ceil(timeoutMs / 3));
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 2));
  const maxQueued = Math.max(0, Math.floor(options.maxQueued ?? 4 * concurrency));
  const perAccount = Math.max(1, Math.floor(options.perAccount ?? 1));
  const perAccountQueue = Math.max(0, Math.floor(options.perAccountQueue ?? 4));
  const idleMs = options.idleMs ?? 60_000;
  const maxJobsPerWorker = options.maxJobsPerWorker ?? 500;
  const spawnOptions: SpawnOptions = {
    maxHeapMb: options.maxHeapMb ?? 256,
    limits: {
      maxStructureBytes: options.maxStructureBytes ?? DEFAULT_MAX_STRUCTURE_BYTES,
      inflateRatio: options.inflateRatio ?? DEFAULT_INFLATE_RATIO,
      inflateMinBytes: options.inflateMinBytes ?? DEFAULT_INFLATE_MIN_BYTES,
      structure: { ...DEFAULT_STRUCTURE_LIMITS, ...options.structureLimits },
    },
    startupTimeoutMs: options.startupTimeoutMs ?? 30_000,
  };

  const all = new Set<InspectWorker>();
  const idle: InspectWorker[] = [];
  const queue: Job[] = [];
  const accounts = new Map<string, AccountSlot>();
  let busy = 0;
  let held = 0;
  let closed = false;
  /** Moving average of a file's time in a worker, for Retry-After. */
  let meanRunMs = 1000;
  const totals = { started: 0, inspected: 0, precheckRefusals: 0, parsed: 0, timeouts: 0, crashes: 0, busyRefusals: 0, accountRefusals: 0 };

  function spawn(): InspectWorker {
    const w = new InspectWorker(spawnOptions, () => all.delete(w));
    all.add(w);
    totals.started += 1;
    return w;
  }

  function takeIdle(): InspectWorker | undefined {
    for (let w = idle.pop(); w; w = idle.pop()) {
      w.clearIdleTimer();
      if (!w.dead) return w;
    }
    return undefined;
  }

  function makeIdle(w: InspectWorker): void {
    w.worker.unref(); // an idle pool never keeps the process alive
    idle.push(w);
    w.setIdleTimer(idleMs, () => {
      const at = idle.indexOf(w);
      if (at >= 0) idle.splice(at, 1);
      void w.terminate();
    });
  }

  /** Seconds until about `ahead` files have passed through the workers. */
  function secondsFor(ahead: number, lanes: number): number {
    return Math.min(Math.ceil(timeoutMs / 1000), Math.max(1, Math.ceil((ahead * meanRunMs) / lanes / 1000)));
  }

  /** The inspection cannot take the file now: UPLOAD_BUSY (503) with Retry-After. */
  function busyError(): AppError {
    totals.busyRefusals += 1;
    return appError('UPLOAD_BUSY', { seconds: secondsFor(queue.length + busy, concurrency) });
  }

  /** The account's share is taken: UPLOAD_TOO_MANY (429) with Retry-After. */
  function tooManyError(slot: AccountSlot): AppError {
    totals.accountRefusals += 1;
    const count = slot.active + slot.held.length;
    return appError('UPLOAD_TOO_MANY', { count, seconds: secondsFor(count, perAccount) });
  }

  /** Reject the job when it has waited as long as its budget allows (either queue). */
  function startWaitTimer(job: Job): void {
    job.waitTimer = setTimeout(() => {
      job.waitTimer = undefined;
      const at = queue.indexOf(job);
      if (at >= 0) {
        queue.splice(at, 1);
        release(job.account);
      } else {
        const slot = job.account === undefined ? undefined : accounts.get(job.account);
        const h = slot?.held.indexOf(job) ?? -1;
        if (h < 0) return;
        slot!.held.splice(h, 1);
        held -= 1;
        forget(job.account!, slot!);
      }
      job.reject(busyError());
    }, Math.max(0, job.deadline - minRunMs - performance.now()));
    job.waitTimer.unref();
  }

  function stopWaitTimer(job: Job): void {
    if (job.waitTimer) clearTimeout(job.waitTimer);
    job.waitTimer = undefined;
  }

  /** Into the shared queue (the account's slot already taken); throws UPLOAD_BUSY when it is full. */
  function enqueue(job: Job): void {
    if (busy >= concurrency && queue.length >= maxQueued) throw busyError();
    queue.push(job);
    if (busy >= concurrency) startWaitTimer(job);
    pump();
  }

  function pump(): void {
    while (!closed && queue.length > 0 && busy < concurrency) {
      const job = queue.shift()!;
      stopWaitTimer(job);
      const w = takeIdle() ?? spawn();
      busy += 1;
      void run(w, job);
    }
  }

  /** The account's job ended or left the queue: let its next held file in. */
  function release(account: string | undefined): void {
    if (account === undefined) return;
    const slot = accounts.get(account);
    if (!slot) return;
    slot.active -= 1;
    while (slot.active < perAccount && slot.held.length > 0) {
      const next = slot.held.shift()!;
      held -= 1;
      stopWaitTimer(next);
      slot.active += 1;
      try {
        enqueue(next);
      } catch (error) {
        slot.active -= 1;
        next.reject(error as Error);
      }
    }
    forget(account, slot);
  }

  function forget(account: string, slot: AccountSlot): void {
    if (slot.active === 0 && slot.held.length === 0) accounts.delete(account);
  }

  async function run(w: InspectWorker, job: Job): Promise<void> {
    const started = performance.now();
    try {
      const { verdict, stage } = await w.inspect(job.path, job.deadline, timeoutMs);
      totals.inspected += 1;
      if (stage === 'precheck') totals.precheckRefusals += 1;
      else totals.parsed += 1;
      if (!verdict.ok && verdict.code === 'ATTACHMENT_TIMEOUT') totals.timeouts += 1;
      if (w.crashed) totals.crashes += 1;
      meanRunMs = 0.8 * meanRunMs + 0.2 * (performance.now() - started);
      job.resolve(verdict);
    } catch (error) {
      job.reject(error instanceof Error ? error : new Error(String(error)));
    } finally {
      busy -= 1;
      if (w.dead || closed || w.jobs >= maxJobsPerWorker) void w.terminate();
      else makeIdle(w);
      if (!closed) release(job.account);
      pump();
    }
  }

  return {
    async inspect(path, { account } = {}) {
      if (closed) throw new Error('PDF inspector is closed');
      const arrived = performance.now();
      const early = await readHead(path);
      if (early) return early;
      if (closed) throw new Error('PDF inspector is closed');
      return new Promise<PdfVerdict>((resolve, rejectJob) => {
        const job: Job = { path, account, deadline: arrived + timeoutMs, waitTimer: undefined, resolve, reject: rejectJob };
        if (account === undefined) {
          enqueue(job);
          return;
        }
        let slot = accounts.get(account);
        if (!slot) accounts.set(account, (slot = { active: 0, held: [] }));
        if (slot.active >= perAccount) {
          if (slot.held.length >= perAccountQueue) throw tooManyError(slot);
          slot.held.push(job);
          held += 1;
          startWaitTimer(job);
          return;
        }
        slot.active += 1;
        try {
          enqueue(job);
        } catch (error) {
          slot.active -= 1;
          forget(account, slot);
          throw error;
        }
      });
    },
    async warmUp() {
      const starting: InspectWorker[] = [];
      while (!closed && all.size < concurrency) starting.push(spawn());
      for (const w of starting) makeIdle(w);
      for (const w of starting) w.worker.ref(); // keep the process up until they are ready
      await Promise.all(starting.map((w) => w.ready));
      for (const w of starting) if (idle.includes(w)) w.worker.unref();
    },
    stats: () => ({ workers: all.size, busy, queued: queue.length, held, ...totals }),
    async close() {
      closed = true;
      const waiting = [...queue.splice(0), ...[...accounts.values()].flatMap((slot) => slot.held.splice(0))];
      accounts.clear();
      held = 0;
      for (const job of waiting) {
        stopWaitTimer(job);
        job.reject(new Error('PDF inspector is closed'));
      }
      idle.length = 0;
      await Promise.all([...all].map((w) => w.terminate()));
    },
  };
}

/** Empty and non-PDF files need no worker: answer from the size and the first bytes. */
async function readHead(path: string): Promise<PdfVerdict | undefined> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(size, HEAD_BYTES));
    if (head.length > 0) await handle.read(head, 0, head.length, 0);
    return checkHead(size, head);
  } finally {
    await handle.close();
  }
}

interface SpawnOptions {
  maxHeapMb: number;
  limits: InspectLimits;
  startupTimeoutMs: number;
}

let nextJobId = 1;

interface Inspected {
  verdict: PdfVerdict;
  stage: 'precheck' | 'parse';
}

/** One worker thread and the at most one inspection it is running. */
class InspectWorker {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  jobs = 0;
  dead = false;
  /** Set when the thread died under a job (out of memory, crash), as opposed to being terminated by us. */
  crashed = false;
  private markReady!: () => void;
  private failStart!: (error: Error) => void;
  private pending: { id: number; resolve(v: Inspected): void; reject(e: Error): void; timer: NodeJS.Timeout } | undefined;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(options: SpawnOptions, onExit: () => void) {
    const data: InspectWorkerData = { entry: WORKER_URL.href, limits: options.limits };
    this.worker = new Worker(BOOT_URL, {
      workerData: data,
      execArgv: [], // the boot file registers tsx itself; an inherited --import would only add a second loader
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb, stackSizeMb: 4 },
    });
    this.ready = new Promise<void>((resolve, rejectStart) => {
      const timer = setTimeout(() => {
        const reason = `PDF inspector worker not ready after ${options.startupTimeoutMs} ms`;
        rejectStart(new Error(reason));
        void this.terminate(reason);
      }, options.startupTimeoutMs);
      timer.unref();
      this.markReady = () => {
        clearTimeout(timer);
        resolve();
      };
      this.failStart = (error) => {
        clearTimeout(timer);
        rejectStart(error);
      };
    });
    this.ready.catch(() => undefined); // observed by inspect(); avoid an unhandled rejection meanwhile
    this.worker.on('message', (message: InspectResponse) => this.onMessage(message));
    this.worker.on('error', (error) => this.onDeath(error));
    this.worker.on('exit', (code) => {
      this.onDeath(new Error(`worker exited with code ${code}`));
      onExit();
    });
  }

  /**
   * Inspect the file; it is refused as ATTACHMENT_TIMEOUT unless done by `deadline`
   * (performance.now()), moved on by the time this worker takes to start: that is ours, not the file's.
   */
  async inspect(path: string, deadline: number, budgetMs: number): Promise<Inspected> {
    this.worker.ref();
    const remaining = deadline - performance.now();
    await this.ready; // a worker that cannot start is a server fault: reject, no verdict
    if (this.dead) throw new Error('PDF inspector worker died before the job started');
    this.jobs += 1;
    return new Promise<Inspected>((resolve, rejectJob) => {
      const id = nextJobId++;
      const timer = setTimeout(
        () => {
          this.pending = undefined;
          resolve({ verdict: reject('ATTACHMENT_TIMEOUT', [`检查超过 ${budgetMs} ms，已终止`]), stage: 'parse' });
          void this.terminate();
        },
        Math.max(1, remaining),
      );
      this.pending = { id, resolve, reject: rejectJob, timer };
      this.worker.postMessage({ id, path } satisfies InspectRequest);
    });
  }

  private onMessage(message: InspectResponse): void {
    if (message.type === 'ready') {
      this.markReady();
      return;
    }
    const job = this.pending;
    if (!job || job.id !== message.id) return;
    clearTimeout(job.timer);
    this.pending = undefined;
    if (message.type === 'verdict') job.resolve({ verdict: message.verdict, stage: message.stage });
    else job.reject(new Error(`PDF inspection failed: ${message.message}`));
  }

  private onDeath(error: Error): void {
    if (this.dead) return;
    this.dead = true;
    this.failStart(error);
    const job = this.pending;
    if (job) {
      // The file killed its worker (heap cap, stack, crash): that is a verdict about the file.
      clearTimeout(job.timer);
      this.pending = undefined;
      this.crashed = true;
      const code = (error as NodeJS.ErrnoException).code;
      job.resolve({ verdict: reject('ATTACHMENT_UNREADABLE', [`检查进程异常终止：${code ?? error.message}`]), stage: 'parse' });
    }
  }

  setIdleTimer(ms: number, onIdle: () => void): void {
    this.clearIdleTimer();
    this.idleTimer = setTimeout(onIdle, ms);
    this.idleTimer.unref();
  }

  clearIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  /** Stop the thread; a job still waiting for it rejects with `reason`. */
  async terminate(reason = 'PDF inspector is closed'): Promise<void> {
    this.clearIdleTimer();
    this.dead = true;
    this.failStart(new Error(reason));
    const job = this.pending;
    if (job) {
      clearTimeout(job.timer);
      this.pending = undefined;
      job.reject(new Error(reason));
    }
    await this.worker.terminate();
  }
}
