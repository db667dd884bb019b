import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import type { OutboxChannel } from '../db/schema.ts';
import { claimDueMessages, markAttemptFailed, markSent, releaseUnsent, type ClaimedMessage } from './outbox.repository.ts';

export interface OutgoingMessage {
  /** The outbox id: stable across retries, so a receiver can recognise a repeat. */
  id: string;
  recipient: string;
  subject: string;
  body: string;
}

/**
 * Delivers one message or throws. A sender must bound its own time (the SMTP sender sets
 * nodemailer's timeouts): the worker's lease on the row is what keeps a second worker away.
 */
export interface Sender {
  send(message: OutgoingMessage): Promise<void>;
  close?(): Promise<void> | void;
}

/** The slice of pino the worker and the senders use (Fastify's `app.log` fits). */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface OutboxWorkerDeps {
  db: Database['db'];
  clock: Clock;
  logger: Logger;
  /** A channel without a sender is not claimed: its rows wait, untouched, until one is configured. */
  senders: { email?: Sender; sms: Sender };
  batchSize?: number;
  leaseMs?: number;
  maxAttempts?: number;
}

export interface OutboxRunResult {
  sent: number;
  failed: number;
  retried: number;
}

export interface OutboxWorker {
  /** Claim and deliver every due message, one batch at a time, until none is left. */
  runOnce(): Promise<OutboxRunResult>;
  /** Run now and then every `intervalMs` (a run never overlaps the previous one). */
  start(intervalMs: number): void;
  /** Stop polling, wait for the run in flight, close the senders. */
  stop(): Promise<void>;
}

const RETRY_BASE_MS = 30_000;
const RETRY_MAX_MS = 3_600_000;
const LAST_ERROR_MAX = 1_000;

/** 30 s after the first failure, doubling, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1), RETRY_MAX_MS);
}

/**
 * The delivery side of the outbox: rows written in the same transaction as the change they
 * report are sent here, at least once, with retries and backoff. Any number of workers (in
 * one or many instances) may run against one database; a leased row is sent by its holder only.
 */
export function createOutboxWorker(deps: OutboxWorkerDeps): OutboxWorker {
  const { db, clock, logger } = deps;
  const batchSize = deps.batchSize ?? 20;
  const leaseMs = deps.leaseMs ?? 5 * 60_000;
  const maxAttempts = deps.maxAttempts ?? 8;
  const senders: Partial<Record<OutboxChannel, Sender>> = { email: deps.senders.email, sms: deps.senders.sms };
  const channels = (Object.keys(senders) as OutboxChannel[]).filter((c) => senders[c]);

  const running = new Set<Promise<unknown>>();
  let timer: NodeJS.Timeout | undefined;
  let polling = false;
  let stopping = false;

  async function deliver(message: ClaimedMessage, result: OutboxRunResult): Promise<void> {
    const sender = senders[message.channel]!;
    let error: unknown;
    try {
      await sender.send({ id: message.id, recipient: message.recipient, subject: message.subject, body: message.body });
    } catch (e) {
      error = e ?? new Error('send failed');
    }
    if (error === undefined) {
      if (!(await markSent(db, message.id, message.lockedUntil, clock.now()))) {
        logger.warn({ outboxId: message.id }, 'outbox: sent after the lease ran out; another worker may send it again');
      }
      result.sent++;
      return;
    }
    const giveUp = message.attempts >= maxAttempts;
    const text = describe(error).slice(0, LAST_ERROR_MAX);
    await markAttemptFailed(db, message.id, message.lockedUntil, {
      error: text,
      nextAttemptAt: new Date(clock.now().getTime() + retryDelayMs(message.attempts)),
      giveUp,
    });
    if (giveUp) {
      result.failed++;
      logger.error({ outboxId: message.id, channel: message.channel, attempts: message.attempts, error: text }, 'outbox: giving up');
    } else {
      result.retried++;
      logger.warn({ outboxId: message.id, channel: message.channel, attempts: message.attempts, error: text }, 'outbox: send failed, will retry');
    }
  }

  async function run(): Promise<OutboxRunResult> {
    const result: OutboxRunResult = { sent: 0, failed: 0, retried: 0 };
    while (!stopping) {
      const now = clock.now();
      const lease = new Date(now.getTime() + leaseMs);
      const batch = await claimDueMessages(db, { channels, now, lockedUntil: lease, limit: batchSize });
      for (let i = 0; i < batch.length; i++) {
        // Never start a send the lease might not outlive: hand the rest back untried.
        if (stopping || lease.getTime() - clock.now().getTime() < leaseMs / 2) {
          await releaseUnsent(db, batch.slice(i).map((m) => m.id), lease);
          return result;
        }
        await deliver(batch[i]!, result);
      }
      if (batch.length < batchSize) break;
    }
    return result;
  }

  function runOnce(): Promise<OutboxRunResult> {
    const current = run();
    const settled: Promise<unknown> = current.then(
      () => running.delete(settled),
      () => running.delete(settled),
    );
    running.add(settled);
    return current;
  }

  function tick(intervalMs: number) {
    timer = undefined;
    if (stopping) return;
    runOnce()
      .then((r) => {
        if (r.sent || r.failed || r.retried) logger.info({ ...r }, 'outbox: delivered');
      })
      .catch((err: unknown) => logger.error({ err }, 'outbox: run failed'))
      .finally(() => {
        if (!stopping) {
          timer = setTimeout(() => tick(intervalMs), intervalMs);
          timer.unref();
        }
      });
  }

  return {
    runOnce,
    start(intervalMs) {
      if (stopping) throw new Error('outbox worker stopped');
      if (polling) return;
      polling = true;
      tick(intervalMs);
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      while (running.size > 0) await Promise.all(running);
      for (const sender of new Set(Object.values(senders))) await sender?.close?.();
    },
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return `${typeof code === 'string' ? `${code}: ` : ''}${error.message}`;
  }
  return String(error);
}
