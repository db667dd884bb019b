import { createReadStream, createWriteStream, openAsBlob } from 'node:fs';
import { open, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

export interface UploadSample {
  seconds: number;
  status: number;
  /** Server RSS just before the upload and its peak during it (MB). */
  rssBeforeMb: number;
  rssPeakMb: number;
}

async function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const text = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}

/** Reset the process's peak RSS (VmHWM) so the next reading is the peak of what follows. */
async function resetPeak(pid: number): Promise<boolean> {
  try {
    await writeFile(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * One multipart upload of `file` streamed from disk, timed from the first byte sent to the
 * response; the server's RSS is sampled every 5 ms and its VmHWM read afterwards.
 */
export async function timedUpload(opts: { url: string; file: string; cookie: string; csrf: string; origin: string; pid: number }): Promise<UploadSample> {
  await resetPeak(opts.pid);
  const before = await statusKb(opts.pid, 'VmRSS');
  let sampled = before;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      sampled = Math.max(sampled, await statusKb(opts.pid, 'VmRSS').catch(() => 0));
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  const form = new FormData();
  form.append('file', await openAsBlob(opts.file, { type: 'application/pdf' }), path.basename(opts.file));
  const t0 = performance.now();
  const response = await fetch(opts.url, {
    method: 'POST',
    headers: { cookie: opts.cookie, 'x-csrf-token': opts.csrf, origin: opts.origin },
    body: form,
  });
  await response.arrayBuffer();
  const seconds = (performance.now() - t0) / 1000;
  sampling = false;
  await sampler;
  const hwm = await statusKb(opts.pid, 'VmHWM');
  return { seconds, status: response.status, rssBeforeMb: before / 1024, rssPeakMb: Math.max(sampled, hwm) / 1024 };
}

/** The same bytes copied file to file on the same disk, streamed and fsynced like the upload's staging. */
export async function timedCopy(src: string, dir: string): Promise<number> {
  const dst = path.join(dir, `copy-${process.pid}.bin`);
  const t0 = performance.now();
  await pipeline(createReadStream(src), createWriteStream(dst));
  const handle = await open(dst, 'r+');
  await handle.sync();
  await handle.close();
  const seconds = (performance.now() - t0) / 1000;
  await rm(dst, { force: true });
  return seconds;
}
