/**
 * Case history that other areas write: the submission opens a case's history (its first event),
 * in the caller's transaction. Other areas call this, never cases.repository.ts.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { insertCaseEvent } from './cases.repository.ts';

/** 提交: the applicant's submission, the event every later workflow step follows. */
export async function recordSubmission(
  tx: Kysely<DB>,
  submission: { applicationId: string; actorAccountId: string; applicationType: string | undefined; workflow: string; at: Date },
): Promise<string> {
  return insertCaseEvent(tx, {
    applicationId: submission.applicationId,
    node: 'submit',
    action: 'submit',
    actorAccountId: submission.actorAccountId,
    actorRole: 'applicant',
    details: { applicationType: submission.applicationType, workflow: submission.workflow },
    at: submission.at,
  });
}
