/**
 * The 公示 period job: closes the cases of every 公示 whose last day has passed, unless a 陈述
 * still waits for its reply (then answering it closes the case, see statements.service.ts).
 */
import type { Kysely } from 'kysely';
import { shanghaiDateOf } from '../../domain/calendar/index.ts';
import { systemActor, type Actor } from '../actor.ts';
import { applyTransition, type TransitionDeps } from '../cases/case-transition.ts';
import type { Clock } from '../clock.ts';
import type { Application, DB } from '../db/schema.ts';
import { claimEndedNotice, countPendingStatements, findLatestEntry, lockCasesInNotice, markBatchClosed } from './notices.repository.ts';

/** The job acts as the system: no account on the case event or the audit row. */
const JOB = systemActor('notice-period-job');

/**
 * Close one 公示 case (locked by the caller): its period is over and no statement waits for a
 * reply. Always in the system's role; `actor` is the job, or the staff member whose reply ended the wait.
 */
export async function closeNoticeCase(tx: Kysely<DB>, deps: TransitionDeps, application: Application, actor: Actor, now: Date): Promise<void> {
  await applyTransition(tx, deps, application, { action: 'close-notice', version: application.version, actor, roles: ['system'], now });
}

export function createNoticePeriodsJob(deps: TransitionDeps & { db: Kysely<DB>; clock: Clock }) {
  const { db, audit, clock } = deps;
  const transitionDeps: TransitionDeps = { audit, effects: deps.effects };

  return {
    /**
     * Close every 公示 whose last day has passed. Each batch is claimed with FOR UPDATE SKIP
     * LOCKED in its own transaction, so several instances share the work and none closes a batch
     * twice; after downtime the next run catches up with every batch overdue.
     */
    async closeEndedPeriods(asOf?: string, only?: { applicationNumbers: readonly string[] }): Promise<{ batches: number; cases: number }> {
      const day = asOf ?? shanghaiDateOf(clock.now());
      let batches = 0;
      let cases = 0;
      for (let i = 0; i < 1000; i++) {
        const closed = await db.transaction().execute(async (tx) => {
          const batch = await claimEndedNotice(tx, day, only);
          if (!batch) return undefined;
          let moved = 0;
          for (const application of await lockCasesInNotice(tx, batch.id)) {
            // Only cases whose current 公示 is this batch (a returned case may sit in a newer one).
            if ((await findLatestEntry(tx, application.id, 'notice'))?.batchId !== batch.id) continue;
            if ((await countPendingStatements(tx, application.id)) > 0) continue;
            await closeNoticeCase(tx, transitionDeps, application, JOB, clock.now());
            moved++;
          }
          await markBatchClosed(tx, batch.id, clock.now());
          await audit.record({ action: 'notice.close', actorLabel: 'system', objectType: 'notice_batch', objectId: batch.id, details: { title: batch.title, cases: moved } }, tx);
          return moved;
        });
        if (closed === undefined) break;
        batches++;
        cases += closed;
      }
      return { batches, cases };
    },
  };
}
