/** What other areas may read of the templates: those of one role (the case page's 常用意见). */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { listTemplates } from './templates.repository.ts';

export async function templatesForRole(db: Kysely<DB>, role: string) {
  return (await listTemplates(db, [role])).map((t) => ({ id: t.id, title: t.title, body: t.body }));
}
