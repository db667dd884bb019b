// Entry of the PDF rendering worker thread (render-pool.ts): official documents and generated
// forms are drawn here, never on the event loop that serves requests.
import { parentPort } from 'node:worker_threads';
import type { GeneratedForm } from '../../../domain/forms/generated.ts';
import { renderFormPdf } from './form-pdf.ts';
import type { OfficialDocument } from './official-document.ts';
import { renderDocumentPdf } from './render-pdf.ts';

export type RenderRequest = { id: number; kind: 'document'; doc: OfficialDocument } | { id: number; kind: 'form'; form: GeneratedForm; today: string };
export type RenderResponse = { id: number; bytes: Uint8Array } | { id: number; error: string };

parentPort!.on('message', (request: RenderRequest) => {
  const work = request.kind === 'document' ? renderDocumentPdf(request.doc) : renderFormPdf(request.form, request.today);
  work.then(
    (pdf) => {
      // A copy the thread owns outright, so it moves to the main thread without another copy.
      const bytes = new Uint8Array(pdf.byteLength);
      bytes.set(pdf);
      parentPort!.postMessage({ id: request.id, bytes } satisfies RenderResponse, [bytes.buffer]);
    },
    (error: unknown) => parentPort!.postMessage({ id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies RenderResponse),
  );
});
