// Entry of the PDF rendering worker thread (render-pool.ts): official documents, generated forms
// and assembled dossiers are made here, never on the event loop that serves requests.
import { parentPort } from 'node:worker_threads';
import type { GeneratedForm } from '../../../domain/forms/generated.ts';
import { renderFormPdf } from './form-pdf.ts';
import type { OfficialDocument } from './official-document.ts';
import { renderDocumentPdf } from './render-pdf.ts';
import { assembleDossier, type DossierInput } from '../../dossier/assemble.ts';

export type RenderRequest =
  | { id: number; kind: 'document'; doc: OfficialDocument }
  | { id: number; kind: 'form'; form: GeneratedForm; today: string }
  | { id: number; kind: 'dossier'; input: DossierInput; outPath: string };
export type RenderResponse = { id: number; bytes: Uint8Array } | { id: number; error: string };

parentPort!.on('message', (request: RenderRequest) => {
  const work =
    request.kind === 'document'
      ? renderDocumentPdf(request.doc)
      : request.kind === 'form'
        ? renderFormPdf(request.form, request.today)
        : // The dossier goes to its file; what comes back is its 目录 (JSON).
          assembleDossier(request.input, request.outPath).then((r) => Buffer.from(JSON.stringify(r)));
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
