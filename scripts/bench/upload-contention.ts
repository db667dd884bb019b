/**
 * Upload contention (security issue 14, point 2): a legitimate 1-page upload's latency while four
 * other accounts each upload a 25 MB PDF of 400 000 trivial objects (15 s of pdf-lib parsing), as a
 * ratio to the same upload on an idle server. Every request goes over HTTP to the real app.
 */
import { openAsBlob } from 'node:fs';
import path from 'node:path';

export interface UploadTarget {
  /** POST URL of an attachment slot of the account's draft. */
  url: string;
  cookie: string;
  csrf: string;
}

export interface TimedStatus {
  ms: number;
  status: number;
  /** Error code of a refusal. */
  code?: string;
}

export interface ContentionResult {
  /** The legitimate upload alone, one at a time. */
  idle: TimedStatus[];
  /** The same upload, repeated while the hostile uploads are in flight. */
  contended: TimedStatus[];
  hostile: TimedStatus[];
  rounds: number;
}

let client = 0;

async function timed(target: UploadTarget, file: string, origin: string): Promise<TimedStatus> {
  const form = new FormData();
  form.append('file', await openAsBlob(file, { type: 'application/pdf' }), path.basename(file));
  // Each request from its own address (the bench server trusts X-Forwarded-For): the route's
  // per-client rate limit (30 uploads a minute) is not what is measured here.
  client += 1;
  const headers = { cookie: target.cookie, 'x-csrf-token': target.csrf, origin, 'x-forwarded-for': `10.200.${(client >> 8) & 255}.${client & 255}` };
  const t0 = performance.now();
  const response = await fetch(target.url, { method: 'POST', headers, body: form });
  const text = await response.text();
  const ms = performance.now() - t0;
  let code: string | undefined;
  if (!response.ok) code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  return code ? { ms, status: response.status, code } : { ms, status: response.status };
}

/**
 * `legit` uploads `legitFile` alone (`idleRuns` times), then in `rounds` rounds: the four
 * `hostile` accounts start their uploads together and `legit` uploads again and again until all
 * four are answered. Every legit upload during a round counts as contended.
 */
export async function contentionBench(opts: {
  origin: string;
  legit: UploadTarget;
  hostile: readonly UploadTarget[];
  legitFile: string;
  hostileFile: string;
  idleRuns?: number;
  rounds?: number;
}): Promise<ContentionResult> {
  const { origin, legit, legitFile, hostileFile } = opts;
  for (let i = 0; i < 2; i++) await timed(legit, legitFile, origin); // workers started, JIT warm
  const idle: TimedStatus[] = [];
  for (let i = 0; i < (opts.idleRuns ?? 9); i++) idle.push(await timed(legit, legitFile, origin));
  const contended: TimedStatus[] = [];
  const hostile: TimedStatus[] = [];
  const rounds = opts.rounds ?? 3;
  for (let r = 0; r < rounds; r++) {
    let open = opts.hostile.length;
    const flood = opts.hostile.map((h) =>
      timed(h, hostileFile, origin).then((s) => {
        open -= 1;
        hostile.push(s);
      }),
    );
    while (open > 0) contended.push(await timed(legit, legitFile, origin));
    await Promise.all(flood);
  }
  return { idle, contended, hostile, rounds };
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** `200×5, 503 UPLOAD_BUSY×2`. */
export function statusSummary(samples: readonly TimedStatus[]): string {
  const counts = new Map<string, number>();
  for (const s of samples) {
    const key = s.code ? `${s.status} ${s.code}` : String(s.status);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${k}×${n}`).join(', ');
}
