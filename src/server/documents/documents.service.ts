import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { BlobStore } from '../blobs/blob-store.ts';
import type { Application, DB, IssuedDocument } from '../db/schema.ts';
import { appError } from '../errors.ts';
import { shanghaiDateOf } from '../../domain/calendar/index.ts';
import { nextCounter } from '../db/counters.ts';
import { listAttachments } from '../applications/applications.reads.ts';
import { buildCertificate, buildDocument, buildExOfficioCancellation, CERTIFICATE_KINDS, type CertificateFacts, type DocumentKind, type FrozenDocument, type IssueFacts } from './document-content.ts';
import {
  findApplicationDocument,
  findDocumentByVerificationCode,
  findRegisterDocument,
  getIssuedDocument,
  insertIssuedDocument,
  listApplicationDocuments,
  listUnrenderedDocuments,
  recordRenderedPdf,
  retireRegisterCertificates,
  supersedeFilingCertificates,
  type DocumentSummary,
} from './documents.repository.ts';
import type { RenderPool } from './render/render-pool.ts';
import type { OfficialDocument } from './render/official-document.ts';

export type { DocumentSummary } from './documents.repository.ts';

/** 32 symbols without 0/O, 1/I: 16 of them are 80 random bits, read aloud without confusion. */
const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const CODE_PATTERN = /^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/;

export function newVerificationCode(): string {
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => CODE_ALPHABET[b & 31]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** Accepts the code as printed or typed: any case, spaces or hyphens anywhere. */
export function normaliseVerificationCode(raw: string): string | undefined {
  const compact = raw.toUpperCase().replace(/[\s-]/g, '');
  if (compact.length !== 16) return undefined;
  const code = compact.match(/.{4}/g)!.join('-');
  return CODE_PATTERN.test(code) ? code : undefined;
}

/**
 * 文号 series: one counter per series — and per year where the number shows the year — so numbers
 * never repeat nor skip within a series.
 */
function seriesOf(kind: Exclude<DocumentKind, 'qualification-certificate' | 'registration-certificate'>): { series: string; perYear: boolean; format: (year: number, n: number) => string } {
  const yearly = (word: string, prefix = '京规自勘设') => ({
    series: word,
    perYear: true,
    format: (year: number, n: number) => `${prefix}${word}〔${year}〕${n}号`,
  });
  switch (kind) {
    case 'acceptance':
      return yearly('受');
    case 'not-accepted':
      return yearly('不受');
    case 'correction':
      return yearly('补');
    case 'special-procedure':
      return yearly('特');
    case 'extension':
      return yearly('延');
    case 'approval':
      return yearly('许');
    case 'refusal':
      return yearly('不许');
    case 'cancellation':
    case 'ex-officio-cancellation':
      return yearly('销');
    case 'filing-certificate':
      return yearly('外备');
  }
}


export interface IssueRequest {
  application: Application;
  kind: Exclude<DocumentKind, 'qualification-certificate' | 'registration-certificate'>;
  caseEventId: string | null;
  now: Date;
  facts: Omit<IssueFacts, 'kind' | 'number' | 'verification' | 'date'>;
}

/** The row of an issued document: its frozen text, number and verification code; rendered later. */
async function insertDocument(
  tx: Kysely<DB>,
  d: { applicationId: string | null; registerCertificateId: string | null; caseEventId: string | null; kind: DocumentKind; number: string; code: string; frozen: FrozenDocument; now: Date },
): Promise<string> {
  const id = randomUUID();
  await insertIssuedDocument(tx, {
    id,
    applicationId: d.applicationId,
    registerCertificateId: d.registerCertificateId,
    caseEventId: d.caseEventId,
    kind: d.kind,
    number: d.number,
    verificationCode: d.code,
    frozen: d.frozen,
    issuedAt: d.now,
  });
  return id;
}

/**
 * Official documents: issued inside the transaction of the change that causes them (number,
 * verification code and the frozen text), rendered to PDF once afterwards and stored with their
 * hash; every download serves those same bytes.
 */
export function createDocumentsService(deps: { db: Kysely<DB>; blobs: BlobStore; publicUrl: string; hotline: string; render?: Pick<RenderPool, 'document'> }) {
  const { db, blobs } = deps;
  // Drawn in the render pool's worker thread when the app gives one (off the event loop).
  // Without one (a service built alone), here, loading the renderer on first use.
  const draw = async (doc: OfficialDocument) => (deps.render ? deps.render.document(doc) : (await import('./render/render-pdf.ts')).renderDocumentPdf(doc));

  async function materialize(row: IssuedDocument): Promise<IssuedDocument> {
    if (row.blobKey && row.sha256) return row;
    const frozen = row.content as unknown as FrozenDocument;
    const bytes = await draw(frozen.document);
    const staged = await blobs.stage(Readable.from(bytes), { maxBytes: 20 * 1024 * 1024 });
    const key = `doc-${randomUUID()}`;
    await staged.commit(key);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    // First writer wins; a concurrent render of the same row gives the same bytes, its blob is dropped.
    const updated = await recordRenderedPdf(db, row.id, { blobKey: key, sha256, size: bytes.length });
    if (updated) return updated;
    await blobs.delete(key);
    return getIssuedDocument(db, row.id);
  }

  return {
    /** Issue one document in `tx`; returns its id. Render it with `materializePending` after commit. */
    async issue(tx: Kysely<DB>, req: IssueRequest): Promise<string> {
      const { application } = req;
      const { series, perYear, format } = seriesOf(req.kind);
      const date = shanghaiDateOf(req.now);
      const year = Number(date.slice(0, 4));
      const number = format(year, await nextCounter(tx, series, perYear ? year : 0));
      const code = newVerificationCode();
      const facts: IssueFacts = {
        ...req.facts,
        kind: req.kind,
        number,
        verification: { code, url: `${deps.publicUrl}/verify/${code}` },
        date,
        hotline: req.facts.hotline ?? deps.hotline,
      };
      const attachments = await listAttachments(tx, application.id);
      const frozen = buildDocument(
        {
          item: application.item,
          applicationType: application.applicationType,
          number: application.number!,
          data: application.data as Record<string, Record<string, unknown>>,
          submittedAt: application.submittedAt!,
          attachments: attachments.map((a) => ({ slot: a.slot, originalName: a.originalName, pages: a.pages })),
        },
        facts,
      );
      return insertDocument(tx, { applicationId: application.id, registerCertificateId: null, caseEventId: req.caseEventId, kind: req.kind, number, code, frozen, now: req.now });
    },

    /**
     * A certificate from the register (资质证书, 注册证书), in `tx`: it carries the register's
     * number; the register entry's earlier certificate is superseded (换发). Returns its id.
     */
    async issueCertificate(
      tx: Kysely<DB>,
      req: { kind: 'qualification-certificate' | 'registration-certificate'; registerCertificateId: string; applicationId: string | null; caseEventId: string | null; now: Date; facts: Omit<CertificateFacts, 'date' | 'verification'> },
    ): Promise<string> {
      const code = newVerificationCode();
      const frozen = buildCertificate({ ...req.facts, date: shanghaiDateOf(req.now), verification: { code, url: `${deps.publicUrl}/verify/${code}` } });
      await this.retireRegisterDocuments(tx, { registerCertificateId: req.registerCertificateId, status: 'superseded', reason: '已换发新证书', now: req.now });
      return insertDocument(tx, { ...req, number: req.facts.number, code, frozen });
    },

    /** 注销决定书 of a 依职权注销: a register document, numbered in the 注销 series. */
    async issueExOfficioCancellation(
      tx: Kysely<DB>,
      req: { registerCertificateId: string; now: Date; reason: string; facts: Omit<CertificateFacts, 'date' | 'verification' | 'caseNumber'> },
    ): Promise<string> {
      const { series, perYear, format } = seriesOf('ex-officio-cancellation');
      const date = shanghaiDateOf(req.now);
      const year = Number(date.slice(0, 4));
      const number = format(year, await nextCounter(tx, series, perYear ? year : 0));
      const code = newVerificationCode();
      const frozen = buildExOfficioCancellation({ ...req.facts, kind: 'ex-officio-cancellation', reason: req.reason, documentNumber: number, date, verification: { code, url: `${deps.publicUrl}/verify/${code}` } });
      return insertDocument(tx, { applicationId: null, registerCertificateId: req.registerCertificateId, caseEventId: null, kind: 'ex-officio-cancellation', number, code, frozen, now: req.now });
    },

    /**
     * In `tx`, after a step: the documents it issued (not rendered yet, issued at `now`), as 样张 —
     * the same text, marked across every page, with no verification code. The 制证 preview runs the
     * real step in a transaction it rolls back, so the preview is what 制证完成 would issue.
     */
    async previewsIssued(tx: Kysely<DB>, applicationId: string, now: Date): Promise<OfficialDocument[]> {
      const rows = await listUnrenderedDocuments(tx, { applicationId });
      return rows
        .filter((r) => r.issuedAt.getTime() === now.getTime())
        .map((r) => ({
          ...(r.content as unknown as FrozenDocument).document,
          verification: { code: '样张，不作验证', url: `${deps.publicUrl}/verify` },
          watermark: '样张 · 仅供核对',
        }));
    },

    /** A document's PDF, rendered now and not kept (a 样张). */
    renderPreview(doc: OfficialDocument): Promise<Buffer> {
      return draw(doc);
    },

    /** A register document (certificate, 注销决定书) of this register entry, rendered if needed. */
    async openRegisterDocument(registerCertificateId: string, documentId: string) {
      const row = await findRegisterDocument(db, registerCertificateId, documentId);
      if (!row) throw appError('DOCUMENT_NOT_FOUND');
      const ready = await materialize(row);
      return { row: ready, stream: await blobs.get(ready.blobKey!) };
    },

    /** The register entry's valid certificates become 已换发 (superseded) or 已注销 (revoked). */
    async retireRegisterDocuments(tx: Kysely<DB>, req: { registerCertificateId: string; status: 'superseded' | 'revoked'; reason: string; now: Date }) {
      await retireRegisterCertificates(tx, req);
    },

    /** A 备案证明 replaces the holder's earlier one (a filing is not in the register). */
    async retireFilings(tx: Kysely<DB>, req: { accountId: string; item: string; now: Date; exceptId: string }) {
      await supersedeFilingCertificates(tx, req);
    },

    /** Render and store documents issued but not yet rendered (after the issuing transaction commits). */
    async materializePending(applicationId: string | null, registerCertificateId?: string): Promise<void> {
      const rows = await listUnrenderedDocuments(db, applicationId ? { applicationId } : { registerCertificateId: registerCertificateId ?? '' });
      for (const row of rows) await materialize(row);
    },

    async list(applicationId: string): Promise<DocumentSummary[]> {
      return listApplicationDocuments(db, applicationId);
    },

    /** The stored PDF of a document of this application (the caller has checked access to it). */
    async open(applicationId: string, documentId: string) {
      const row = await findApplicationDocument(db, applicationId, documentId);
      if (!row) throw appError('DOCUMENT_NOT_FOUND');
      const ready = await materialize(row);
      return { row: ready, stream: await blobs.get(ready.blobKey!) };
    },

    /** The public verification page: authentic or not, still valid or not, minimum public data. */
    async verify(rawCode: string) {
      const code = normaliseVerificationCode(rawCode);
      if (!code) return null;
      const row = await findDocumentByVerificationCode(db, code);
      if (!row) return null;
      const frozen = row.content as unknown as FrozenDocument;
      return {
        code: row.verificationCode,
        title: row.title,
        number: row.number,
        issuedAt: row.issuedAt,
        status: row.status,
        revokedAt: row.revokedAt,
        revokedReason: row.revokedReason,
        sha256: row.sha256,
        certificate: CERTIFICATE_KINDS.has(row.kind as DocumentKind),
        registerCertificateId: row.registerCertificateId,
        facts: frozen.public,
      };
    },
  };
}

export type DocumentsService = ReturnType<typeof createDocumentsService>;
