import { sql, type Expression, type Kysely, type RawBuilder } from 'kysely';
import { shanghaiDayStart } from '../../domain/calendar/index.ts';
import type { DB } from '../db/schema.ts';
import { escapeLike } from '../db/sql-helpers.ts';
import type { AuditRow } from './audit.service.ts';

/** Append one row with `executor` (a transaction: atomically with the change it records). */
export async function insertAuditRow(executor: Kysely<DB>, row: AuditRow): Promise<void> {
  await executor.insertInto('auditLog').values(row).execute();
}

/** Like insertAuditRow, returning the new row's id. */
export async function insertAuditRowReturningId(executor: Kysely<DB>, row: AuditRow): Promise<string> {
  const inserted = await executor.insertInto('auditLog').values(row).returning('id').executeTakeFirstOrThrow();
  return String(inserted.id);
}

/**
 * Delete up to `limit` of the oldest rows older than `days` (on the database clock, like the rows'
 * `at` and the retention trigger); returns how many.
 */
export async function deleteAuditBatchOlderThan(db: Kysely<DB>, days: number, limit: number): Promise<number> {
  const cutoff = sql<Date>`now() - make_interval(days => ${days})`;
  const result = await db
    .deleteFrom('auditLog')
    .where('id', 'in', (eb) => eb.selectFrom('auditLog').select('id').where('at', '<', cutoff).orderBy('id').limit(limit))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** What the audit page filters by; every field optional. Dates are Asia/Shanghai days, both inclusive. */
export interface AuditFilter {
  /** A fragment of the actor's name, 用户名 (staff) or 统一社会信用代码 (法人). */
  person?: string;
  /** An action code, e.g. case.accept; one ending in '.' (case.) is a prefix. */
  action?: string;
  outcome?: 'success' | 'failure';
  from?: string;
  to?: string;
}

export interface AuditLogRow {
  id: string;
  at: Date;
  action: string;
  outcome: string;
  objectType: string | null;
  objectId: string | null;
  clientIp: string | null;
  requestId: string | null;
  actorLabel: string | null;
  details: Record<string, unknown>;
  actorName: string | null;
  actorKind: string | null;
  actorRoles: string[] | null;
  idpKind: string | null;
  idpRoles: string[] | null;
  idpUsername: string | null;
  idpUscc: string | null;
  idpName: string | null;
  /** The object's name: 申报编号 ('' for a draft without one), batch title, account name …; null when not found. */
  objectName: string | null;
}

const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
/** A text column as a uuid, or null when it is not one (authz.denied keeps whatever id was asked for). */
const asUuid = (text: Expression<unknown> | RawBuilder<unknown>) => sql`(case when ${text} ~ ${UUID_PATTERN} then (${text})::uuid end)`;

/**
 * The audit log, newest first, with the names of its actors and objects; keyset paging by id.
 * `issuer` is the bundled identity provider's: app accounts are matched to its users by subject.
 */
export async function findAuditRows(db: Kysely<DB>, issuer: string, filter: AuditFilter, page: { before?: string; limit: number }): Promise<AuditLogRow[]> {
  let q = db
    .selectFrom('auditLog as l')
    .leftJoin('accounts as acc', 'acc.id', 'l.actorAccountId')
    .leftJoin('idpUsers as iu', (join) =>
      join.on(
        'iu.id',
        '=',
        asUuid(sql`case when acc.id is null then l.actor_label when acc.issuer = ${issuer} then acc.subject end`) as RawBuilder<string>,
      ),
    )
    .select([
      sql<string>`l.id::text`.as('id'),
      'l.at',
      'l.action',
      'l.outcome',
      'l.objectType',
      'l.objectId',
      'l.clientIp',
      'l.requestId',
      'l.actorLabel',
      'l.details',
      'acc.displayName as actorName',
      'acc.kind as actorKind',
      'acc.roles as actorRoles',
      'iu.kind as idpKind',
      'iu.roles as idpRoles',
      'iu.username as idpUsername',
      'iu.uscc as idpUscc',
      sql<string | null>`coalesce(iu.profile->>'name', iu.profile->>'orgName')`.as('idpName'),
      sql<string | null>`case l.object_type
        when 'application' then (select coalesce(a.number, '') from applications a where a.id = ${asUuid(sql`l.object_id`)})
        when 'rating_rectification' then (select coalesce(a.number, '') from applications a where a.id = ${asUuid(sql`l.details->>'applicationId'`)})
        when 'notice_batch' then (select b.title from notice_batches b where b.id = ${asUuid(sql`l.object_id`)})
        when 'account' then (select x.display_name from accounts x where x.id = ${asUuid(sql`l.object_id`)})
        when 'idp_user' then (select coalesce(u.profile->>'name', u.profile->>'orgName', u.username) from idp_users u where u.id = ${asUuid(sql`l.object_id`)})
        when 'register_certificate' then (select c.number from register_certificates c where c.id = ${asUuid(sql`l.object_id`)})
        end`.as('objectName'),
    ])
    .orderBy('l.id', 'desc')
    .limit(page.limit);
  if (page.before) q = q.where('l.id', '<', page.before);
  if (filter.action?.endsWith('.')) q = q.where('l.action', 'like', `${escapeLike(filter.action)}%`);
  else if (filter.action) q = q.where('l.action', '=', filter.action);
  if (filter.outcome) q = q.where('l.outcome', '=', filter.outcome);
  if (filter.from) q = q.where('l.at', '>=', shanghaiDayStart(filter.from));
  if (filter.to) q = q.where('l.at', '<', shanghaiDayStart(filter.to, 1));
  const person = filter.person?.trim();
  if (person) {
    const like = `%${escapeLike(person)}%`;
    const idpIds = db
      .selectFrom('idpUsers')
      .select(sql<string>`id::text`.as('id'))
      .where((eb) =>
        eb.or([
          eb('username', 'ilike', like),
          eb('uscc', 'ilike', like),
          eb(sql`profile->>'name'`, 'ilike', like),
          eb(sql`profile->>'orgName'`, 'ilike', like),
        ]),
      );
    q = q.where((eb) =>
      eb.or([
        eb(
          'l.actorAccountId',
          'in',
          eb
            .selectFrom('accounts')
            .select('id')
            .where((a) => a.or([a('displayName', 'ilike', like), a.and([a('issuer', '=', issuer), a('subject', 'in', idpIds)])])),
        ),
        eb('l.actorAccountId', 'is', null).and('l.actorLabel', 'in', idpIds),
        // Jobs are shown as 系统.
        ...('系统'.includes(person) ? [eb('l.actorLabel', '=', 'system')] : []),
      ]),
    );
  }
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, details: r.details as Record<string, unknown>, actorRoles: r.actorRoles as string[] | null, idpRoles: r.idpRoles as string[] | null }));
}
