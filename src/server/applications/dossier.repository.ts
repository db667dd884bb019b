import type { Kysely, Selectable } from 'kysely';
import type { DB, DossierPartsTable } from '../db/schema.ts';

export type DossierPartRow = Selectable<DossierPartsTable>;

/** A slot's dossier parts, in no particular order (the service orders them by group, person, part). */
export function listDossierParts(db: Kysely<DB>, applicationId: string, slot: string): Promise<DossierPartRow[]> {
  return db.selectFrom('dossierParts').selectAll().where('applicationId', '=', applicationId).where('slot', '=', slot).execute();
}

export function findDossierPart(db: Kysely<DB>, applicationId: string, slot: string, id: string): Promise<DossierPartRow | undefined> {
  return db.selectFrom('dossierParts').selectAll().where('applicationId', '=', applicationId).where('slot', '=', slot).where('id', '=', id).executeTakeFirst();
}

export async function insertDossierPart(db: Kysely<DB>, row: Omit<DossierPartRow, 'size'> & { size: number }): Promise<void> {
  await db.insertInto('dossierParts').values(row).execute();
}

export async function deleteDossierPart(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom('dossierParts').where('id', '=', id).execute();
}

/** New orders for parts (by id): a move swaps two people or two documents. */
export async function reorderDossierParts(db: Kysely<DB>, orders: readonly { id: string; personOrder: number; partOrder: number }[]): Promise<void> {
  for (const o of orders) await db.updateTable('dossierParts').set({ personOrder: o.personOrder, partOrder: o.partOrder }).where('id', '=', o.id).execute();
}

/** A part's file replaced; its person, title and place stay. */
export async function replaceDossierPartFile(db: Kysely<DB>, id: string, file: Pick<DossierPartRow, 'kind' | 'originalName' | 'sha256' | 'pages' | 'blobKey' | 'createdAt'> & { size: number }): Promise<void> {
  await db.updateTable('dossierParts').set(file).where('id', '=', id).execute();
}
