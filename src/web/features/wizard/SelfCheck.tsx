import { Alert, Button, Spin } from 'antd';
import { useEffect, useState } from 'react';
import type { AttachmentView } from '../../api/applications.ts';
import { checkPdf, type PageIssue } from '../../../domain/dossier/page-check.ts';

type PdfJs = typeof import('pdfjs-dist');

let loading: Promise<PdfJs> | undefined;
/** pdf.js and its worker, fetched on the first check only (about 1 MB each). */
function loadPdfJs(): Promise<PdfJs> {
  loading ??= Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]).then(([pdfjs, worker]) => {
    pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
    return pdfjs;
  });
  return loading;
}

export interface CheckedFile {
  issues: (PageIssue & { thumbnail?: string })[];
}

/** Results per file version (sha256): going back and forth between steps checks nothing twice. */
const results = new Map<string, Promise<CheckedFile>>();

/** Thumbnails of the pages with findings: the first few, at list size. */
const THUMBNAILS = 8;
const THUMB_WIDTH = 120;

async function checkFile(url: string, onProgress: (done: number, total: number) => void): Promise<CheckedFile> {
  const pdfjs = await loadPdfJs();
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error('文件读取失败');
  // Images as pixel data, not browser bitmaps: the check reads their pixels.
  const doc = await pdfjs.getDocument({ data: new Uint8Array(await response.arrayBuffer()), isEvalSupported: false, disableFontFace: true, isOffscreenCanvasSupported: false, isImageDecoderSupported: false, verbosity: 0 }).promise;
  try {
    const issues: CheckedFile['issues'] = await checkPdf(doc, pdfjs.OPS, onProgress);
    const pages = [...new Set(issues.map((i) => i.page))].slice(0, THUMBNAILS);
    const thumbnails = new Map<number, string>();
    for (const n of pages) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: THUMB_WIDTH / page.getViewport({ scale: 1 }).width });
      const canvas = document.createElement('canvas');
      canvas.width = Math.ceil(viewport.width);
      canvas.height = Math.ceil(viewport.height);
      await page.render({ canvas, canvasContext: canvas.getContext('2d')!, viewport }).promise;
      thumbnails.set(n, canvas.toDataURL('image/png'));
      page.cleanup();
    }
    return { issues: issues.map((i) => ({ ...i, ...(thumbnails.has(i.page) ? { thumbnail: thumbnails.get(i.page)! } : {}) })) };
  } finally {
    await doc.destroy();
  }
}

type State = { kind: 'checking'; done: number; total: number } | { kind: 'done'; file: CheckedFile } | { kind: 'failed' };

function FileCheck({ title, attachment, url, onFix }: { title: string; attachment: AttachmentView; url: string; onFix: () => void }) {
  const [state, setState] = useState<State>({ kind: 'checking', done: 0, total: attachment.pages });
  useEffect(() => {
    let live = true;
    let run = results.get(attachment.sha256);
    if (!run) {
      run = checkFile(url, (done, total) => live && setState({ kind: 'checking', done, total }));
      results.set(attachment.sha256, run);
      run.catch(() => results.delete(attachment.sha256));
    }
    run.then(
      (file) => live && setState({ kind: 'done', file }),
      () => live && setState({ kind: 'failed' }),
    );
    return () => {
      live = false;
    };
  }, [attachment.sha256, url]);

  const name = `${title}（${attachment.originalName}）`;
  if (state.kind === 'checking') {
    return (
      <li>
        <Spin size="small" /> {name}：正在检查，已检查 {state.done} / {state.total} 页…
      </li>
    );
  }
  if (state.kind === 'failed') return <li>{name}：未能完成检查，不影响提交。</li>;
  const { issues } = state.file;
  if (issues.length === 0) return <li>{name}：共 {attachment.pages} 页，未发现问题。</li>;
  return (
    <li>
      <div>
        {name}：共 {attachment.pages} 页，{issues.length} 处可能需要修改。{' '}
        <Button type="link" size="small" onClick={onFix}>
          前往“附件上传”重新上传
        </Button>
      </div>
      <ul className="self-check-issues">
        {issues.map((issue) => (
          <li key={`${issue.page}-${issue.kind}`}>
            {issue.thumbnail ? <img src={issue.thumbnail} width={THUMB_WIDTH} alt={`第 ${issue.page} 页缩略图`} /> : null}
            <span>
              第 {issue.page} 页：{issue.message}
            </span>
          </li>
        ))}
      </ul>
    </li>
  );
}

/**
 * 提交前自查 on the review step: each uploaded PDF, page by page (page-check.ts), with thumbnails of
 * the pages concerned. Advice only: 提交 is never blocked by it.
 */
export function SelfCheck({ attachments, slotTitle, url, onFix }: { attachments: AttachmentView[]; slotTitle: (slot: string) => string; url: (slot: string) => string; onFix: (slot: string) => void }) {
  if (attachments.length === 0) return null;
  return (
    <section className="self-check" aria-labelledby="self-check-heading">
      <h3 id="self-check-heading">提交前自查</h3>
      <Alert
        type="info"
        showIcon
        title="系统逐页检查已上传的文件：空白页、扫描不清、页面方向不正、页面过大，以及目录页码与文件是否相符。发现的问题仅作提示，不影响提交；建议修改后重新上传，以免被要求补正。"
      />
      <ul className="self-check-files" aria-live="polite">
        {attachments.map((a) => (
          <FileCheck key={a.slot} title={slotTitle(a.slot)} attachment={a} url={url(a.slot)} onFix={() => onFix(a.slot)} />
        ))}
      </ul>
    </section>
  );
}
