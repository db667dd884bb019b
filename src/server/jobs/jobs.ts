import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Audit } from '../audit/audit.service.ts';
import type { SessionStore } from '../auth/sessions.ts';
import type { BlobStore } from '../blobs/blob-store.ts';
import { sweepOrphanBlobs } from '../blobs/orphan-sweep.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { JOB_LOCKS, withJobLock } from '../db/advisory-lock.ts';
import type { Database } from '../db/database.ts';
import { sweepRateLimits } from '../http/rate-limit-store.ts';
import type { NoticesService } from '../notices/notices.service.ts';
import { createOutboxWorker, type OutboxWorker } from '../notifications/outbox-worker.ts';
import { logSmsSender, smtpSender } from '../notifications/senders.ts';
import type { RegisterService } from '../register/register.service.ts';
import type { DeadlineWarnings } from '../cases/deadline-warnings.ts';

/** Timer work, safe on several instances (rows claimed with SKIP LOCKED); tests run it by hand. */
export interface Jobs {
  outbox: OutboxWorker;
  closeNoticePeriods: () => Promise<{ batches: number; cases: number }>;
  /** Delete committed blobs no row names, older than a day (crash leftovers); returns how many. */
  sweepOrphanBlobs: () => Promise<number>;
  /** Expiry reminders of the register (90/60/30 days); returns how many certificates were reminded. */
  sendExpiryReminders: () => Promise<number>;
  /** Delete audit rows older than AUDIT_RETENTION_DAYS; returns how many. */
  purgeAudit: () => Promise<number>;
  /** Warn holders of cases two working days from their node deadline; returns how many. */
  warnNearDeadlines: () => Promise<number>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Timer jobs, for tests and operators to run by hand. */
    jobs: Jobs;
  }
}

export interface JobsDeps {
  database: Database;
  clock: Clock;
  config: Pick<Config, 'mail' | 'auditRetentionDays'>;
  logger: FastifyBaseLogger;
  blobs: BlobStore;
  notices: Pick<NoticesService, 'closeEndedPeriods'>;
  register: Pick<RegisterService, 'sendExpiryReminders'>;
  audit: Pick<Audit, 'purgeOlderThan'>;
  deadlineWarnings: Pick<DeadlineWarnings, 'run'>;
}

/** The jobs, built from the services they run; nothing starts until scheduleJobs. */
export function createJobs(deps: JobsDeps): Jobs {
  const { database, config, logger, blobs } = deps;
  const { db } = database;
  // Email and SMS leave through the outbox, written in the same transaction as the change they report.
  if (!config.mail.smtpUrl) logger.warn('SMTP_URL not set: email notifications are not sent');
  const outbox = createOutboxWorker({
    db,
    clock: deps.clock,
    logger,
    senders: {
      email: config.mail.smtpUrl ? smtpSender({ url: config.mail.smtpUrl, from: config.mail.from }) : undefined,
      sms: logSmsSender(logger),
    },
  });
  return {
    outbox,
    closeNoticePeriods: () => deps.notices.closeEndedPeriods(),
    // One instance at a time (advisory lock): listing a whole bucket twice is waste.
    sweepOrphanBlobs: async () => (await withJobLock(db, database.kind, JOB_LOCKS.orphanSweep, () => sweepOrphanBlobs({ db, blobs }))) ?? 0,
    sendExpiryReminders: () => deps.register.sendExpiryReminders(),
    purgeAudit: () => deps.audit.purgeOlderThan(config.auditRetentionDays),
    warnNearDeadlines: () => deps.deadlineWarnings.run(),
  };
}

/**
 * Run `jobs` on timers once the app is ready, when `background` (tests run them by hand); on
 * close, stop the timers and wait for the runs in flight and the outbox. Timers never keep the
 * process alive (unref), and a run never overlaps the previous one of its job.
 */
export function scheduleJobs(app: FastifyInstance, jobs: Jobs, opts: { background: boolean; outboxPollMs: number; auditRetentionDays: number }): void {
  let periodTimer: NodeJS.Timeout | undefined;
  let periodRun: Promise<unknown> | undefined;
  const orphanTimers: NodeJS.Timeout[] = [];
  let orphanRun: Promise<unknown> | undefined;
  let reminderRun: Promise<unknown> | undefined;
  let auditPurgeRun: Promise<unknown> | undefined;
  let warningRun: Promise<unknown> | undefined;
  if (opts.background) {
    app.addHook('onReady', async () => {
      jobs.outbox.start(opts.outboxPollMs);
      // At start (catching up after downtime), then every minute.
      const tick = () => {
        periodRun ??= jobs
          .closeNoticePeriods()
          .catch((err) => app.log.error({ err }, 'closing notice periods failed'))
          .finally(() => (periodRun = undefined));
      };
      tick();
      periodTimer = setInterval(tick, 60_000);
      periodTimer.unref();
      // Orphaned blobs: a minute after start, then every six hours (listing the store is not free).
      const sweepOrphans = () => {
        orphanRun ??= jobs
          .sweepOrphanBlobs()
          .then((n) => n > 0 && app.log.warn({ removed: n }, 'removed committed blobs that no row names'))
          .catch((err) => app.log.error({ err }, 'orphan blob sweep failed'))
          .finally(() => (orphanRun = undefined));
      };
      orphanTimers.push(setTimeout(sweepOrphans, 60_000), setInterval(sweepOrphans, 6 * 3_600_000));
      // Expiry reminders: at start and every hour (each is claimed by its row, so instances never repeat one).
      const remind = () => {
        reminderRun ??= jobs
          .sendExpiryReminders()
          .catch((err) => app.log.error({ err }, 'expiry reminders failed'))
          .finally(() => (reminderRun = undefined));
      };
      remind();
      orphanTimers.push(setInterval(remind, 3_600_000));
      // Deadline warnings to the holders of cases: at start and every hour (one per stay in a node).
      const warn = () => {
        warningRun ??= jobs
          .warnNearDeadlines()
          .catch((err) => app.log.error({ err }, 'deadline warnings failed'))
          .finally(() => (warningRun = undefined));
      };
      warn();
      orphanTimers.push(setInterval(warn, 3_600_000));
      // Audit retention: an hour after start, then daily (idempotent on every instance).
      const purgeAudit = () => {
        auditPurgeRun ??= jobs
          .purgeAudit()
          .then((n) => n > 0 && app.log.info({ removed: n, days: opts.auditRetentionDays }, 'purged audit rows past retention'))
          .catch((err) => app.log.error({ err }, 'audit purge failed'))
          .finally(() => (auditPurgeRun = undefined));
      };
      orphanTimers.push(setTimeout(purgeAudit, 3_600_000), setInterval(purgeAudit, 24 * 3_600_000));
      for (const timer of orphanTimers) timer.unref();
    });
  }
  app.addHook('onClose', async () => {
    clearInterval(periodTimer);
    for (const timer of orphanTimers) clearTimeout(timer);
    await periodRun;
    await orphanRun;
    await reminderRun;
    await auditPurgeRun;
    await warningRun;
    await jobs.outbox.stop();
  });
}

/**
 * Housekeeping on every instance, whether or not it runs the jobs (each step is idempotent): now
 * and every ten minutes, expired sessions, ended rate-limit windows (PostgreSQL; the embedded
 * database counts in memory) and staging files older than an hour — crash leftovers, since an
 * upload never takes that long. Stopped on close.
 */
export function scheduleHousekeeping(app: FastifyInstance, deps: { database: Database; sessions: SessionStore; blobs: BlobStore }): void {
  const { database, sessions, blobs } = deps;
  const sweepStaging = () => void blobs.sweepStale(3_600_000).catch((err) => app.log.warn({ err }, 'staging sweep failed'));
  sweepStaging();
  const sweep = setInterval(() => {
    void sessions.sweepExpired().catch(() => {});
    if (database.kind === 'postgres') void sweepRateLimits(database.db).catch(() => {});
    sweepStaging();
  }, 10 * 60_000);
  sweep.unref();
  app.addHook('onClose', async () => clearInterval(sweep));
}
