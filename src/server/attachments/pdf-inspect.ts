import { open } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { HEAD_BYTES, checkHead, reject } from './pdf-inspect.verdict.ts';
import type { PdfVerdict } from './pdf-inspect.verdict.ts';
import type { InspectLimits, InspectRequest, InspectResponse, InspectWorkerData } from './pdf-inspect.worker.ts';
// Constants only: the parser itself is loaded in the worker threads, never on the main thread.
import { DEFAULT_INFLATE_MIN_BYTES, DEFAULT_INFLATE_RATIO, DEFAULT_MAX_STRUCTURE_BYTES } from './pdf-inspect.limits.ts';

export type { PdfRejectCode, PdfVerdict } from './pdf-inspect.verdict.ts';

export interface PdfInspectorOptions {
  /** Wall-clock limit per file, from hand-over to a ready worker; the worker is terminated. Default 15 s. */
  timeoutMs?: number;
  /** V8 old-generation cap of each worker (resourceLimits). Default 256 MB. */
  maxHeapMb?: number;
  /** Files inspected at once; more wait in a queue. Default 2. */
  concurrency?: number;
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
  queued: number;
  /** Totals since creation. */
  started: number;
  inspected: number;
  timeouts: number;
  crashes: number;
}

export interface PdfInspector {
  /**
   * Classify the file at `path`. Resolves with a verdict for anything about the file, including
   * timeouts and worker crashes (out of memory); rejects only for server faults (file missing,
   * worker cannot start, inspector closed).
   */
  inspect(path: string): Promise<PdfVerdict>;
  /** Start the workers now instead of on the first upload (each start costs about 0.5 s). */
  warmUp(): Promise<void>;
  stats(): PdfInspectorStats;
  /** Terminate all workers; pending and queued inspections reject. */
  close(): Promise<void>;
}

const BOOT_URL = new URL('./pdf-inspect.worker-boot.mjs', import.meta.url);
const WORKER_URL = new URL('./pdf-inspect.worker.ts', import.meta.url);

interface Job {
  path: string;
  resolve(verdict: PdfVerdict): void;
  reject(error: Error): void;
}

/**
 * PDF checks off the main thread (QUALITY.md §2.2 step 4): a small pool of worker threads, each
 * under a heap cap, with a per-file wall-clock timeout that terminates the worker. Empty and
 * non-PDF files are answered here from the first bytes without waking a worker.
 */
export function createPdfInspector(options: PdfInspectorOptions = {}): PdfInspector {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 2));
  const idleMs = options.idleMs ?? 60_000;
  const maxJobsPerWorker = options.maxJobsPerWorker ?? 500;
  const spawnOptions: SpawnOptions = {
    maxHeapMb: options.maxHeapMb ?? 256,
    limits: {
      maxStructureBytes: options.maxStructureBytes ?? DEFAULT_MAX_STRUCTURE_BYTES,
      inflateRatio: options.inflateRatio ?? DEFAULT_INFLATE_RATIO,
      inflateMinBytes: options.inflateMinBytes ?? DEFAULT_INFLATE_MIN_BYTES,
    },
    startupTimeoutMs: options.startupTimeoutMs ?? 30_000,
  };

  const all = new Set<InspectWorker>();
  const idle: InspectWorker[] = [];
  const queue: Job[] = [];
  let busy = 0;
  let closed = false;
  const totals = { started: 0, inspected: 0, timeouts: 0, crashes: 0 };

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

  function pump(): void {
    while (!closed && queue.length > 0 && busy < concurrency) {
      const job = queue.shift()!;
      const w = takeIdle() ?? spawn();
      busy += 1;
      void run(w, job);
    }
  }

  async function run(w: InspectWorker, job: Job): Promise<void> {
    try {
      const verdict = await w.inspect(job.path, timeoutMs);
      totals.inspected += 1;
      if (!verdict.ok && verdict.code === 'ATTACHMENT_TIMEOUT') totals.timeouts += 1;
      if (w.crashed) totals.crashes += 1;
      job.resolve(verdict);
    } catch (error) {
      job.reject(error instanceof Error ? error : new Error(String(error)));
    } finally {
      busy -= 1;
      if (w.dead || closed || w.jobs >= maxJobsPerWorker) void w.terminate();
      else makeIdle(w);
      pump();
    }
  }

  return {
    async inspect(path) {
      if (closed) throw new Error('PDF inspector is closed');
      const early = await readHead(path);
      if (early) return early;
      return new Promise<PdfVerdict>((resolve, rejectJob) => {
        queue.push({ path, resolve, reject: rejectJob });
        pump();
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
    stats: () => ({ workers: all.size, busy, queued: queue.length, ...totals }),
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new Error('PDF inspector is closed'));
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
  private pending: { id: number; resolve(v: PdfVerdict): void; reject(e: Error): void; timer: NodeJS.Timeout } | undefined;
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

  async inspect(path: string, timeoutMs: number): Promise<PdfVerdict> {
    this.worker.ref();
    await this.ready; // a worker that cannot start is a server fault: reject, no verdict
    if (this.dead) throw new Error('PDF inspector worker died before the job started');
    this.jobs += 1;
    return new Promise<PdfVerdict>((resolve, rejectJob) => {
      const id = nextJobId++;
      const timer = setTimeout(() => {
        this.pending = undefined;
        resolve(reject('ATTACHMENT_TIMEOUT', [`检查超过 ${timeoutMs} ms，已终止`]));
        void this.terminate();
      }, timeoutMs);
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
    if (message.type === 'verdict') job.resolve(message.verdict);
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
      job.resolve(reject('ATTACHMENT_UNREADABLE', [`检查进程异常终止：${code ?? error.message}`]));
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
