import { Worker } from 'node:worker_threads';
import type { GeneratedForm } from '../../../domain/forms/generated.ts';
import type { OfficialDocument } from './official-document.ts';
import type { AssembledDossier, DossierInput } from '../../dossier/assemble.ts';
import type { RenderRequest, RenderResponse } from './render.worker.ts';

/**
 * PDF rendering off the event loop (issue 19, point 4): a 受理通知书 costs tens of milliseconds of
 * CPU, a 申请表 as much, and every request waiting behind them on the same loop would wait too. One
 * worker thread draws them in turn; it starts on the first document (loading the fonts once) and
 * exits after a minute without work, so an idle server holds no renderer. A worker that dies
 * fails only the documents it held, and the next one starts a new worker.
 */
export interface RenderPool {
  document(doc: OfficialDocument): Promise<Buffer>;
  form(form: GeneratedForm, today: string): Promise<Buffer>;
  /** The dossier assembled into `outPath` (parts read from their files one at a time); its 目录. */
  dossier(input: DossierInput, outPath: string): Promise<AssembledDossier>;
  close(): Promise<void>;
}

// As pdf-inspect.ts: from the sources a boot file registers tsx in the thread; compiled, the worker
// is an entry of its own beside this chunk (scripts/build-server.mjs).
const COMPILED = !import.meta.url.endsWith('.ts');
const BOOT_URL = COMPILED ? new URL('./render.worker.js', import.meta.url) : new URL('../../attachments/pdf-inspect.worker-boot.mjs', import.meta.url);
const WORKER_URL = new URL(COMPILED ? './render.worker.js' : './render.worker.ts', import.meta.url);

type Pending = { resolve(pdf: Buffer): void; reject(error: Error): void };
type Job = { [K in RenderRequest['kind']]: Omit<Extract<RenderRequest, { kind: K }>, 'id'> }[RenderRequest['kind']];

export function createRenderPool(options: { idleMs?: number } = {}): RenderPool {
  const idleMs = options.idleMs ?? 60_000;
  let worker: Worker | undefined;
  let idleTimer: NodeJS.Timeout | undefined;
  let nextId = 1;
  let closed = false;
  const pending = new Map<number, Pending>();

  function failAll(error: Error) {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  }

  function start(): Worker {
    const w = new Worker(BOOT_URL, { workerData: { entry: WORKER_URL.href }, resourceLimits: { maxOldGenerationSizeMb: 256 } });
    w.on('message', (response: RenderResponse) => {
      const p = pending.get(response.id);
      if (!p) return;
      pending.delete(response.id);
      if ('error' in response) p.reject(new Error(`PDF rendering failed: ${response.error}`));
      else p.resolve(Buffer.from(response.bytes.buffer, response.bytes.byteOffset, response.bytes.byteLength));
      if (pending.size === 0) idle();
    });
    w.on('error', (error) => {
      if (worker === w) worker = undefined;
      failAll(error);
    });
    w.on('exit', (code) => {
      if (worker === w) worker = undefined;
      if (pending.size > 0) failAll(new Error(`PDF rendering worker exited (${code})`));
    });
    return w;
  }

  function idle() {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      const w = worker;
      worker = undefined;
      void w?.terminate();
    }, idleMs);
    idleTimer.unref();
  }

  function run(job: Job): Promise<Buffer> {
    if (closed) return Promise.reject(new Error('render pool closed'));
    clearTimeout(idleTimer);
    worker ??= start();
    const id = nextId++;
    return new Promise<Buffer>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker!.postMessage({ id, ...job });
    });
  }

  return {
    document: (doc) => run({ kind: 'document', doc }),
    form: (form, today) => run({ kind: 'form', form, today }),
    dossier: async (input, outPath) => JSON.parse((await run({ kind: 'dossier', input, outPath })).toString('utf8')) as AssembledDossier,
    async close() {
      closed = true;
      clearTimeout(idleTimer);
      const w = worker;
      worker = undefined;
      failAll(new Error('render pool closed'));
      await w?.terminate();
    },
  };
}
