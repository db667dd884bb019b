/** SQL of issued documents (受理单, notices, certificates): the frozen row, then its rendered PDF. */
import type { Kysely } from 'kysely';
import { compiledOnce } from '../db/compiled.ts';
import type { DB, IssuedDocument } from '../db/schema.ts';
import { CERTIFICATE_KINDS, type DocumentKind, type FrozenDocument } from './document-content.ts';

export type DocumentSummary = Pick<IssuedDocument, 'id' | 'kind' | 'number' | 'title' | 'issuedAt' | 'status' | 'revokedAt' | 'revokedReason' | 'sha256' | 'verificationCode'>;

/** The row of an issued document: its frozen text, number and verification code; rendered later. */
export async function insertIssuedDocument(
  db: Kysely<DB>,
  d: {
    id: string;
    applicationId: string | null;
    registerCertificateId: string | null;
    caseEventId: string | null;
    kind: DocumentKind;
    number: string;
    verificationCode: string;
    frozen: FrozenDocument;
    issuedAt: Date;
  },
): Promise<void> {
  await db
    .insertInto('issuedDocuments')
    .values({
      id: d.id,
      applicationId: d.applicationId,
      registerCertificateId: d.registerCertificateId,
      caseEventId: d.caseEventId,
      kind: d.kind,
      number: d.number,
      verificationCode: d.verificationCode,
      title: d.frozen.document.title,
      content: JSON.stringify(d.frozen),
      issuedAt: d.issuedAt,
    })
    .execute();
}

/** Record the rendered PDF unless another render did first: the updated row, or undefined then. */
export function recordRenderedPdf(db: Kysely<DB>, id: string, pdf: { blobKey: string; sha256: string; size: number }): Promise<IssuedDocument | undefined> {
  return db.updateTable('issuedDocuments').set(pdf).where('id', '=', id).where('blobKey', 'is', null).returningAll().executeTakeFirst();
}

export function getIssuedDocument(db: Kysely<DB>, id: string): Promise<IssuedDocument> {
  return db.selectFrom('issuedDocuments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** A document of this application; undefined when it belongs to another. */
export function findApplicationDocument(db: Kysely<DB>, applicationId: string, documentId: string): Promise<IssuedDocument | undefined> {
  return db.selectFrom('issuedDocuments').selectAll().where('applicationId', '=', applicationId).where('id', '=', documentId).executeTakeFirst();
}

/** A document of this register entry; undefined when it belongs to another. */
export function findRegisterDocument(db: Kysely<DB>, registerCertificateId: string, documentId: string): Promise<IssuedDocument | undefined> {
  return db.selectFrom('issuedDocuments').selectAll().where('registerCertificateId', '=', registerCertificateId).where('id', '=', documentId).executeTakeFirst();
}

/** Documents not rendered yet, of an application or (without one) of a register entry. */
export function listUnrenderedDocuments(db: Kysely<DB>, of: { applicationId: string } | { registerCertificateId: string }): Promise<IssuedDocument[]> {
  const q = db.selectFrom('issuedDocuments').selectAll().where('blobKey', 'is', null);
  return ('applicationId' in of ? q.where('applicationId', '=', of.applicationId) : q.where('registerCertificateId', '=', of.registerCertificateId)).execute();
}

/** An application's documents in the order they were issued (流程跟踪 reads them on every view: compiled once). */
export const listApplicationDocuments: (db: Kysely<DB>, applicationId: string) => Promise<DocumentSummary[]> = compiledOnce((db, applicationId: string) =>
  db
    .selectFrom('issuedDocuments')
    .select(['id', 'kind', 'number', 'title', 'issuedAt', 'status', 'revokedAt', 'revokedReason', 'sha256', 'verificationCode'])
    .where('applicationId', '=', applicationId)
    .orderBy('issuedAt')
    .orderBy('caseEventId'),
);

export function findDocumentByVerificationCode(db: Kysely<DB>, code: string) {
  return db
    .selectFrom('issuedDocuments')
    .select(['kind', 'number', 'title', 'issuedAt', 'status', 'revokedAt', 'revokedReason', 'sha256', 'content', 'verificationCode', 'registerCertificateId'])
    .where('verificationCode', '=', code)
    .executeTakeFirst();
}

/** The register entry's valid certificates become `status` (已换发 or 已注销) with the reason. */
export async function retireRegisterCertificates(
  db: Kysely<DB>,
  req: { registerCertificateId: string; status: 'superseded' | 'revoked'; reason: string; now: Date },
): Promise<void> {
  await db
    .updateTable('issuedDocuments')
    .set({ status: req.status, revokedAt: req.now, revokedReason: req.reason })
    .where('registerCertificateId', '=', req.registerCertificateId)
    .where('status', '=', 'valid')
    .where('kind', 'in', [...CERTIFICATE_KINDS])
    .execute();
}

/** The holder's valid 备案证明 of this item, except `exceptId`, become superseded. */
export async function supersedeFilingCertificates(db: Kysely<DB>, req: { accountId: string; item: string; now: Date; exceptId: string }): Promise<void> {
  await db
    .updateTable('issuedDocuments')
    .set({ status: 'superseded', revokedAt: req.now, revokedReason: '已换发新证书' })
    .where('status', '=', 'valid')
    .where('kind', '=', 'filing-certificate')
    .where('id', '!=', req.exceptId)
    .where('applicationId', 'in', (eb) => eb.selectFrom('applications').select('id').where('accountId', '=', req.accountId).where('item', '=', req.item))
    .execute();
}
