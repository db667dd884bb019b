import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { TEST_PUBLIC_URL, type TestApp } from '../support/app.ts';
import { ApplicantApi } from '../support/applicant.ts';
import { createTestDatabase, TEST_BACKEND, type TestDatabase } from '../support/db.ts';
import { loggedInLegal, newBrowser } from '../support/flows.ts';
import { eventually, freePort, remoteTestApp, startServer, Upstreams, type ServerProcess } from '../support/server-process.ts';
import { createStaffUser, loginStaff } from '../support/staff.ts';

// Two real app processes on one PostgreSQL, as behind a load balancer: logins and drafts work
// whichever instance answers; concurrent submissions are numbered without duplicates or gaps;
// two staff acting on one case through different instances apply it once; both instances run
// the outbox worker and every message still goes out exactly once. (The 公示 period job on two
// processes is covered in src/server/notices/notices.db.test.ts with test/support/notice-job-process.ts.)

const SUBMITTERS = 6;

describe('two app processes on one PostgreSQL', { skip: TEST_BACKEND !== 'postgres' && 'needs PostgreSQL: an embedded database belongs to one process' }, () => {
  let database: TestDatabase;
  let blobDir: string;
  let servers: ServerProcess[] = [];
  let upstreams: Upstreams;
  let remote: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;

  before(async () => {
    database = await createTestDatabase();
    smtp = await startSmtp();
    // One blob folder for both, as a shared volume (or S3) would be.
    blobDir = mkdtempSync(path.join(tmpdir(), 'zizhi-two-'));
    const env = (port: number) => ({
      PORT: String(port),
      PUBLIC_URL: TEST_PUBLIC_URL,
      BLOB_DIR: blobDir,
      DATABASE_URL: database.url!,
      DATABASE_POOL_MAX: '5',
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      OUTBOX_POLL_SECONDS: '1',
      LOG_LEVEL: 'info', // the SMS sender only logs: its lines are what was "sent"
    });
    const ports = [await freePort(), await freePort()];
    // Started together: both race to create the shared secrets (IdP keys, cookie keys) on first use.
    servers = await Promise.all(ports.map((p) => startServer(env(p))));
    upstreams = new Upstreams(ports);
    remote = remoteTestApp({ publicUrl: TEST_PUBLIC_URL, upstreams, database });
  });

  after(async () => {
    await Promise.all(servers.map((s) => s.kill9()));
    await smtp?.close();
    await database?.dispose();
    if (blobDir) rmSync(blobDir, { recursive: true, force: true });
  });

  let drafts: { api: ApplicantApi; id: string }[] = [];
  let numbers: string[] = [];

  test('registration, login, drafts and uploads work with every request going to the next instance (no sticky sessions)', async () => {
    drafts = await Promise.all(
      Array.from({ length: SUBMITTERS }, async () => {
        const { browser } = await loggedInLegal(remote);
        const api = new ApplicantApi(remote, browser);
        const draft = await api.completeDraft('nonlocal-filing', 'filing');
        return { api, id: draft.id };
      }),
    );
    assert.equal(drafts.length, SUBMITTERS);
  });

  test('concurrent submissions through both instances get distinct, consecutive numbers', async () => {
    drafts.forEach((d, i) => upstreams.pin(d.api.browser.remoteAddress, upstreams.ports[i % 2]));
    const results = await Promise.all(drafts.map((d) => d.api.call('POST', `/api/applications/${d.id}/submit`)));
    for (const r of results) assert.equal(r.statusCode, 200, r.body);
    numbers = results.map((r) => r.json().number as string);
    assert.equal(new Set(numbers).size, SUBMITTERS, `distinct: ${numbers.join(', ')}`);
    const sequences = numbers.map((n) => Number(n.slice(-6))).sort((a, b) => a - b);
    assert.deepEqual(sequences, Array.from({ length: SUBMITTERS }, (_, i) => i + 1), 'consecutive from 1, no gap');
    const counter = await database.db.selectFrom('applicationCounters').select('last').where('item', '=', 'nonlocal-filing').executeTakeFirstOrThrow();
    assert.equal(counter.last, SUBMITTERS);
  });

  test('two staff acting on one case through different instances: one 200, one 409, applied once', async () => {
    const staff = await Promise.all(
      [0, 1].map(async (i) => {
        const user = await createStaffUser(remote, ['acceptor']);
        const api = new ApplicantApi(remote, newBrowser(remote));
        const { res } = await loginStaff(remote, api.browser, user.username, user.password, { returnTo: '/' });
        assert.equal((await api.browser.sessionInfo()).account?.kind, 'staff', `staff login: ${res.statusCode}`);
        upstreams.pin(api.browser.remoteAddress, upstreams.ports[i]);
        return api;
      }),
    );
    for (const d of drafts.slice(0, 3)) {
      const version = (await staff[0]!.call('GET', `/api/staff/cases/${d.id}`)).json().version;
      const results = await Promise.all([
        staff[0]!.call('POST', `/api/staff/cases/${d.id}/actions`, { action: 'accept', version }),
        staff[1]!.call('POST', `/api/staff/cases/${d.id}/actions`, { action: 'reject', version, opinion: '不属于本机关职权范围' }),
      ]);
      assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 409], results.map((r) => r.body).join('\n'));
      const events = await database.db.selectFrom('caseEvents').select('action').where('applicationId', '=', d.id).orderBy('at').execute();
      assert.equal(events.length, 2, 'submit, then exactly one staff action');
      const audits = await database.db.selectFrom('auditLog').select('action').where('objectId', '=', d.id).where('action', 'like', 'case.%').execute();
      assert.equal(audits.length, 1, 'one audit row for the one action applied');
    }
  });

  test('both instances run the outbox worker: every email and SMS is sent exactly once', async (t) => {
    // Both claims are made to meet: a test trigger holds every claim's UPDATE on a lock this
    // test owns until the claims of both instances wait, each after reading the due rows. With
    // FOR UPDATE SKIP LOCKED each has locked rows of its own by then; a claim without row locks
    // reads the same rows as the other one, waits for it, and then takes them a second time.
    const allSent = () =>
      eventually(async () => (await database.db.selectFrom('outbox').select('id').where('status', '!=', 'sent').execute()).length === 0, 30_000, 250);
    assert.ok(await allSent(), 'the messages of the submissions and staff actions go out first');
    await sql`create function zz_test_meet() returns trigger language plpgsql as $$
              begin perform pg_advisory_xact_lock_shared(4242); return new; end $$`.execute(database.db);
    await sql`create trigger zz_test_meet before update on outbox for each row execute function zz_test_meet()`.execute(database.db);
    await database.db.connection().execute(async (conn) => {
      await sql`select pg_advisory_lock(4242)`.execute(conn);
      try {
        const now = new Date();
        await conn
          .insertInto('outbox')
          .values(
            Array.from({ length: 60 }, (_, i) =>
              i % 2
                ? { channel: 'email' as const, recipient: `load${i}@example.cn`, subject: `批量测试 ${i}`, body: '正文', nextAttemptAt: now, createdAt: now }
                : { channel: 'sms' as const, recipient: `1390000${String(i).padStart(4, '0')}`, subject: `批量测试 ${i}`, body: '正文', nextAttemptAt: now, createdAt: now },
            ),
          )
          .execute();
        const bothWaiting = await eventually(async () => {
          const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock' and query like '%"due"%'`.execute(database.db);
          return rows[0]!.n >= 2;
        }, 15_000);
        assert.ok(bothWaiting, 'the claims of both instances meet');
      } finally {
        await sql`select pg_advisory_unlock(4242)`.execute(conn);
      }
    });
    assert.ok(await allSent(), 'every outbox row sent');

    const rows = await database.db.selectFrom('outbox').select(['id', 'channel', 'attempts']).execute();
    assert.ok(rows.length >= 60 + SUBMITTERS, `the submissions and staff actions queued messages too: ${rows.length}`);
    assert.deepEqual(rows.filter((r) => r.attempts !== 1), [], 'each row claimed once');
    const smsBy = servers.map((s) => smsLogged(s.output()));
    const perInstance = smsBy.map((ids) => ids.length);
    for (const row of rows) {
      if (row.channel === 'email') assert.equal(smtp.countFor(row.id), 1, `email ${row.id} delivered once`);
      else assert.equal(smsBy.flat().filter((id) => id === row.id).length, 1, `sms ${row.id} sent once`);
    }
    assert.equal(smtp.received.length, rows.filter((r) => r.channel === 'email').length, 'no extra email');
    t.diagnostic(`${rows.length} rows; SMS per instance ${perInstance.join(' / ')}`);
    await sql`drop trigger zz_test_meet on outbox`.execute(database.db);
    await sql`drop function zz_test_meet()`.execute(database.db);
  });
});

/** Outbox ids of the SMS a process logged (its sender without a gateway). */
function smsLogged(output: string): string[] {
  const ids: string[] = [];
  for (const line of output.split('\n')) {
    if (!line.includes('sms (no gateway configured')) continue;
    const id = (JSON.parse(line) as { outboxId?: string }).outboxId;
    if (id) ids.push(String(id));
  }
  return ids;
}

/** A local SMTP server without TLS or authentication, counting messages by Message-ID. */
async function startSmtp() {
  const received: string[] = [];
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const id = /^Message-ID:\s*(<[^>]+>)/im.exec(Buffer.concat(chunks).toString('latin1'))?.[1];
        received.push(id ?? '(none)');
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as { port: number };
  return {
    port,
    received,
    countFor: (outboxId: string) => received.filter((m) => m === `<outbox-${outboxId}@zizhi>`).length,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
