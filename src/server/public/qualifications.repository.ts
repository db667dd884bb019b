/** SQL of the public 资质查询: the register as the public may see it — never an engineer's ID number. */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { escapeLike } from '../db/sql-helpers.ts';
import { findPendingRenewals } from '../register/register.reads.ts';

/**
 * What every 资质查询 page depends on, for the ETag and the rendered-page cache: the register's
 * version row, bumped at the commit of any change to certificates, holdings or a pending 延续
 * (migration 2026-12-06T01-00-00_add-register-version). Read it before the data: a page rendered
 * from newer rows under an older version is harmless, the reverse would be stale. The time keeps
 * tags unique across a database restored from an older backup, where the counter could repeat.
 */
export async function registerFingerprint(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ fingerprint: string }>`select version || '@' || changed_at::text as fingerprint from register_version`.execute(db);
  const row = rows[0];
  if (!row) throw new Error('register_version has no row');
  return row.fingerprint;
}

/** How an enterprise search matches: name terms (all contained), or its 统一社会信用代码 (whole or a prefix). */
export type EnterpriseFilter = { terms: readonly string[] } | { uscc: string } | { usccPrefix: string };

/** Keyset position of an enterprise in the result list: (display name, 统一社会信用代码). */
export interface EnterpriseKey {
  name: string;
  id: string;
}

export interface PublicEnterprise {
  /** 统一社会信用代码 (public, as on the 公示). */
  id: string;
  /** The name on its current certificate, else on its latest one. */
  name: string;
}

// Register names use full-width brackets; a query with ASCII ones matches them too.
const fullWidthBrackets = (s: string) => s.replace(/\(/g, '（').replace(/\)/g, '）');

function matchingHolders(db: Kysely<DB>, f: EnterpriseFilter) {
  let query = db.selectFrom('registerCertificates as m').select('m.holderId').where('m.holderKind', '=', 'enterprise');
  if ('uscc' in f) query = query.where('m.holderId', '=', f.uscc);
  else if ('usccPrefix' in f) query = query.where('m.holderId', 'like', `${escapeLike(f.usccPrefix)}%`);
  else for (const term of f.terms) query = query.where(sql<string>`translate(m.holder_name, '()', '（）')`, 'ilike', `%${escapeLike(fullWidthBrackets(term))}%`);
  return query;
}

function enterprises(db: Kysely<DB>, f: EnterpriseFilter) {
  return db
    .selectFrom('registerCertificates as c')
    .distinctOn('c.holderId')
    .select(['c.holderId as id', 'c.holderName as name'])
    .where('c.holderKind', '=', 'enterprise')
    .where('c.holderId', 'in', matchingHolders(db, f))
    .orderBy('c.holderId')
    .orderBy(sql`c.status = 'valid'`, 'desc')
    .orderBy('c.updatedAt', 'desc');
}

/** One page of matching enterprises by (name, code), strictly after `after`; ask for size + 1. */
export function listEnterprises(db: Kysely<DB>, f: EnterpriseFilter, page: { limit: number; after?: EnterpriseKey }): Promise<PublicEnterprise[]> {
  let query = db.selectFrom(enterprises(db, f).as('h')).select(['h.id', 'h.name']);
  const { after } = page;
  if (after) query = query.where(sql<boolean>`(h.name, h.id) > (${after.name}, ${after.id})`);
  return query.orderBy('h.name').orderBy('h.id').limit(page.limit).execute();
}

export async function countEnterprises(db: Kysely<DB>, f: EnterpriseFilter): Promise<number> {
  const row = await db
    .selectFrom(matchingHolders(db, f).as('x'))
    .select(sql<string>`count(distinct x.holder_id)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A certificate as the public sees it, with the day a pending 延续 was filed. */
export interface PublicCertificate {
  item: string;
  number: string;
  validFrom: string;
  validUntil: string;
  status: 'valid' | 'void';
  voidedOn: string | null;
  /** Catalogue codes held now (a void certificate holds none). */
  holdings: string[];
  /** Engineers: 注册单位. */
  employer: string | null;
  renewalFiledOn?: string;
}

const CERTIFICATE_COLUMNS = ['c.id', 'c.item', 'c.holderId', 'c.number', 'c.validFrom', 'c.validUntil', 'c.status', 'c.voidedOn', 'c.employer'] as const;

/** Pending 延续 of the valid certificates among `rows`, looked up per item. */
async function withRenewals<R extends { item: string; holderId: string; status: 'valid' | 'void' }>(db: Kysely<DB>, rows: readonly R[]): Promise<Array<R & { renewalFiledOn?: string }>> {
  const byItem = new Map<string, string[]>();
  for (const r of rows) if (r.status === 'valid') byItem.set(r.item, [...(byItem.get(r.item) ?? []), r.holderId]);
  const filed = new Map<string, Map<string, string>>();
  for (const [item, ids] of byItem) filed.set(item, await findPendingRenewals(db, item, ids));
  return rows.map((r) => {
    const on = r.status === 'valid' ? filed.get(r.item)?.get(r.holderId) : undefined;
    return on ? { ...r, renewalFiledOn: on } : r;
  });
}

/** Every certificate (current and void) of these enterprises, by 统一社会信用代码. */
export async function listEnterpriseCertificates(db: Kysely<DB>, holderIds: readonly string[]): Promise<Map<string, PublicCertificate[]>> {
  const out = new Map<string, PublicCertificate[]>();
  if (holderIds.length === 0) return out;
  const rows = await db
    .selectFrom('registerCertificates as c')
    .select(CERTIFICATE_COLUMNS)
    .select((eb) =>
      eb
        .selectFrom('registerHoldings as h')
        .select(sql<string[]>`coalesce(array_agg(h.code order by h.code), '{}')`.as('codes'))
        .whereRef('h.certificateId', '=', 'c.id')
        .where('h.status', '=', 'valid')
        .as('holdingCodes'),
    )
    .where('c.holderKind', '=', 'enterprise')
    .where('c.holderId', 'in', holderIds)
    .orderBy('c.voidedOn', 'desc')
    .orderBy('c.number')
    .execute();
  for (const { id: _id, holderId, holdingCodes, ...c } of await withRenewals(db, rows)) {
    out.set(holderId, [...(out.get(holderId) ?? []), { ...c, holdings: holdingCodes ?? [] }]);
  }
  return out;
}

/**
 * An engineer's registration by 注册证书号 and the exact name on it — both, so nobody is found by
 * name alone. The ID number it is held under stays here: it is not part of the answer.
 */
export async function findEngineerRegistration(db: Kysely<DB>, name: string, number: string): Promise<(PublicCertificate & { name: string }) | undefined> {
  const row = await db
    .selectFrom('registerCertificates as c')
    .select([...CERTIFICATE_COLUMNS, 'c.holderName'])
    .where('c.holderKind', '=', 'engineer')
    .where('c.number', '=', number)
    .where('c.holderName', '=', name)
    .executeTakeFirst();
  if (!row) return undefined;
  const [{ id: _id, holderId: _holderId, holderName, ...c }] = (await withRenewals(db, [row])) as [typeof row & { renewalFiledOn?: string }];
  return { ...c, name: holderName, holdings: [] };
}
