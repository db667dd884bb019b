import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { openDatabase } from '../../src/server/db/database.ts';
import { migrateToLatest } from '../../src/server/db/migrate.ts';
import type { DB } from '../../src/server/db/schema.ts';
import { TEST_PUBLIC_URL, type TestApp } from '../support/app.ts';
import { ApplicantApi, fixturePdf } from '../support/applicant.ts';
import { createTestDatabase, TEST_BACKEND, type TestDatabase } from '../support/db.ts';
import { loggedInLegal } from '../support/flows.ts';
import {
  eventually,
  filesUnder,
  freePort,
  loopbackOf,
  remoteTestApp,
  sizeOf,
  sleep,
  startServer,
  Upstreams,
  type ServerProcess,
} from '../support/server-process.ts';

// R1 and R2 of QUALITY.md §3.4 against the real server process: kill -9 while an upload streams
// in and while 提交 runs, restart, and check that nothing was left half done. Runs on both
// backends: PGlite (the data folder survives the kill) and PostgreSQL (a fresh database).

/** Random kill rounds around 提交: each costs a restart (CI default 2; RESILIENCE_ROUNDS=50 for a soak). */
const ROUNDS = Number(process.env.RESILIENCE_ROUNDS ?? 2);
/** Submissions in flight per round. */
const PER_ROUND = 4;
const ITEM = 'nonlocal-filing';
const SLOT = 'integrityPledge';

let database: TestDatabase | undefined;
let dataDir: string | undefined;
let blobDir: string;
let port: number;
let server: ServerProcess | undefined;
let remote: TestApp;

const serverEnv = () => ({
  PORT: String(port),
  PUBLIC_URL: TEST_PUBLIC_URL,
  BLOB_DIR: blobDir,
  UPLOAD_MAX_MB: '100',
  ...(database ? { DATABASE_URL: database.url!, DATABASE_POOL_MAX: '5' } : { DATA_DIR: dataDir! }),
});

/** Where the time goes (reported at the end): starts, looks at the stopped database, setup. */
const timings: string[] = [];
async function timed<T>(what: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await fn();
  } finally {
    timings.push(`${what} ${((Date.now() - started) / 1000).toFixed(1)}s`);
  }
}

async function restart(): Promise<void> {
  assert.equal(server, undefined, 'restart after a kill');
  server = await timed('start', () => startServer(serverEnv()));
}

/** A test after a failed one finds the server as that one left it. */
async function ensureUp(): Promise<void> {
  if (!server) await restart();
}

async function kill(): Promise<void> {
  await server!.kill9();
  server = undefined;
}

/**
 * Look at the database while the server is down: PostgreSQL through the test's own pool (the
 * killed process's stalled backends are ended first); PGlite by opening the data folder, which
 * is only possible while no server holds it.
 */
async function whileDown<T>(fn: (db: Kysely<DB>) => Promise<T>): Promise<T> {
  return timed('down', () => lookWhileDown(fn));
}

async function lookWhileDown<T>(fn: (db: Kysely<DB>) => Promise<T>): Promise<T> {
  assert.equal(server, undefined, 'the server must be down');
  if (database) {
    await sql`select pg_terminate_backend(pid) from pg_stat_activity
              where datname = current_database() and pid <> pg_backend_pid() and wait_event = 'PgSleep'`.execute(database.db);
    // Backends of the dead process end when they notice the closed socket; none may hold a transaction open.
    const quiet = await eventually(async () => {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and state in ('active', 'idle in transaction')
        and backend_type = 'client backend'`.execute(database!.db);
      return rows[0]!.n === 0;
    }, 10_000);
    assert.ok(quiet, 'backends of the killed process ended');
    return fn(database.db);
  }
  const opened = await openDatabase({ kind: 'pglite', dataDir: dataDir! });
  try {
    return await fn(opened.db);
  } finally {
    await opened.close();
  }
}

before(async () => {
  blobDir = mkdtempSync(path.join(tmpdir(), 'zizhi-crash-blobs-'));
  // The database is made ready (migrated, stall trigger in place) before the first start.
  await timed('create database', async () => {
    if (TEST_BACKEND === 'postgres') {
      database = await createTestDatabase();
      await installStall(database.db);
    } else {
      dataDir = mkdtempSync(path.join(tmpdir(), 'zizhi-crash-data-'));
      const opened = await openDatabase({ kind: 'pglite', dataDir });
      await migrateToLatest(opened.db);
      await installStall(opened.db);
      await opened.close();
    }
  });
  port = await freePort();
  await restart();
  remote = remoteTestApp({ publicUrl: TEST_PUBLIC_URL, upstreams: new Upstreams([port]) });
});

after(async () => {
  await server?.kill9();
  await database?.dispose();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  rmSync(blobDir, { recursive: true, force: true });
});

// ------------------------------------------------------------------ helpers

interface Draft {
  api: ApplicantApi;
  id: string;
  version: number;
}

/** A logged-in enterprise (registered through the bundled IdP over HTTP) with a complete draft. */
async function completeDraft(orgName?: string): Promise<Draft> {
  const { browser } = await loggedInLegal(remote, orgName ? { orgName } : {});
  const api = new ApplicantApi(remote, browser);
  const draft = await api.completeDraft(ITEM, 'filing');
  return { api, id: draft.id, version: draft.version };
}

/** `n` drafts, a few at a time. */
async function completeDrafts(n: number): Promise<Draft[]> {
  const out: Draft[] = [];
  while (out.length < n) out.push(...(await Promise.all(Array.from({ length: Math.min(3, n - out.length) }, () => completeDraft()))));
  return out;
}

interface AttachmentView {
  slot: string;
  sha256: string;
}

const submit = (d: Draft) => d.api.call('POST', `/api/applications/${d.id}/submit`);
const view = async (d: Draft) => (await d.api.call('GET', `/api/applications/${d.id}`)).json();
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const stagingDir = () => path.join(blobDir, 'tmp');
const committedBlobs = () => filesUnder(blobDir).filter((f) => !f.startsWith(`tmp${path.sep}`));
const stagingParts = () => filesUnder(stagingDir()).filter((f) => f.endsWith('.part'));

/**
 * Stream a multipart upload of `totalBytes` slowly over a raw socket (64 KiB every 15 ms) as
 * `api`'s browser; it never finishes on its own within a test's time. Resolves when the
 * connection ends, whichever way.
 */
async function slowUpload(api: ApplicantApi, id: string, slot: string, totalBytes: number): Promise<{ ended: Promise<string> }> {
  const csrf = (await api.browser.sessionInfo()).csrfToken!;
  const boundary = '----zizhicrash';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const req = httpRequest({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: `/api/applications/${id}/attachments/${slot}`,
    agent: false,
    localAddress: loopbackOf(api.browser.remoteAddress),
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': String(head.length + totalBytes + tail.length),
      origin: TEST_PUBLIC_URL,
      'x-csrf-token': csrf,
      cookie: `zz_sid=${api.browser.cookie('zz_sid')}`,
    },
  });
  const ended = new Promise<string>((resolve) => {
    req.on('error', (e) => resolve(`error: ${e.message}`));
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(`answered ${res.statusCode}`));
    });
  });
  let stop = false;
  void ended.then(() => (stop = true));
  void (async () => {
    req.write(head);
    const pdf = fixturePdf('valid-1-page.pdf');
    req.write(pdf);
    let sent = pdf.length;
    const chunk = Buffer.alloc(64 * 1024);
    while (!stop && sent < totalBytes) {
      if (!req.write(chunk.subarray(0, Math.min(chunk.length, totalBytes - sent)))) {
        await new Promise<void>((resolve) => {
          const go = () => {
            req.off('drain', go);
            req.off('close', go);
            resolve();
          };
          req.on('drain', go);
          req.on('close', go);
        });
      }
      sent += chunk.length;
      await sleep(15);
    }
    if (!stop) req.end(tail);
  })().catch(() => {});
  return { ended };
}

/** The enterprise whose submission stalls. */
const STALLED_ORG = '停顿测试勘察设计有限公司';

/**
 * A deterministic kill point: the message insert of STALLED_ORG's 提交 (inside its transaction,
 * after the number, the event and the audit row) waits two minutes.
 */
async function installStall(db: Kysely<DB>): Promise<void> {
  await sql
    .raw(
      `create function zz_test_stall() returns trigger language plpgsql as $$
       begin
         if exists (select 1 from applications where id = new.application_id and data->'applicant'->>'orgName' = '${STALLED_ORG}') then
           perform pg_sleep(120);
         end if;
         return new;
       end $$`,
    )
    .execute(db);
  await sql`create trigger zz_test_stall before insert on notifications for each row execute function zz_test_stall()`.execute(db);
}

async function removeStall(db: Kysely<DB>): Promise<void> {
  await sql`drop trigger if exists zz_test_stall on notifications`.execute(db);
  await sql`drop function if exists zz_test_stall()`.execute(db);
}

interface SubmissionState {
  status: string;
  number: string | null;
  version: number;
  events: number;
  audits: { number: unknown }[];
  notifications: number;
  outbox: number;
}

async function submissionState(db: Kysely<DB>, id: string): Promise<SubmissionState> {
  const app = await db.selectFrom('applications').select(['status', 'number', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
  const events = await db.selectFrom('caseEvents').select('action').where('applicationId', '=', id).execute();
  const audits = await db.selectFrom('auditLog').select('details').where('objectId', '=', id).where('action', '=', 'application.submit').execute();
  const notifications = await db.selectFrom('notifications').select('id').where('applicationId', '=', id).where('kind', '=', 'submit').execute();
  const outbox = notifications.length
    ? await db.selectFrom('outbox').select('id').where('notificationId', 'in', notifications.map((n) => n.id)).execute()
    : [];
  assert.ok(events.every((e) => e.action === 'submit'), `only the submission event: ${JSON.stringify(events)}`);
  return {
    status: app.status,
    number: app.number,
    version: app.version,
    events: events.length,
    audits: audits.map((a) => ({ number: (a.details as Record<string, unknown>).number })),
    notifications: notifications.length,
    outbox: outbox.length,
  };
}

/** 提交 happened completely (number, event, audit row, message and its SMS) or not at all. */
function assertAllOrNothing(state: SubmissionState, what: string): 'submitted' | 'draft' {
  if (state.status === 'draft') {
    assert.deepEqual(
      { number: state.number, events: state.events, audits: state.audits.length, notifications: state.notifications, outbox: state.outbox },
      { number: null, events: 0, audits: 0, notifications: 0, outbox: 0 },
      `${what}: still a draft, so nothing of the submission may exist`,
    );
    return 'draft';
  }
  assert.equal(state.status, 'submitted', what);
  assert.match(state.number ?? '', /^WB\d{10}$/, `${what}: numbered`);
  assert.deepEqual(
    { events: state.events, audits: state.audits, notifications: state.notifications, outboxRows: state.outbox > 0 },
    { events: 1, audits: [{ number: state.number }], notifications: 1, outboxRows: true },
    `${what}: submitted, so exactly one event, audit row and message (with its SMS) exist`,
  );
  return 'submitted';
}

/** The counter hands out numbers without gaps: those in use are exactly 1..last. */
async function assertGaplessNumbers(db: Kysely<DB>): Promise<string[]> {
  const numbers = (await db.selectFrom('applications').select('number').where('item', '=', ITEM).where('number', 'is not', null).execute()).map((r) => r.number!);
  const counters = await db.selectFrom('applicationCounters').select(['year', 'last']).where('item', '=', ITEM).execute();
  const last = counters.reduce((sum, c) => sum + c.last, 0);
  const sequences = numbers.map((n) => Number(n.slice(-6))).sort((a, b) => a - b);
  assert.deepEqual(sequences, Array.from({ length: last }, (_, i) => i + 1), `numbers in use ${numbers.join(',')} against the counter at ${last}`);
  return numbers;
}

/** Every blob a row names exists with the recorded hash; no committed file lacks a row (no half or orphaned blob). */
async function assertBlobsMatchRows(db: Kysely<DB>): Promise<void> {
  const rows = [
    ...(await db.selectFrom('attachments').select(['blobKey', 'sha256']).execute()),
    ...(await db.selectFrom('statementAttachments').select(['blobKey', 'sha256']).execute()),
    ...(await db.selectFrom('issuedDocuments').select(['blobKey', 'sha256']).where('blobKey', 'is not', null).execute()),
  ];
  for (const row of rows) {
    const file = path.join(blobDir, row.blobKey!.slice(0, 2), row.blobKey!);
    assert.equal(sha256(readFileSync(file)), row.sha256, `blob ${row.blobKey} is whole`);
  }
  const referenced = new Set(rows.map((r) => path.join(r.blobKey!.slice(0, 2), r.blobKey!)));
  assert.deepEqual(committedBlobs().filter((f) => !referenced.has(f)), [], 'no committed blob without its row');
}

// ------------------------------------------------------------------ tests

describe(`kill -9 of the server process (${TEST_BACKEND})`, () => {
  let upload: Draft;
  let warm: Draft;
  let stalled: Draft;
  let rounds: Draft[][];
  const acknowledged = new Map<string, string>();

  before(async () => {
    [upload, warm, stalled] = await timed('3 drafts', () => Promise.all([completeDraft(), completeDraft(), completeDraft(STALLED_ORG)]));
    // One submission without a crash: the happy path over the real process.
    const res = await submit(warm);
    assert.equal(res.statusCode, 200, res.body);
    acknowledged.set(warm.id, res.json().number);
    rounds = [];
    const more = await timed(`${ROUNDS * PER_ROUND} drafts`, () => completeDrafts(ROUNDS * PER_ROUND));
    for (let r = 0; r < ROUNDS; r++) rounds.push(more.slice(r * PER_ROUND, (r + 1) * PER_ROUND));
  });

  test('an upload killed mid-stream and a submission killed inside its transaction leave nothing behind', async (t) => {
    const before = await view(upload);
    const oldAttachment = (before.attachments as AttachmentView[]).find((a) => a.slot === SLOT);
    assert.ok(oldAttachment, 'the slot holds a file already: the upload replaces it');
    const blobsBefore = committedBlobs();
    const stalledBefore = await view(stalled);

    // 90 MB at most 4 MB/s: still streaming whatever happens meanwhile.
    const streaming = await slowUpload(upload.api, upload.id, SLOT, 90 * 1024 * 1024);
    const staging = await eventually(() => stagingParts().some((f) => sizeOf(path.join(stagingDir(), f)) >= 512 * 1024), 30_000);
    assert.ok(staging, 'the upload is being staged');

    let answered = false;
    const submitting = submit(stalled).then(
      (r) => ((answered = true), `answered ${r.statusCode}`),
      (e: Error) => `error: ${e.message}`,
    );
    if (database) {
      const reached = await eventually(async () => {
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event = 'PgSleep'`.execute(database!.db);
        return rows[0]!.n > 0;
      }, 15_000);
      assert.ok(reached, 'the submission reached the stalled insert');
    } else {
      await sleep(2_500); // PGlite sleeps in the server's only thread: no one to ask
    }
    assert.equal(answered, false, 'the submission is still inside its transaction');
    const stagedBytes = Math.max(...stagingParts().map((f) => sizeOf(path.join(stagingDir(), f))));
    await kill();
    t.diagnostic(`killed with ${stagedBytes} bytes staged; upload ${await streaming.ended}; submit ${await submitting}`);

    await whileDown(async (db) => {
      await removeStall(db);
      assert.equal(assertAllOrNothing(await submissionState(db, stalled.id), 'the stalled submission'), 'draft');
      const rows = await db.selectFrom('attachments').select(['slot', 'sha256']).where('applicationId', '=', upload.id).orderBy('slot').execute();
      const expected = (before.attachments as AttachmentView[]).map((a) => ({ slot: a.slot, sha256: a.sha256 })).sort((a, b) => a.slot.localeCompare(b.slot));
      assert.deepEqual(rows, expected, 'no new attachments row; the one being replaced is still there');
      await assertGaplessNumbers(db);
      await assertBlobsMatchRows(db);
    });
    assert.deepEqual(committedBlobs(), blobsBefore, 'no committed blob from the killed upload');
    const leftovers = stagingParts();
    assert.ok(leftovers.length > 0, 'the killed upload left its staging file (to be swept)');

    // A crash leftover older than the sweep threshold (an hour) goes at the next start.
    const old = new Date(Date.now() - 2 * 3_600_000);
    for (const f of leftovers) utimesSync(path.join(stagingDir(), f), old, old);
    await restart();
    assert.ok(await eventually(() => stagingParts().length === 0, 15_000), `staging swept at start: ${stagingParts().join(', ')}`);

    const after = await view(upload);
    assert.deepEqual(
      { version: after.version, data: after.data, savedSteps: after.savedSteps, attachments: after.attachments },
      { version: before.version, data: before.data, savedSteps: before.savedSteps, attachments: before.attachments },
      'the draft is exactly as before',
    );
    const file = await upload.api.call('GET', `/api/applications/${upload.id}/attachments/${SLOT}`);
    assert.equal(file.statusCode, 200);
    assert.equal(sha256(file.rawPayload), oldAttachment.sha256, 'the kept file is whole');
    const stalledAfter = await view(stalled);
    assert.deepEqual({ status: stalledAfter.status, number: stalledAfter.number, version: stalledAfter.version }, { status: 'draft', number: null, version: stalledBefore.version });

    // A new upload works and replaces the file: one committed blob out, one in.
    const replacement = fixturePdf('valid-3-pages.pdf');
    const res = await upload.api.upload(upload.id, SLOT, replacement, '诚信承诺书.pdf');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal((res.json().attachments as AttachmentView[]).find((a) => a.slot === SLOT)?.sha256, sha256(replacement));
    const blobsNow = committedBlobs();
    assert.equal(blobsNow.length, blobsBefore.length);
    assert.equal(blobsNow.filter((f) => !blobsBefore.includes(f)).length, 1);
  });

  test(`kill -9 at ${ROUNDS} random moments around 提交: each submission is all there or not at all`, async (t) => {
    await ensureUp();
    for (const [r, drafts] of rounds.entries()) {
      // All fired at once: they queue for the counter row (PostgreSQL) or the one connection
      // (PGlite) and commit one after another. The kill comes a random moment after the n-th
      // answer, while the next ones are being numbered, written or committed (a delay counted
      // from the start would mostly land before any of them: a restarted process is slow at first).
      const killAfter = 1 + (r % (PER_ROUND - 1));
      const results = new Map<string, string>();
      let answers = 0;
      let enough!: () => void;
      const reached = new Promise<void>((resolve) => (enough = resolve));
      const firedAt = Date.now();
      let firstMs = 0;
      const fired = drafts.map((d) =>
        submit(d).then(
          (res) => {
            if (res.statusCode === 200) acknowledged.set(d.id, res.json().number);
            results.set(d.id, `${res.statusCode}`);
            firstMs ||= Date.now() - firedAt;
            if (++answers >= killAfter) enough();
          },
          () => void results.set(d.id, 'cut'),
        ),
      );
      await Promise.race([reached, sleep(30_000)]);
      const delay = Math.round(Math.random() * firstMs * 0.5);
      await sleep(delay);
      await kill();
      await Promise.all(fired);

      const outcomes = await whileDown(async (db) => {
        const out: string[] = [];
        for (const d of drafts) {
          const state = await submissionState(db, d.id);
          const outcome = assertAllOrNothing(state, `round ${r}`);
          if (outcome === 'draft') assert.equal(state.version, d.version, 'a draft left as it was');
          // An answered submission is durable: a process crash must not lose an acknowledged commit.
          if (acknowledged.has(d.id)) assert.equal(state.number, acknowledged.get(d.id), 'acknowledged number kept');
          out.push(`${results.get(d.id)}→${outcome}`);
        }
        await assertGaplessNumbers(db);
        return out;
      });
      t.diagnostic(`round ${r}: killed ${delay} ms after answer ${killAfter} (the first came after ${firstMs} ms): ${outcomes.join(' ')}`);
      await restart();
    }
  });

  test('after the crashes every draft submits exactly once: resubmitting answers the same number, numbers stay gapless', async (t) => {
    await ensureUp();
    const all = [warm, stalled, ...rounds.flat()];
    const numbers = new Map<string, string>();
    for (const d of all) {
      const res = await submit(d);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      if (acknowledged.has(d.id)) assert.deepEqual({ number: body.number, again: body.alreadySubmitted }, { number: acknowledged.get(d.id), again: true });
      numbers.set(d.id, body.number);
      const again = await submit(d);
      assert.deepEqual({ number: again.json().number, again: again.json().alreadySubmitted }, { number: body.number, again: true }, 'a retry answers the same number');
    }
    assert.equal(new Set(numbers.values()).size, all.length, 'distinct numbers');

    assert.equal(await server!.stop(), 0, 'clean shutdown');
    server = undefined;
    await whileDown(async (db) => {
      for (const d of all) {
        const state = await submissionState(db, d.id);
        assert.equal(assertAllOrNothing(state, d.id), 'submitted');
        assert.equal(state.number, numbers.get(d.id));
      }
      const inUse = await assertGaplessNumbers(db);
      assert.equal(inUse.length, all.length);
      await assertBlobsMatchRows(db);
    });
    t.diagnostic(`time: ${timings.join(', ')}`);
  });
});
