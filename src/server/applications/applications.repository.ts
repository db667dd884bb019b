import { sql, type Kysely } from 'kysely';
import type { AuditRow } from '../audit/audit.service.ts';
import { APPLICATION_COLUMNS } from '../db/application-columns.ts';
import { compiledOnce } from '../db/compiled.ts';
import type { Application, AttachmentRow, AttachmentVersionRow, DB, SubmissionRow } from '../db/schema.ts';

const ownApplication = compiledOnce((db, accountId: string, id: string) =>
  db.selectFrom('applications').select(APPLICATION_COLUMNS).where('id', '=', id).where('accountId', '=', accountId),
);

/**
 * Only the owner's row: every applicant query goes through an owner-scoped finder. Every applicant
 * route on a case starts here, so the plain read is compiled once.
 */
export async function findOwnApplication(db: Kysely<DB>, accountId: string, id: string, opts: { forUpdate?: boolean } = {}) {
  if (opts.forUpdate) {
    return db.selectFrom('applications').select(APPLICATION_COLUMNS).where('id', '=', id).where('accountId', '=', accountId).forUpdate().executeTakeFirst() as Promise<Application | undefined>;
  }
  return (await ownApplication(db, accountId, id))[0] as Application | undefined;
}

export function findOpenApplication(db: Kysely<DB>, accountId: string, item: string) {
  return db
    .selectFrom('applications')
    .select(APPLICATION_COLUMNS)
    .where('accountId', '=', accountId)
    .where('item', '=', item)
    .where('isOpen', '=', true)
    .executeTakeFirst() as Promise<Application | undefined>;
}

/** The first step of the account's latest submitted application of an item (to prefill a new one). */
export async function findLatestApplicantStep(db: Kysely<DB>, accountId: string, item: string, stepKey: string): Promise<Record<string, unknown> | undefined> {
  const row = await db
    .selectFrom('applications')
    .select('data')
    .where('accountId', '=', accountId)
    .where('item', '=', item)
    .where('submittedAt', 'is not', null)
    .orderBy('submittedAt', 'desc')
    .limit(1)
    .executeTakeFirst();
  return (row?.data as Record<string, Record<string, unknown>> | undefined)?.[stepKey];
}

export function listOwnApplications(db: Kysely<DB>, accountId: string) {
  return db
    .selectFrom('applications')
    .select([
      'id',
      'item',
      'number',
      'applicationType',
      'status',
      'isOpen',
      'savedSteps',
      'createdAt',
      'updatedAt',
      'submittedAt',
      sql<string | null>`correction->>'message'`.as('correctionMessage'),
    ])
    .where('accountId', '=', accountId)
    .orderBy('updatedAt', 'desc')
    .limit(200)
    .execute();
}

export async function insertApplication(
  db: Kysely<DB>,
  row: { id: string; accountId: string; item: string; applicationType: string | null; data: unknown; savedSteps: string[]; now: Date },
): Promise<void> {
  await db
    .insertInto('applications')
    .values({
      id: row.id,
      accountId: row.accountId,
      item: row.item,
      applicationType: row.applicationType,
      data: JSON.stringify(row.data),
      savedSteps: JSON.stringify(row.savedSteps),
      status: 'draft',
      createdAt: row.now,
      updatedAt: row.now,
    })
    .execute();
}

const draftSave = compiledOnce(
  (
    db,
    id: string,
    accountId: string,
    status: string,
    expectedVersion: number,
    applicationType: string | null,
    data: string,
    savedSteps: string,
    now: Date,
    actorAccountId: string | null,
    actorLabel: string | null,
    action: string,
    outcome: string,
    objectType: string | null,
    objectId: string | null,
    clientIp: string | null,
    requestId: string | null,
    details: string,
  ) =>
    db
      .with('saved', (q) =>
        q
          .updateTable('applications')
          .set({ applicationType, data, savedSteps, updatedAt: now, version: sql<number>`version + 1` })
          .where('id', '=', id)
          .where('accountId', '=', accountId)
          .where('status', '=', status as 'draft')
          .where('status', 'in', ['draft', 'correction'])
          .where('version', '=', expectedVersion)
          .returning(APPLICATION_COLUMNS),
      )
      .with('logged', (q) =>
        q
          .insertInto('auditLog')
          .columns(['actorAccountId', 'actorLabel', 'action', 'outcome', 'objectType', 'objectId', 'clientIp', 'requestId', 'details'])
          .expression((eb) =>
            eb
              .selectFrom('saved')
              .select([
                sql<string | null>`${actorAccountId}::uuid`.as('actorAccountId'),
                sql<string | null>`${actorLabel}::text`.as('actorLabel'),
                sql<string>`${action}::text`.as('action'),
                sql<string>`${outcome}::text`.as('outcome'),
                sql<string | null>`${objectType}::text`.as('objectType'),
                sql<string | null>`${objectId}::text`.as('objectId'),
                sql<string | null>`${clientIp}::text`.as('clientIp'),
                sql<string | null>`${requestId}::text`.as('requestId'),
                sql<string>`${details}::jsonb`.as('details'),
              ]),
          ),
      )
      .selectFrom('saved')
      .selectAll()
      .select(
        sql<Array<Omit<AttachmentRow, 'createdAt' | 'size'> & { createdAt: string; size: number }>>`(
          select coalesce(json_agg(json_build_object(
            'id', t.id, 'applicationId', t.application_id, 'slot', t.slot, 'originalName', t.original_name, 'size', t.size,
            'sha256', t.sha256, 'pages', t.pages, 'blobKey', t.blob_key, 'createdAt', t.created_at
          ) order by t.created_at), '[]')
          from attachments t where t.application_id = saved.id)`.as('attachments'),
      ),
);

/**
 * Compare-and-set on the draft's version, with its audit row, in one statement (so one commit and
 * no BEGIN/COMMIT round trips): the updated application and its attachments, or undefined when
 * someone saved first — then no audit row is written either. 暂存 is the busiest write: the
 * statement is compiled once.
 */
export async function updateDraft(
  db: Kysely<DB>,
  row: {
    id: string;
    accountId: string;
    expectedVersion: number;
    /** The status the caller checked: a draft, or a case in 补正. */
    status: 'draft' | 'correction' | string;
    applicationType: string | null;
    data: unknown;
    savedSteps: string[];
    now: Date;
  },
  audit: AuditRow,
): Promise<{ application: Application; attachments: AttachmentRow[] } | undefined> {
  const [saved] = await draftSave(
    db,
    row.id,
    row.accountId,
    row.status,
    row.expectedVersion,
    row.applicationType,
    JSON.stringify(row.data),
    JSON.stringify(row.savedSteps),
    row.now,
    audit.actorAccountId,
    audit.actorLabel,
    audit.action,
    audit.outcome,
    audit.objectType,
    audit.objectId,
    audit.clientIp,
    audit.requestId,
    audit.details,
  );
  if (!saved) return undefined;
  const { attachments, ...application } = saved;
  // JSON carries timestamps as text: back to the Date every other reader returns.
  return { application, attachments: attachments.map((a) => ({ ...a, size: String(a.size), createdAt: new Date(a.createdAt) })) };
}

/** Next 申报编号 sequence for (item, year); the row lock serialises concurrent submits, a rollback returns the number. */
export async function nextApplicationSequence(db: Kysely<DB>, item: string, year: number): Promise<number> {
  const row = await db
    .insertInto('applicationCounters')
    .values({ item, year, last: 1 })
    .onConflict((oc) => oc.columns(['item', 'year']).doUpdateSet({ last: sql<number>`application_counters.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  return row.last;
}

export async function markSubmitted(db: Kysely<DB>, id: string, number: string, workflow: { name: string; start: string }, now: Date): Promise<void> {
  await db
    .updateTable('applications')
    .set({
      status: 'submitted',
      number,
      submittedAt: now,
      updatedAt: now,
      workflow: workflow.name,
      node: workflow.start,
      nodeEnteredAt: now,
      version: sql<number>`version + 1`,
    })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .execute();
}

export async function deleteDraft(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom('applications').where('id', '=', id).where('status', '=', 'draft').execute();
}

export function listAttachments(db: Kysely<DB>, applicationId: string): Promise<AttachmentRow[]> {
  return db.selectFrom('attachments').selectAll().where('applicationId', '=', applicationId).orderBy('createdAt').execute();
}

export function findAttachment(db: Kysely<DB>, applicationId: string, slot: string): Promise<AttachmentRow | undefined> {
  return db.selectFrom('attachments').selectAll().where('applicationId', '=', applicationId).where('slot', '=', slot).executeTakeFirst();
}

export async function upsertAttachment(db: Kysely<DB>, row: Omit<AttachmentRow, 'size'> & { size: number }): Promise<void> {
  await db
    .insertInto('attachments')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['applicationId', 'slot']).doUpdateSet({
        id: row.id,
        originalName: row.originalName,
        size: row.size,
        sha256: row.sha256,
        pages: row.pages,
        blobKey: row.blobKey,
        createdAt: row.createdAt,
      }),
    )
    .execute();
}

export async function deleteAttachment(db: Kysely<DB>, applicationId: string, slot: string): Promise<void> {
  await db.deleteFrom('attachments').where('applicationId', '=', applicationId).where('slot', '=', slot).execute();
}

/**
 * 提交 / 重新提交: record what was sent as the application's next round — its data and which
 * attachment rows. The caller holds the application's row lock, so rounds never collide.
 */
export async function recordSubmittedRound(db: Kysely<DB>, applicationId: string, now: Date): Promise<void> {
  await sql`
    insert into submissions (application_id, round, data, attachments, submitted_at)
    select a.id,
           coalesce((select max(s.round) from submissions s where s.application_id = a.id), 0) + 1,
           a.data,
           coalesce((select jsonb_agg(jsonb_build_object('slot', t.slot, 'id', t.id) order by t.slot) from attachments t where t.application_id = a.id), '[]'::jsonb),
           ${now}
      from applications a
     where a.id = ${applicationId}
  `.execute(db);
}

/** The last `count` rounds, newest first. */
export function listSubmissions(db: Kysely<DB>, applicationId: string, count: number): Promise<SubmissionRow[]> {
  return db.selectFrom('submissions').selectAll().where('applicationId', '=', applicationId).orderBy('round', 'desc').limit(count).execute();
}

/** A submitted file replaced or removed: its row moves to attachment_versions, its blob stays. */
export async function keepAttachmentVersion(db: Kysely<DB>, row: AttachmentRow, supersededAt: Date): Promise<void> {
  await db.insertInto('attachmentVersions').values({ ...row, supersededAt }).execute();
}

/** Every earlier version of every slot of an application, oldest first. */
export function listAttachmentVersions(db: Kysely<DB>, applicationId: string): Promise<AttachmentVersionRow[]> {
  return db.selectFrom('attachmentVersions').selectAll().where('applicationId', '=', applicationId).orderBy('createdAt').execute();
}

/** One file of an application by its row id, current or earlier. */
export async function findAttachmentById(db: Kysely<DB>, applicationId: string, id: string): Promise<AttachmentRow | undefined> {
  const current = await db.selectFrom('attachments').selectAll().where('applicationId', '=', applicationId).where('id', '=', id).executeTakeFirst();
  if (current) return current;
  return db
    .selectFrom('attachmentVersions')
    .select(['id', 'applicationId', 'slot', 'originalName', 'size', 'sha256', 'pages', 'blobKey', 'createdAt'])
    .where('applicationId', '=', applicationId)
    .where('id', '=', id)
    .executeTakeFirst();
}
