import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { addCalendarDays, shanghaiDateOf } from '../../src/domain/calendar/index.ts';
import { findApplicationType, findItem, type ItemCode } from '../../src/domain/items/index.ts';
import type { DB } from '../../src/server/db/schema.ts';
import { buildCertificate } from '../../src/server/documents/document-content.ts';
import { newVerificationCode } from '../../src/server/documents/documents.service.ts';

let serial = 90_000 + Math.floor(Math.random() * 9_000);

export interface Grant {
  item: ItemCode;
  holderId: string;
  holderName: string;
  codes?: string[];
  validFrom?: string;
  validUntil: string;
  employer?: string;
  number?: string;
}

/** A certificate in the register as the commission's old system would have left it (origin 'import'). */
export async function grantCertificate(db: Kysely<DB>, g: Grant): Promise<{ id: string; number: string }> {
  const item = findItem(g.item)!;
  const rules = item.result.register!;
  const id = randomUUID();
  const number = g.number ?? `${rules.holder === 'engineer' ? 'S2' : rules.numbering.template[0]}${++serial}`;
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('registerCertificates')
      .values({
        id,
        item: g.item,
        holderKind: rules.holder,
        holderId: g.holderId,
        holderName: g.holderName,
        number,
        validFrom: g.validFrom ?? '2022-01-01',
        validUntil: g.validUntil,
        employer: g.employer ?? null,
        details: JSON.stringify({ legalRep: '陈法人' }),
        origin: 'import',
        createdAt: new Date(),
        updatedAt: new Date(),
      })
      .execute();
    if (g.codes?.length) {
      await tx
        .insertInto('registerHoldings')
        .values(g.codes.map((code) => ({ certificateId: id, code, since: g.validFrom ?? '2022-01-01' })))
        .execute();
    }
  });
  return { id, number };
}

/**
 * Holdings an applicant needs before a type that changes a certificate makes sense: the fixture's
 * 增项 asks for B203B + B202B, so the firm holds something else; its 晋升 asks for the 乙级 of what
 * it holds at 丙级; 延续, 变更, 注销 concern exactly what the fixture names. Valid for 60 more days.
 */
export async function grantFor(db: Kysely<DB>, item: ItemCode, type: string, holder: { id: string; name: string }, today: Date, chosen: readonly string[] = []) {
  const def = findItem(item)!;
  const outcome = findApplicationType(def, type)?.outcome;
  if (!def.result.register || !outcome || ['issue', 'reassess', 'none'].includes(outcome)) return undefined;
  const existing = await db.selectFrom('registerCertificates').select('id').where('item', '=', item).where('holderId', '=', holder.id).where('status', '=', 'valid').executeTakeFirst();
  if (existing) return undefined;
  const validUntil = addCalendarDays(shanghaiDateOf(today), 60);
  const other = item === 'survey-b' ? 'B201B' : 'A32102B';
  const codes = outcome === 'add' ? [other] : outcome === 'upgrade' ? chosen.map((c) => `${c.slice(0, -1)}C`) : [...chosen];
  return grantCertificate(db, { item, holderId: holder.id, holderName: holder.name, codes: def.result.register.holder === 'engineer' ? [] : codes, validUntil, employer: def.result.register.holder === 'engineer' ? '北京示范建筑设计院' : undefined });
}

/** The certificate's PDF as if it had been issued (rendered on first download), made its current document. */
export async function withCertificateDocument(db: Kysely<DB>, certificateId: string): Promise<string> {
  const c = await db.selectFrom('registerCertificates').selectAll().where('id', '=', certificateId).executeTakeFirstOrThrow();
  const holdings = await db.selectFrom('registerHoldings').select('code').where('certificateId', '=', certificateId).where('status', '=', 'valid').execute();
  const code = newVerificationCode();
  const id = randomUUID();
  const date = shanghaiDateOf(new Date());
  const frozen = buildCertificate({
    item: c.item,
    number: c.number,
    holderName: c.holderName,
    holderId: c.holderId,
    holdings: holdings.map((h) => h.code),
    employer: c.employer ?? undefined,
    validFrom: c.validFrom,
    validUntil: c.validUntil,
    date,
    verification: { code, url: `http://zizhi.test/verify/${code}` },
  });
  await db
    .insertInto('issuedDocuments')
    .values({ id, applicationId: null, registerCertificateId: c.id, caseEventId: null, kind: findItem(c.item)!.result.kind, number: c.number, verificationCode: code, title: frozen.document.title, content: JSON.stringify(frozen), issuedAt: new Date() })
    .execute();
  await db.updateTable('registerCertificates').set({ documentId: id }).where('id', '=', c.id).execute();
  return id;
}
