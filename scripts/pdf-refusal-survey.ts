// False-refusal survey: runs the upload inspector (worker pool, real limits) over every PDF found
// under the given roots (default: the whole machine outside /proc, /sys and the work trees) and
// prints how many were refused and why. Real documents should pass; every refusal is a candidate
// false refusal to look at. With --ratios it also decodes every accepted file in process and
// prints how far real files inflate (the inflate budget's margin).
// Run: `node --import tsx scripts/pdf-refusal-survey.ts [root…] [--ratios] [--json out.json]`
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createPdfInspector } from '../src/server/attachments/pdf-inspect.ts';
import { inspectPdfFile } from '../src/server/attachments/pdf-inspect.core.ts';
import type { PdfVerdict } from '../src/server/attachments/pdf-inspect.ts';

const SKIP = new Set(['/proc', '/sys', '/dev', '/run', '/tmp', '/work', '/var/lib/docker']);

function findPdfs(root: string, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const full = path.join(root, e.name);
    if (SKIP.has(full) || full.includes('/node_modules/')) continue;
    if (e.isDirectory()) findPdfs(full, out);
    else if (e.isFile() && e.name.toLowerCase().endsWith('.pdf')) out.push(full);
  }
}

const args = process.argv.slice(2);
const jsonAt = args.indexOf('--json');
const jsonOut = jsonAt >= 0 ? args.splice(jsonAt, 2)[1] : undefined;
const ratiosAt = args.indexOf('--ratios');
const ratios = ratiosAt >= 0 && args.splice(ratiosAt, 1).length > 0;
const roots = args.length > 0 ? args : ['/'];
const files: string[] = [];
for (const root of roots) findPdfs(root, files);
files.sort();

const inspector = createPdfInspector({ concurrency: 2 });
const results: { file: string; bytes: number; ms: number; verdict: PdfVerdict; inflated?: number }[] = [];
const t0 = performance.now();
const queue = [...files];
// Two at a time, matching the pool, so each file's time is its own.
await Promise.all(
  [0, 1].map(async () => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      const start = performance.now();
      const verdict = await inspector.inspect(file).catch((e: unknown): PdfVerdict => ({ ok: false, code: 'ATTACHMENT_UNREADABLE', message: 'server fault', details: [String(e)] }));
      results.push({ file, bytes: statSync(file).size, ms: performance.now() - start, verdict });
    }
  }),
);
await inspector.close();
results.sort((a, b) => a.file.localeCompare(b.file));

const refused = results.filter((r) => !r.verdict.ok);
const byCode = new Map<string, number>();
for (const r of refused) if (!r.verdict.ok) byCode.set(r.verdict.code, (byCode.get(r.verdict.code) ?? 0) + 1);
const totalMb = results.reduce((s, r) => s + r.bytes, 0) / 1024 / 1024;
console.log(`${results.length} PDF files (${totalMb.toFixed(1)} MB) under ${roots.join(', ')}: ${refused.length} refused, ${results.length - refused.length} accepted, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
for (const [code, n] of [...byCode].sort((a, b) => b[1] - a[1])) console.log(`  ${code}: ${n}`);
for (const r of refused) {
  if (r.verdict.ok) continue;
  console.log(`- ${r.file} (${(r.bytes / 1024).toFixed(0)} KB): ${r.verdict.code} ${r.verdict.message}`);
  for (const d of (r.verdict.details ?? []).slice(0, 3)) console.log(`    ${d}`);
}
const slowest = [...results].sort((a, b) => b.ms - a.ms).slice(0, 3);
console.log(`slowest: ${slowest.map((r) => `${path.basename(r.file)} ${(r.bytes / 1024).toFixed(0)} KB ${r.ms.toFixed(0)} ms`).join(', ')}`);
if (ratios) {
  for (const r of results) {
    if (!r.verdict.ok) continue;
    await inspectPdfFile(r.file, { onInflated: (s) => (r.inflated = s.bytes) });
  }
  const measured = results.filter((r) => r.inflated !== undefined);
  const top = [...measured].sort((a, b) => b.inflated! / b.bytes - a.inflated! / a.bytes).slice(0, 5);
  const largest = [...measured].sort((a, b) => b.inflated! - a.inflated!).slice(0, 3);
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  console.log(`inflated ÷ file size, highest: ${top.map((r) => `${path.basename(r.file)} ${(r.inflated! / r.bytes).toFixed(1)}× (${mb(r.bytes)} → ${mb(r.inflated!)})`).join('; ')}`);
  console.log(`most inflated: ${largest.map((r) => `${path.basename(r.file)} ${mb(r.inflated!)}`).join('; ')}`);
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(results, null, 1));
