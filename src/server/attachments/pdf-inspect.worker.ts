// Worker thread: inspects one file per message. Started by pdf-inspect.ts through
// pdf-inspect.worker-boot.mjs; runs under resourceLimits and is terminated on timeout.
import { parentPort, workerData } from 'node:worker_threads';
import { inspectPdfFile } from './pdf-inspect.core.ts';
import { reject } from './pdf-inspect.verdict.ts';
import type { PdfVerdict } from './pdf-inspect.verdict.ts';

export interface InspectRequest {
  id: number;
  path: string;
}

export type InspectResponse = { type: 'ready' } | { type: 'verdict'; id: number; verdict: PdfVerdict } | { type: 'error'; id: number; message: string };

export interface InspectLimits {
  maxStructureBytes: number;
  inflateRatio: number;
  inflateMinBytes: number;
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
  try {
    // Read from the file in bounded memory: a 100 MB scan costs its structure, not its size.
    return { type: 'verdict', id, verdict: await inspectPdfFile(path, limits) };
  } catch (error) {
    // Our own staging file gone or unreadable (ENOENT, EIO …) is a server fault, not a property of the upload.
    if ((error as NodeJS.ErrnoException).syscall) return { type: 'error', id, message: error instanceof Error ? error.message : String(error) };
    // inspectPdfFile turns bad input into verdicts; anything escaping it still fails closed.
    return { type: 'verdict', id, verdict: reject('ATTACHMENT_UNREADABLE', [error instanceof Error ? `${error.name}: ${error.message}` : String(error)]) };
  }
}
