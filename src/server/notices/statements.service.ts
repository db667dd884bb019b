/**
 * 陈述 during a 公示: the applicant files one (text and PDFs) and sees its 公示/公告 lines; the
 * publisher lists, reads and answers them. The reply to the last statement of a case whose period
 * is over closes the case, as the period job would have.
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { shanghaiDateOf } from '../../domain/calendar/index.ts';
import { periodEnded, statementWindowOpen } from '../../domain/notices/period.ts';
import { MAX_STATEMENT_FILES, STATEMENT_TEXT_MAX } from '../../domain/notices/statements.ts';
import { attachmentRejected, attachmentTooLarge, sanitizeFilename } from '../applications/applications.service.ts';
import { findOwnApplication } from '../applications/applications.reads.ts';
import type { PdfInspector } from '../attachments/pdf-inspect.ts';
import { requireAccount, type Actor } from '../actor.ts';
import type { Audit } from '../audit/audit.service.ts';
import { requireRole } from '../auth/staff-roles.ts';
import { newBlobKey, type BlobStore, type StagedBlob } from '../blobs/blob-store.ts';
import type { CaseEffects } from '../cases/case-effects.ts';
import { applyTransition } from '../cases/case-transition.ts';
import type { Clock } from '../clock.ts';
import type { Account, DB } from '../db/schema.ts';
import { isUuid } from '../db/sql-helpers.ts';
import { appError } from '../errors.ts';
import { PUBLISHERS } from './notice-batches.service.ts';
import { closeNoticeCase } from './notice-periods.job.ts';
import {
  countPendingStatements,
  findEntry,
  findLatestEntry,
  findStatementDetail,
  findStatementFile,
  getBatchPeriod,
  getCase,
  insertStatement,
  insertStatementAttachments,
  listEntriesOfCase,
  listStatementAttachments,
  listStatements,
  listStatementsOfCase,
  lockCase,
  lockStatement,
  markStatementReplied,
  type StatementFileRow,
} from './notices.repository.ts';

export { MAX_STATEMENT_FILES };

export type StatementPart =
  | { type: 'field'; fieldname: string; value: unknown }
  | { type: 'file'; fieldname: string; filename: string; file: Readable };

const presentFile = (f: StatementFileRow) => ({ id: f.id, originalName: f.originalName, size: Number(f.size), pages: f.pages });

export function createStatementsService(deps: {
  db: Kysely<DB>;
  audit: Audit;
  clock: Clock;
  effects: CaseEffects;
  blobs: BlobStore;
  inspector: PdfInspector;
  maxUploadBytes: number;
}) {
  const { db, audit, clock, effects } = deps;
  const transitionDeps = { audit, effects };
  const today = () => shanghaiDateOf(clock.now());

  /** The applicant's own submitted case (a draft or anyone else's is 404). */
  async function ownCase(account: Account, id: string, executor: Kysely<DB> = db, forUpdate = false) {
    if (!isUuid(id)) throw appError('APPLICATION_NOT_FOUND');
    const row = await findOwnApplication(executor, account.id, id, { forUpdate });
    if (!row || row.status === 'draft') throw appError('APPLICATION_NOT_FOUND');
    return row;
  }

  /** Applicant: 公示 and 公告 of its case, its own statements, whether a 陈述 may be filed now. */
  async function forApplicant(actor: Actor, applicationId: string) {
    const application = await ownCase(requireAccount(actor), applicationId);
    const rows = await listEntriesOfCase(db, applicationId);
    const statements = await listStatementsOfCase(db, applicationId);
    const files = await listStatementAttachments(db, statements.map((s) => s.id));
    const current = rows.find((r) => r.kind === 'notice' && r.status === 'published');
    const open = application.node === 'notice' && current?.startsOn && current.endsOn ? statementWindowOpen({ startsOn: current.startsOn, endsOn: current.endsOn }, today()) : false;
    const present = (r: (typeof rows)[number]) => ({
      batchId: r.batchId,
      title: r.title,
      publishedAt: r.publishedAt,
      startsOn: r.startsOn,
      endsOn: r.endsOn,
      periodDays: r.periodDays,
      running: r.kind === 'notice' && r.status === 'published' && !periodEnded({ endsOn: r.endsOn! }, today()),
      subjectName: r.subjectName,
      applicationType: r.applicationType,
      qualification: r.qualification,
      opinion: r.opinion,
      reason: r.reason,
      url: `/public/${r.kind === 'notice' ? 'notices' : 'announcements'}/${r.batchId}`,
    });
    return {
      notices: rows.filter((r) => r.kind === 'notice').map(present),
      announcements: rows.filter((r) => r.kind === 'announcement').map(present),
      statements: statements.map((s) => ({ ...s, attachments: files.filter((f) => f.statementId === s.id).map(presentFile) })),
      canFileStatement: open,
      statementDeadline: open ? current!.endsOn : null,
    };
  }

  async function statement(actor: Actor, id: string) {
    requireRole(actor, PUBLISHERS);
    if (!isUuid(id)) throw appError('STATEMENT_NOT_FOUND');
    const row = await findStatementDetail(db, id);
    if (!row) throw appError('STATEMENT_NOT_FOUND');
    const entry = await findEntry(db, row.batchId, row.applicationId);
    const files = await listStatementAttachments(db, [id]);
    return { ...row, entry, attachments: files.map(presentFile) };
  }

  return {
    forApplicant,

    /**
     * 陈述 during the 公示 period: text and up to five PDFs (checked like the wizard's uploads),
     * stored together or not at all. A statement after the last day is refused.
     */
    async fileStatement(actor: Actor, applicationId: string, parts: AsyncIterable<StatementPart>) {
      const account = requireAccount(actor);
      const application = await ownCase(account, applicationId);
      const staged: { blob: StagedBlob; filename: string; pages: number }[] = [];
      const committed: string[] = [];
      try {
        let text = '';
        for await (const part of parts) {
          if (part.type === 'field') {
            if (part.fieldname === 'text') text = String(part.value ?? '');
            continue;
          }
          if (staged.length >= MAX_STATEMENT_FILES) {
            part.file.resume();
            throw appError('STATEMENT_TOO_MANY_FILES');
          }
          const name = sanitizeFilename(part.filename);
          const blob = await deps.blobs.stage(part.file, { maxBytes: deps.maxUploadBytes }).catch((error: unknown) => {
            throw attachmentTooLarge(error, `陈述材料“${name}”`);
          });
          staged.push({ blob, filename: name, pages: 0 });
          const verdict = await deps.inspector.inspect(blob.path, { account: account.id });
          if (!verdict.ok) {
            throw attachmentRejected(verdict, `陈述材料“${name}”`);
          }
          staged[staged.length - 1]!.pages = verdict.pages;
        }
        text = text.trim();
        if (!text) throw appError('STATEMENT_TEXT_REQUIRED');
        if (text.length > STATEMENT_TEXT_MAX) throw appError('STATEMENT_TEXT_TOO_LONG');

        const current = await findLatestEntry(db, applicationId, 'notice');
        if (application.node !== 'notice' || !current || current.status !== 'published') {
          throw appError('STATEMENT_NOT_IN_NOTICE');
        }
        if (!statementWindowOpen({ startsOn: current.startsOn!, endsOn: current.endsOn! }, today())) throw appError('STATEMENT_PERIOD_CLOSED', { endsOn: current.endsOn! });
        for (const s of staged) {
          const key = newBlobKey();
          await s.blob.commit(key);
          committed.push(key);
        }
        const id = randomUUID();
        const now = clock.now();
        await db.transaction().execute(async (tx) => {
          const locked = await ownCase(account, applicationId, tx, true);
          if (locked.node !== 'notice') throw appError('STATEMENT_NOT_IN_NOTICE');
          await insertStatement(tx, { id, applicationId, batchId: current.batchId, accountId: account.id, text, submittedAt: now });
          await insertStatementAttachments(
            tx,
            staged.map((s, i) => ({ id: randomUUID(), statementId: id, position: i + 1, originalName: s.filename, size: s.blob.size, sha256: s.blob.sha256, pages: s.pages, blobKey: committed[i]! })),
          );
          await audit.record({ action: 'statement.file', actorAccountId: account.id, objectType: 'application', objectId: applicationId, actor, details: { statementId: id, files: staged.length } }, tx);
          await effects.message(tx, locked, { kind: 'statement', title: `申报编号${locked.number}：陈述已提交`, body: '您的陈述材料已提交，工作人员将核查后答复，请留意消息和流程跟踪。' }, now);
        });
        return forApplicant(actor, applicationId);
      } catch (error) {
        for (const s of staged) await s.blob.discard().catch(() => {});
        for (const key of committed) await deps.blobs.delete(key).catch(() => {});
        throw error;
      }
    },

    /** Staff: statements waiting for a reply (or all), oldest first. */
    async statements(actor: Actor, status: 'pending' | 'all' = 'pending') {
      requireRole(actor, PUBLISHERS);
      return listStatements(db, { pendingOnly: status === 'pending' });
    },

    statement,

    /**
     * Reply to a statement. 'keep': the opinion stands (once the period is over the case moves on
     * to 公告); 'return': the case goes back to 审查 with the reason, and needs a new 公示.
     */
    async reply(actor: Actor, id: string, body: { reply: string; outcome: 'kept' | 'returned' }) {
      const { account, roles } = requireRole(actor, PUBLISHERS);
      const reply = body.reply.trim();
      if (!reply) throw appError('STATEMENT_REPLY_REQUIRED');
      if (!isUuid(id)) throw appError('STATEMENT_NOT_FOUND');
      const now = clock.now();
      await db.transaction().execute(async (tx) => {
        const found = await lockStatement(tx, id);
        if (!found) throw appError('STATEMENT_NOT_FOUND');
        if (found.status !== 'pending') throw appError('STATEMENT_ALREADY_ANSWERED');
        const application = await lockCase(tx, found.applicationId);
        await markStatementReplied(tx, id, { reply, outcome: body.outcome, repliedBy: account.id, repliedAt: now });
        await audit.record({ action: 'statement.reply', actorAccountId: account.id, objectType: 'application', objectId: application.id, actor, details: { statementId: id, outcome: body.outcome } }, tx);
        await effects.message(
          tx,
          application,
          {
            kind: 'statement-reply',
            title: `申报编号${application.number}：陈述已答复`,
            body: `答复意见：${reply}\n${body.outcome === 'returned' ? '您的申请已退回审查，审查后将重新公示。' : '维持原审查意见。'}`,
          },
          now,
        );
        if (application.node !== 'notice') return;
        if (body.outcome === 'returned') {
          await applyTransition(tx, transitionDeps, application, { action: 'return-to-review', version: application.version, opinion: reply, actor, roles, now });
          return;
        }
        const batch = await getBatchPeriod(tx, found.batchId);
        const over = batch.status === 'closed' || periodEnded({ endsOn: batch.endsOn! }, today());
        if (over && (await countPendingStatements(tx, application.id)) === 0) {
          const fresh = await getCase(tx, application.id);
          // The reply settles the last open question: the period closes as the job would have closed it.
          await closeNoticeCase(tx, transitionDeps, fresh, actor, clock.now());
        }
      });
      return statement(actor, id);
    },

    /**
     * A statement's file: through the staff console for publishers (anyone else 403), through
     * 流程跟踪 for its author (anyone else, staff included, 404).
     */
    async openStatementFile(actor: Actor, statementId: string, fileId: string, audience: 'staff' | 'applicant') {
      const account = requireAccount(actor);
      const staff = audience === 'staff';
      if (staff) requireRole(actor, PUBLISHERS);
      if (!isUuid(statementId) || !isUuid(fileId)) throw appError('STATEMENT_FILE_NOT_FOUND');
      const row = await findStatementFile(db, statementId, fileId);
      if (!row || (!staff && row.accountId !== account.id)) throw appError('STATEMENT_FILE_NOT_FOUND');
      return { row, stream: await deps.blobs.get(row.blobKey) };
    },
  };
}
