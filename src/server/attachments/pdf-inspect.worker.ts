// Worker thread: inspects one file per message. Started by pdf-inspect.ts through
// pdf-inspect.worker-boot.mjs; runs under resourceLimits and is terminated on timeout.
import { parentPort, workerData } from 'node:worker_threads';
import { inspectPdfFile } from './pdf-inspect.core.ts';
import { precheckPdfFile } from './pdf-inspect.precheck.ts';
import type { StructureLimits } from './pdf-inspect.precheck.ts';
import { reject } from './pdf-inspect.verdict.ts';
import type { PdfVerdict } from './pdf-inspect.verdict.ts';

export interface InspectRequest {
  id: number;
  path: string;
}

/** `stage`: whether the structural pre-check answered, or the full parse ran. */
export type InspectResponse = { type: 'ready' } | { type: 'verdict'; id: number; verdict: PdfVerdict; stage: 'precheck' | 'parse' } | { type: 'error'; id: number; message: string };

export interface InspectLimits {
  maxStructureBytes: number;
  inflateRatio: number;
  inflateMinBytes: number;
  structure: StructureLimits;
}

export interface InspectWorkerData {
  entry: string;
  limits: InspectLimits;
}

const port = parentPort;
if (!port) throw new Error('pdf-inspect.worker.ts must run as a worker thread');
const { limits } = workerData as InspectWorkerData;

// pdf-lib reports parse problems with console.warn; the verdict carries what matters.
for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) console[method] = () => undefined;

port.on('message', (request: InspectRequest) => {
  void handle(request).then((response) => port.postMessage(response));
});
port.postMessage({ type: 'ready' } satisfies InspectResponse);

async function handle({ id, path }: InspectRequest): Promise<InspectResponse> {
  let stage: 'precheck' | 'parse' = 'precheck';
  try {
    // One cheap pass over the syntax first: a file too large in structure never reaches pdf-lib.
    const refused = precheckPdfFile(path, limits.structure);
    if (refused) return { type: 'verdict', id, verdict: refused, stage };
    stage = 'parse';
    // Read from the file in bounded memory: a 100 MB scan costs its structure, not its size.
    return { type: 'verdict', id, verdict: await inspectPdfFile(path, limits), stage };
  } catch (error) {
    // Our own staging file gone or unreadable (ENOENT, EIO …) is a server fault, not a property of the upload.
    if ((error as NodeJS.ErrnoException).syscall) return { type: 'error', id, message: error instanceof Error ? error.message : String(error) };
    // inspectPdfFile turns bad input into verdicts; anything escaping it still fails closed.
    return { type: 'verdict', id, verdict: reject('ATTACHMENT_UNREADABLE', [error instanceof Error ? `${error.name}: ${error.message}` : String(error)]), stage };
  }
}
