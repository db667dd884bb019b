import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { TEST_BACKEND, createTestDatabase, type TestDatabase } from '../../../test/support/db.ts';
import { createManualClock } from '../clock.ts';
import { openDatabase, type Database } from '../db/database.ts';
import type { OutboxChannel } from '../db/schema.ts';
import { createOutboxWorker, retryDelayMs, type Logger, type OutgoingMessage, type Sender } from './outbox-worker.ts';
import { logSmsSender, maskPhone, smtpSender } from './senders.ts';

// The delivery side of the outbox against a real database and a real SMTP server on
// 127.0.0.1: retries lose nothing, a leased row is sent by one worker only, unconfigured
// channels wait untouched.

const FROM = '北京市规划和自然资源委员会 <noreply@zizhi.local>';
const SMTP_USER = 'zizhi';
const SMTP_PASS = 'p@ss wörd';
const SUBJECT = '【受理通知】您的申请 BJKC-2026-0001 已受理';
const BODY = '北京示范勘察设计有限公司：\n您提交的建设工程勘察企业资质认定（乙级）申请已受理，请登录系统查看办理进度。';

let database: TestDatabase;
/** PostgreSQL: a second pool on the same database, so two workers really run side by side. */
let second: Database | undefined;
const clock = createManualClock(new Date('2026-11-28T02:00:00Z'));

before(async () => {
  database = await createTestDatabase();
  if (TEST_BACKEND === 'postgres') {
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(database.db);
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${rows[0]!.name}`;
    second = await openDatabase({ kind: 'postgres', url: url.href, poolMax: 5 });
  }
});
after(async () => {
  await second?.close();
  await database?.dispose();
});
beforeEach(async () => {
  await database.db.deleteFrom('outbox').execute();
});

// ---------------------------------------------------------------- helpers

interface Received {
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  raw: string;
}

interface TestSmtp {
  port: number;
  received: Received[];
  countFor(outboxId: string): number;
  close(): Promise<void>;
}

/** A local SMTP server with authentication and no TLS, keeping what it receives. */
async function startSmtp(port = 0): Promise<TestSmtp> {
  const received: Received[] = [];
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASS) callback(null, { user: auth.username });
      else callback(new Error('bad credentials'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ ...parseMessage(Buffer.concat(chunks)), to: session.envelope.rcptTo.map((r) => r.address) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  assert.ok(address && typeof address === 'object');
  return {
    port: address.port,
    received,
    countFor: (id) => received.filter((m) => m.messageId === `<outbox-${id}@zizhi>`).length,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const smtpUrl = (port: number) => `smtp://${SMTP_USER}:${encodeURIComponent(SMTP_PASS)}@127.0.0.1:${port}`;

/** Just enough MIME for a single text part: unfolded headers, encoded words, QP or base64 body. */
function parseMessage(raw: Buffer): Omit<Received, 'to'> {
  const text = raw.toString('latin1');
  const split = text.indexOf('\r\n\r\n');
  const head = text.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const body = text.slice(split + 4);
  const cte = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const bodyBytes =
    cte === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64') : cte === 'quoted-printable' ? qpBytes(body.replace(/=\r\n/g, ''), false) : Buffer.from(body, 'latin1');
  return {
    messageId: headers.get('message-id') ?? '',
    from: decodeWords(headers.get('from') ?? ''),
    subject: decodeWords(headers.get('subject') ?? ''),
    text: bodyBytes.toString('utf8').replace(/\r\n/g, '\n'),
    raw: raw.toString('utf8'),
  };
}

/** RFC 2047: runs of adjacent encoded words are joined before decoding (a character may span two). */
function decodeWords(value: string): string {
  const word = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g;
  return value.replace(/=\?[^?]+\?[BbQq]\?[^?]*\?=(?:\s+=\?[^?]+\?[BbQq]\?[^?]*\?=)*/g, (run) => {
    const bytes = [...run.matchAll(word)].map(([, charset, enc, data]) => {
      assert.equal(charset!.toLowerCase(), 'utf-8');
      return enc!.toUpperCase() === 'B' ? Buffer.from(data!, 'base64') : qpBytes(data!, true);
    });
    return Buffer.concat(bytes).toString('utf8');
  });
}

function qpBytes(s: string, underscoreIsSpace: boolean): Buffer {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const hex = s.slice(i + 1, i + 3);
    if (s[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      out.push(Number.parseInt(hex, 16));
      i += 2;
    } else if (s[i] === '_' && underscoreIsSpace) out.push(0x20);
    else out.push(s.charCodeAt(i) & 0xff);
  }
  return Buffer.from(out);
}

async function enqueue(channel: OutboxChannel, recipient: string, subject = SUBJECT, body = BODY): Promise<string> {
  const now = clock.now();
  const row = await database.db
    .insertInto('outbox')
    .values({ channel, recipient, subject, body, nextAttemptAt: now, createdAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const getRow = (id: string) => database.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

interface LogEntry {
  level: 'info' | 'warn' | 'error';
  obj: object;
  msg?: string;
}
function captureLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  return {
    entries,
    info: (obj, msg) => void entries.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => void entries.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => void entries.push({ level: 'error', obj, msg }),
  };
}

/** Records every message; fails while `failing` is set. */
function captureSender(): Sender & { sent: OutgoingMessage[]; failing?: Error } {
  const sender: Sender & { sent: OutgoingMessage[]; failing?: Error } = {
    sent: [],
    async send(message) {
      if (sender.failing) throw sender.failing;
      sender.sent.push(message);
    },
  };
  return sender;
}

/** A sender that holds each send until `open()` — a slow SMTP server, or a worker about to crash. */
function gatedSender(): Sender & { started: Promise<void>; open(): void; sent: OutgoingMessage[] } {
  let open!: () => void;
  let started!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const sent: OutgoingMessage[] = [];
  return {
    sent,
    started: new Promise<void>((resolve) => (started = resolve)),
    open,
    async send(message) {
      started();
      await gate;
      sent.push(message);
    },
  };
}

const silent = captureLogger();

// ---------------------------------------------------------------- tests

test('SMTP down: the row stays pending with the error and a later attempt; once up it is delivered exactly once', async (t) => {
  const port = await freePort();
  const logger = captureLogger();
  const worker = createOutboxWorker({ db: database.db, clock, logger, senders: { email: smtpSender({ url: smtpUrl(port), from: FROM }), sms: captureSender() } });
  t.after(() => worker.stop());
  const id = await enqueue('email', 'zhang@example.com');

  const start = clock.now();
  assert.deepEqual(await worker.runOnce(), { sent: 0, failed: 0, retried: 1 });
  const failed = await getRow(id);
  assert.equal(failed.status, 'pending');
  assert.equal(failed.attempts, 1);
  assert.equal(failed.lockedUntil, null);
  assert.match(failed.lastError ?? '', /ECONNREFUSED/);
  assert.equal(failed.nextAttemptAt.getTime(), start.getTime() + 30_000);
  assert.ok(logger.entries.some((e) => e.level === 'warn' && (e.obj as { outboxId?: string }).outboxId === id));

  const smtp = await startSmtp(port);
  t.after(() => smtp.close());
  assert.deepEqual(await worker.runOnce(), { sent: 0, failed: 0, retried: 0 }, 'not due before the backoff has passed');
  assert.equal(smtp.received.length, 0);

  clock.advance(30_000);
  assert.deepEqual(await worker.runOnce(), { sent: 1, failed: 0, retried: 0 });
  const sent = await getRow(id);
  assert.equal(sent.status, 'sent');
  assert.equal(sent.attempts, 2);
  assert.equal(sent.sentAt?.getTime(), clock.now().getTime());
  assert.equal(sent.lockedUntil, null);
  assert.equal(sent.lastError, null);

  assert.deepEqual(await worker.runOnce(), { sent: 0, failed: 0, retried: 0 });
  clock.advance(2 * 3_600_000);
  assert.deepEqual(await worker.runOnce(), { sent: 0, failed: 0, retried: 0 });
  assert.equal(smtp.countFor(id), 1);

  const [mail] = smtp.received;
  assert.equal(mail!.subject, SUBJECT);
  assert.ok(mail!.text.includes(BODY), mail!.text);
  assert.equal(mail!.from, FROM);
  assert.deepEqual(mail!.to, ['zhang@example.com']);
  assert.match(mail!.raw, /^Content-Type: text\/plain; charset=utf-8/im);
});

test('two workers at once on 20 rows: every row is sent exactly once', async (t) => {
  const smtp = await startSmtp();
  t.after(() => smtp.close());
  const ids: string[] = [];
  for (let i = 1; i <= 20; i++) ids.push(await enqueue('email', `user${i}@example.com`, `${SUBJECT}（${i}）`));

  // Small batches so the claims interleave; on PostgreSQL half the workers use a second pool.
  const workers = [database.db, second?.db ?? database.db, database.db, second?.db ?? database.db].map((db) =>
    createOutboxWorker({ db, clock, logger: silent, batchSize: 3, senders: { email: smtpSender({ url: smtpUrl(smtp.port), from: FROM }), sms: captureSender() } }),
  );
  t.after(() => Promise.all(workers.map((w) => w.stop())));

  const results = await Promise.all(workers.map((w) => w.runOnce()));
  assert.equal(results.reduce((n, r) => n + r.sent, 0), 20);
  assert.ok(results.every((r) => r.failed === 0 && r.retried === 0));
  assert.equal(smtp.received.length, 20);
  for (const id of ids) assert.equal(smtp.countFor(id), 1, `outbox ${id}`);
  const rows = await database.db.selectFrom('outbox').select(['status', 'attempts']).execute();
  assert.ok(rows.every((r) => r.status === 'sent' && r.attempts === 1), 'no row was claimed twice');
});

test('a leased row is not sent by another worker until its lease runs out', async (t) => {
  const id = await enqueue('sms', '13800000000');
  const slow = gatedSender();
  const other = captureSender();
  const a = createOutboxWorker({ db: database.db, clock, logger: silent, leaseMs: 60_000, senders: { sms: slow } });
  const b = createOutboxWorker({ db: second?.db ?? database.db, clock, logger: silent, leaseMs: 60_000, senders: { sms: other } });
  t.after(() => Promise.all([a.stop(), b.stop()]));

  const running = a.runOnce();
  await slow.started;
  assert.deepEqual(await b.runOnce(), { sent: 0, failed: 0, retried: 0 });
  clock.advance(59_000);
  assert.deepEqual(await b.runOnce(), { sent: 0, failed: 0, retried: 0 });
  slow.open();
  assert.deepEqual(await running, { sent: 1, failed: 0, retried: 0 });
  assert.equal((await getRow(id)).status, 'sent');
  clock.advance(120_000);
  assert.deepEqual(await b.runOnce(), { sent: 0, failed: 0, retried: 0 });
  assert.equal(other.sent.length, 0);
});

test('after a lease runs out (worker hung or gone) another worker takes the row; the late one does not overwrite it', async (t) => {
  const id = await enqueue('sms', '13800000000');
  const hung = gatedSender();
  const other = captureSender();
  const logger = captureLogger();
  const a = createOutboxWorker({ db: database.db, clock, logger, leaseMs: 60_000, senders: { sms: hung } });
  const b = createOutboxWorker({ db: second?.db ?? database.db, clock, logger: silent, leaseMs: 60_000, senders: { sms: other } });
  t.after(() => Promise.all([a.stop(), b.stop()]));

  const running = a.runOnce();
  await hung.started;
  clock.advance(60_001);
  assert.deepEqual(await b.runOnce(), { sent: 1, failed: 0, retried: 0 });
  const taken = await getRow(id);
  assert.equal(taken.status, 'sent');
  assert.equal(taken.attempts, 2);

  hung.open();
  await running;
  assert.ok(logger.entries.some((e) => e.level === 'warn' && /lease ran out/.test(e.msg ?? '')));
  const after = await getRow(id);
  assert.equal(after.sentAt?.getTime(), taken.sentAt?.getTime());
});

test('email while no email sender is configured stays pending, untouched; SMS still goes out', async (t) => {
  const emailId = await enqueue('email', 'zhang@example.com');
  const smsId = await enqueue('sms', '13800000000', '', '【北京市规划和自然资源委员会】您的申请已受理。');
  const sms = captureSender();
  const worker = createOutboxWorker({ db: database.db, clock, logger: silent, senders: { sms } });
  t.after(() => worker.stop());

  assert.deepEqual(await worker.runOnce(), { sent: 1, failed: 0, retried: 0 });
  clock.advance(3_600_000);
  assert.deepEqual(await worker.runOnce(), { sent: 0, failed: 0, retried: 0 });
  const email = await getRow(emailId);
  assert.equal(email.status, 'pending');
  assert.equal(email.attempts, 0);
  assert.equal(email.lockedUntil, null);
  assert.equal(email.lastError, null);
  assert.equal((await getRow(smsId)).status, 'sent');
  assert.deepEqual(sms.sent, [{ id: smsId, recipient: '13800000000', subject: '', body: '【北京市规划和自然资源委员会】您的申请已受理。' }]);
});

test('backoff doubles from 30 s up to an hour; after maxAttempts the row is failed and left alone', async (t) => {
  const id = await enqueue('sms', '13800000000');
  const sms = captureSender();
  sms.failing = new Error(`网关拒绝：${'x'.repeat(5_000)}`);
  const logger = captureLogger();
  const worker = createOutboxWorker({ db: database.db, clock, logger, maxAttempts: 3, senders: { sms } });
  t.after(() => worker.stop());

  assert.deepEqual([1, 2, 3, 4, 7, 8, 20].map(retryDelayMs), [30_000, 60_000, 120_000, 240_000, 1_920_000, 3_600_000, 3_600_000]);

  assert.deepEqual(await worker.runOnce(), { sent: 0, failed: 0, retried: 1 });
  let row = await getRow(id);
  assert.equal(row.nextAttemptAt.getTime() - clock.now().getTime(), 30_000);
  assert.ok(row.lastError!.startsWith('网关拒绝：'));
  assert.equal(row.lastError!.length, 1_000);

  clock.advance(30_000);
  assert.deepEqual(await worker.runOnce(), { sent: 0, failed: 0, retried: 1 });
  row = await getRow(id);
  assert.equal(row.nextAttemptAt.getTime() - clock.now().getTime(), 60_000);

  clock.advance(60_000);
  assert.deepEqual(await worker.runOnce(), { sent: 0, failed: 1, retried: 0 });
  row = await getRow(id);
  assert.equal(row.status, 'failed');
  assert.equal(row.attempts, 3);
  assert.equal(row.lockedUntil, null);
  assert.ok(logger.entries.some((e) => e.level === 'error' && (e.obj as { outboxId?: string }).outboxId === id));

  sms.failing = undefined;
  clock.advance(24 * 3_600_000);
  assert.deepEqual(await worker.runOnce(), { sent: 0, failed: 0, retried: 0 });
  assert.equal(sms.sent.length, 0);
});

test('the log SMS sender masks the number', async (t) => {
  const id = await enqueue('sms', '13812345678', '', '【北京市规划和自然资源委员会】您的申请需要补正。');
  const logger = captureLogger();
  const worker = createOutboxWorker({ db: database.db, clock, logger: silent, senders: { sms: logSmsSender(logger) } });
  t.after(() => worker.stop());

  assert.deepEqual(await worker.runOnce(), { sent: 1, failed: 0, retried: 0 });
  assert.equal(logger.entries.length, 1);
  assert.equal(logger.entries[0]!.level, 'info');
  assert.deepEqual(logger.entries[0]!.obj, { outboxId: id, to: '138****5678', body: '【北京市规划和自然资源委员会】您的申请需要补正。' });
  assert.doesNotMatch(JSON.stringify(logger.entries), /13812345678/);
  assert.equal(maskPhone('13800000000'), '138****0000');
  assert.equal(maskPhone('12345'), '****');
});

test('stop waits for the run in flight and releases nothing twice', async () => {
  const ids = [await enqueue('sms', '13800000001'), await enqueue('sms', '13800000002')];
  const slow = gatedSender();
  const worker = createOutboxWorker({ db: database.db, clock, logger: silent, senders: { sms: slow } });
  const running = worker.runOnce();
  await slow.started;
  let stopped = false;
  const stopping = worker.stop().then(() => (stopped = true));
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(stopped, false, 'stop waits for the send in progress');
  slow.open();
  await stopping;
  assert.deepEqual(await running, { sent: 1, failed: 0, retried: 0 });
  const [first, rest] = await Promise.all(ids.map(getRow));
  assert.equal(first!.status, 'sent');
  // The second row was claimed in the same batch but never tried: handed back as it was.
  assert.equal(rest!.status, 'pending');
  assert.equal(rest!.attempts, 0);
  assert.equal(rest!.lockedUntil, null);
});

test('start polls until stopped', async () => {
  const sms = captureSender();
  const worker = createOutboxWorker({ db: database.db, clock, logger: silent, senders: { sms } });
  worker.start(20);
  const id = await enqueue('sms', '13800000000');
  for (let i = 0; i < 100 && sms.sent.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  await worker.stop();
  assert.deepEqual(sms.sent.map((m) => m.id), [id]);
  assert.equal((await getRow(id)).status, 'sent');
});
