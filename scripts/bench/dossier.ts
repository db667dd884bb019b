import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { DossierSection } from '../../src/server/dossier/assemble.ts';
import { encodeGreyPng } from '../../test/support/scan-png.ts';

/** A grey PNG of random pixels: as incompressible as a photographed page. */
function noisePng(width: number, height: number): Uint8Array {
  const raw = randomBytes((width + 1) * height);
  for (let y = 0; y < height; y++) raw[y * (width + 1)] = 0;
  return encodeGreyPng(width, height, raw, 1);
}

/** Seconds and peak RSS of one child process running `script` (a fresh heap for each measure). */
function measureChild(args: string[]): { seconds: number; peakMb: number } {
  const t = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', '%M', ...args], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed: ${run.stderr}`);
  const kb = Number(run.stderr.trim().split('\n').at(-1));
  return { seconds: (performance.now() - t) / 1000, peakMb: kb / 1024 };
}

/** `people` × 4 documents (身份证, 毕业证, 职称证, and a two-page 业绩表) of noise scans, and the assembler's input. */
export async function writeDossierFiles(dir: string, people: number): Promise<{ input: string; files: string[]; pages: number; bytes: number }> {
  const sections: DossierSection[] = [];
  const files: string[] = [];
  let pages = 0;
  let bytes = 0;
  for (let p = 0; p < people; p++) {
    const parts = [];
    for (const [d, title] of ['身份证', '毕业证', '职称证', '业绩表'].entries()) {
      const doc = await PDFDocument.create();
      const count = d === 3 ? 2 : 1;
      for (let n = 0; n < count; n++) {
        const png = await doc.embedPng(noisePng(560, 560));
        doc.addPage([595.28, 841.89]).drawImage(png, { x: 20, y: 200, width: 555, height: 555 });
      }
      const file = path.join(dir, `p${p}-d${d}.pdf`);
      writeFileSync(file, await doc.save());
      bytes += statSync(file).size;
      files.push(file);
      pages += count;
      parts.push({ title, path: file, kind: 'pdf' as const });
    }
    sections.push({ title: `${p === 0 ? '技术负责人' : '注册人员'} 人员${p + 1}`, parts });
  }
  const input = path.join(dir, 'input.json');
  writeFileSync(input, JSON.stringify({ title: '其他附件', today: '2026-12-07', sections }));
  return { input, files, pages, bytes };
}

export interface DossierRun {
  people: number;
  pages: number;
  inputMb: number;
  outputMb: number;
  ours: { seconds: number; peakMb: number };
  qpdf?: { seconds: number; peakMb: number };
}

/**
 * 40 people × 4 documents (about 200 pages, 60–90 MB of scans) and twice that, assembled by
 * assembleDossier in a child process, against qpdf concatenating the same files (`qpdf --empty
 * --pages`), same run. Peak RSS that does not grow with the dossier is the point.
 */
export async function dossierBench(): Promise<DossierRun[]> {
  const runs: DossierRun[] = [];
  const runner = path.join(path.dirname(new URL(import.meta.url).pathname), 'dossier-child.ts');
  const qpdfFound = spawnSync('qpdf', ['--version']).status === 0;
  for (const people of [40, 80]) {
    const dir = mkdtempSync(path.join(tmpdir(), 'zizhi-dossier-bench-'));
    try {
      const { input, files, pages, bytes } = await writeDossierFiles(dir, people);
      const out = path.join(dir, 'ours.pdf');
      const ours = measureChild([process.execPath, '--import', 'tsx', runner, input, out]);
      const qpdf = qpdfFound ? measureChild(['qpdf', '--empty', '--pages', ...files, '--', path.join(dir, 'qpdf.pdf')]) : undefined;
      runs.push({ people, pages, inputMb: bytes / 1_048_576, outputMb: statSync(out).size / 1_048_576, ours, ...(qpdf ? { qpdf } : {}) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return runs;
}
