import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/** Templates of some roles (all when none given), by role then title, with who changed each last. */
export function listTemplates(db: Kysely<DB>, roles?: readonly string[]) {
  let q = db
    .selectFrom('opinionTemplates as t')
    .leftJoin('accounts as a', 'a.id', 't.updatedBy')
    .select(['t.id', 't.role', 't.title', 't.body', 't.updatedAt', 'a.displayName as updatedBy']);
  if (roles) {
    if (roles.length === 0) return Promise.resolve([]);
    q = q.where('t.role', 'in', roles);
  }
  return q.orderBy('t.role').orderBy('t.title').execute();
}

export async function findTemplate(db: Kysely<DB>, id: string) {
  return db.selectFrom('opinionTemplates').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function titleTaken(db: Kysely<DB>, role: string, title: string, exceptId?: string): Promise<boolean> {
  let q = db.selectFrom('opinionTemplates').select('id').where('role', '=', role).where('title', '=', title);
  if (exceptId) q = q.where('id', '!=', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function insertTemplate(db: Kysely<DB>, t: { role: string; title: string; body: string; updatedBy: string | null; updatedAt: Date }): Promise<string> {
  return (await db.insertInto('opinionTemplates').values(t).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateTemplate(db: Kysely<DB>, id: string, t: { role: string; title: string; body: string; updatedBy: string; updatedAt: Date }): Promise<void> {
  await db.updateTable('opinionTemplates').set(t).where('id', '=', id).execute();
}

export async function deleteTemplate(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom('opinionTemplates').where('id', '=', id).execute();
}
