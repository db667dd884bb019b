import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { findItem } from '../../domain/items/index.ts';
import { chineseDate, shanghaiDateOf } from '../../domain/calendar/index.ts';
import { isNoticePeriodDays, NOTICE_PERIOD_DAYS, NOTICE_PERIOD_RANGE_MESSAGE, noticePeriod, periodEnded, statementWindowOpen } from '../../domain/notices/period.ts';
import type { StaffRole } from '../../domain/roles.ts';
import type { Audit } from '../audit/audit.service.ts';
import { requireRole } from '../auth/staff-roles.ts';
import type { PdfInspector } from '../attachments/pdf-inspect.ts';
import { AttachmentRejectedError, sanitizeFilename } from '../applications/applications.service.ts';
import { newBlobKey, type BlobStore, type StagedBlob } from '../blobs/blob-store.ts';
import type { CalendarService } from '../calendar/calendar.service.ts';
import type { CaseEffects } from '../cases/case-effects.ts';
import { applyTransition, caseHistory } from '../cases/case-transition.ts';
import type { Clock } from '../clock.ts';
import type { Account, Application, DB, NoticeKind } from '../db/schema.ts';
import { isUuid } from '../db/sql-helpers.ts';
import { findOwnApplication } from '../applications/applications.reads.ts';
import { nextCounter } from '../db/counters.ts';
import type { DocumentsService } from '../documents/documents.service.ts';
import { AppError } from '../errors.ts';
import { categoryLabel, decisionOf, noticeEntryOf, type EntryFacts } from './notice-entries.ts';
import {
  claimEndedNotice,
  countPendingStatements,
  findBatch,
  findEntry,
  findLatestEntry,
  findStatementDetail,
  findStatementFile,
  getBatchPeriod,
  getCase,
  insertBatch,
  insertEntries,
  insertStatement,
  insertStatementAttachments,
  lastBatchSeq,
  listBatchEntries,
  listEntriesOfCase,
  listOpenCases,
  listRecentBatches,
  listStatementAttachments,
  listStatements,
  listStatementsOfCase,
  lockCase,
  lockCasesInNotice,
  lockStatement,
  markBatchClosed,
  markStatementReplied,
  type StatementFileRow,
} from './notices.repository.ts';

const PUBLISHERS: readonly StaffRole[] = ['publisher'];
const SOURCE_NODE: Record<NoticeKind, string> = { notice: 'pre-notice', announcement: 'announce' };
const KIND_LABEL: Record<NoticeKind, string> = { notice: '公示', announcement: '公告' };
export const MAX_STATEMENT_FILES = 5;

export interface BatchInput {
  kind: NoticeKind;
  applicationIds: string[];
  title?: string;
  body?: string;
  periodDays?: number;
}

export type StatementPart =
  | { type: 'field'; fieldname: string; value: unknown }
  | { type: 'file'; fieldname: string; filename: string; file: Readable };

const presentFile = (f: StatementFileRow) => ({ id: f.id, originalName: f.originalName, size: Number(f.size), pages: f.pages });

interface PlannedEntry {
  application: Application;
  action: string;
  entry: EntryFacts;
}

export function createNoticesService(deps: {
  db: Kysely<DB>;
  audit: Audit;
  clock: Clock;
  calendar: CalendarService;
  effects: CaseEffects;
  documents: DocumentsService;
  blobs: BlobStore;
  inspector: PdfInspector;
  maxUploadBytes: number;
}) {
  const { db, audit, clock, effects } = deps;
  const transitionDeps = { audit, effects };
  const today = () => shanghaiDateOf(clock.now());

  async function plan(executor: Kysely<DB>, kind: NoticeKind, applications: Application[]): Promise<PlannedEntry[]> {
    return Promise.all(
      applications.map(async (application) => {
        if (kind === 'notice') {
          return { application, action: 'publish', entry: noticeEntryOf(application, await caseHistory(executor, application.id)) };
        }
        const decision = decisionOf(application, await findLatestEntry(executor, application.id, 'notice'));
        return { application, action: decision.action, entry: decision.entry };
      }),
    );
  }

  async function casesAt(executor: Kysely<DB>, kind: NoticeKind, ids?: readonly string[], forUpdate = false) {
    if (ids && (ids.length === 0 || ids.some((id) => !isUuid(id)))) throw new AppError('VALIDATION_FAILED', `请选择要${KIND_LABEL[kind]}的案件`);
    const rows = await listOpenCases(executor, ids ? { ids } : { node: SOURCE_NODE[kind] }, { forUpdate });
    if (ids) {
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const id of ids) {
        const row = byId.get(id);
        if (!row) throw new AppError('NOT_FOUND', '案件不存在');
        if (row.node !== SOURCE_NODE[kind]) {
          throw new AppError('CONFLICT', `申报编号${row.number}已不在“待${KIND_LABEL[kind]}”环节，请刷新后重新选择`);
        }
      }
    }
    return rows;
  }

  function defaults(kind: NoticeKind, input: BatchInput, year: number, seq: number, items: string[], period?: { startsOn: string; endsOn: string; days: number }) {
    const category = categoryLabel(items);
    const title =
      input.title?.trim() ||
      (kind === 'notice' ? `关于${year}年第${seq}批${category}审查意见的公示` : `关于${year}年第${seq}批${category}审批结果的公告`);
    const body =
      input.body?.trim() ||
      (kind === 'notice'
        ? `根据《中华人民共和国行政许可法》和《建设工程勘察设计资质管理规定》等规定，我委对申请${category}的申请材料进行了审查，现将审查意见予以公示（见下表）。\n公示期为${period!.days}个工作日（${chineseDate(period!.startsOn)}至${chineseDate(period!.endsOn)}）。`
        : `根据《中华人民共和国行政许可法》等规定，经审查和公示，现将${category}审批结果予以公告（见下表）。\n对决定不服的，可自知道该决定之日起六十日内向北京市人民政府申请行政复议，或者六个月内依法向人民法院提起行政诉讼。`);
    return { title, body };
  }



  async function periodFor(input: BatchInput, executor: Kysely<DB> = db) {
    const days = input.periodDays ?? NOTICE_PERIOD_DAYS;
    if (!isNoticePeriodDays(days)) {
      throw new AppError('VALIDATION_FAILED', NOTICE_PERIOD_RANGE_MESSAGE, [{ path: 'periodDays', message: NOTICE_PERIOD_RANGE_MESSAGE }]);
    }
    return noticePeriod(today(), days, await deps.calendar.current(executor));
  }

  function presentEntry(p: PlannedEntry) {
    return {
      applicationId: p.application.id,
      number: p.application.number,
      itemTitle: findItem(p.application.item)?.title ?? p.application.item,
      action: p.action,
      ...p.entry,
    };
  }

  /** Close one 公示 case: its period is over and no statement waits for a reply. */
  async function closeCase(tx: Kysely<DB>, application: Application, actor: { accountId: string | null; roles: readonly 'system'[] }) {
    await applyTransition(tx, transitionDeps, application, { action: 'close-notice', version: application.version, actor, now: clock.now() });
  }

  async function ownCase(account: Account | undefined, id: string, executor: Kysely<DB> = db, forUpdate = false) {
    if (!account) throw new AppError('UNAUTHENTICATED', '请先登录');
    if (!isUuid(id)) throw new AppError('NOT_FOUND', '申请不存在或无权查看');
    const row = await findOwnApplication(executor, account.id, id, { forUpdate });
    if (!row || row.status === 'draft') throw new AppError('NOT_FOUND', '申请不存在或无权查看');
    return row;
  }

  return {
    /** 待公示 / 待公告 with the line each case would get. */
    async candidates(account: Account | undefined, kind: NoticeKind) {
      requireRole(account, PUBLISHERS);
      return (await plan(db, kind, await casesAt(db, kind))).map(presentEntry);
    },

    /** What publishing would produce, without writing anything. */
    async preview(account: Account | undefined, input: BatchInput) {
      requireRole(account, PUBLISHERS);
      const order = new Map(input.applicationIds.map((id, i) => [id, i]));
      const cases = (await casesAt(db, input.kind, input.applicationIds)).sort((a, b) => order.get(a.id)! - order.get(b.id)!);
      const planned = await plan(db, input.kind, cases);
      const period = input.kind === 'notice' ? await periodFor(input) : undefined;
      const year = Number(today().slice(0, 4));
      const seq = (await lastBatchSeq(db, input.kind, year)) + 1;
      const text = defaults(input.kind, input, year, seq, planned.map((p) => p.application.item), period);
      return { kind: input.kind, ...text, period: period ?? null, entries: planned.map(presentEntry) };
    },

    /**
     * Publish a batch: one transaction numbers it, writes its entries and moves every case on
     * (拟公示 → 公示, or 公告 → 制证 / 办结), each with its event, audit row and messages.
     */
    async publish(account: Account | undefined, input: BatchInput, request?: FastifyRequest) {
      const roles = requireRole(account, PUBLISHERS);
      const now = clock.now();
      const batchId = randomUUID();
      const ids = await db.transaction().execute(async (tx) => {
        // Entries in the order the publisher chose.
        const order = new Map(input.applicationIds.map((id, i) => [id, i]));
        const cases = (await casesAt(tx, input.kind, input.applicationIds, true)).sort((a, b) => order.get(a.id)! - order.get(b.id)!);
        const planned = await plan(tx, input.kind, cases);
        const period = input.kind === 'notice' ? await periodFor(input, tx) : undefined;
        const year = Number(today().slice(0, 4));
        const seq = await nextCounter(tx, `batch-${input.kind}`, year);
        const text = defaults(input.kind, input, year, seq, cases.map((c) => c.item), period);
        await insertBatch(tx, {
          id: batchId,
          kind: input.kind,
          year,
          seq,
          title: text.title,
          body: text.body,
          periodDays: period?.days ?? null,
          startsOn: period?.startsOn ?? null,
          endsOn: period?.endsOn ?? null,
          entryCount: planned.length,
          publishedAt: now,
          publishedBy: account!.id,
        });
        await insertEntries(
          tx,
          planned.map((p, i) => ({ batchId, applicationId: p.application.id, position: i + 1, ...p.entry })),
        );
        for (const p of planned) {
          await applyTransition(tx, transitionDeps, p.application, {
            action: p.action,
            version: p.application.version,
            ...(p.action === 'publish-refusal' ? { opinion: p.entry.reason || '经审查和公示，不符合法定条件、标准。' } : {}),
            ...(period ? { periodEndsOn: period.endsOn } : {}),
            actor: { accountId: account!.id, roles },
            request,
            now,
          });
        }
        await audit.record(
          { action: `${input.kind}.publish`, actorAccountId: account!.id, objectType: 'notice_batch', objectId: batchId, request, details: { title: text.title, cases: planned.length } },
          tx,
        );
        return cases.map((c) => c.id);
      });
      for (const id of ids) await deps.documents.materializePending(id);
      return this.batch(account, batchId);
    },

    async batches(account: Account | undefined, kind?: NoticeKind) {
      requireRole(account, PUBLISHERS);
      return listRecentBatches(db, kind);
    },

    async batch(account: Account | undefined, id: string) {
      requireRole(account, PUBLISHERS);
      if (!isUuid(id)) throw new AppError('NOT_FOUND', '批次不存在');
      const found = await findBatch(db, id);
      if (!found) throw new AppError('NOT_FOUND', '批次不存在');
      return { ...found, entries: await listBatchEntries(db, id) };
    },

    // ------------------------------------------------------------------ 陈述

    /** Applicant: 公示 and 公告 of its case, its own statements, whether a 陈述 may be filed now. */
    async forApplicant(account: Account | undefined, applicationId: string) {
      const application = await ownCase(account, applicationId);
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
    },

    /**
     * 陈述 during the 公示 period: text and up to five PDFs (checked like the wizard's uploads),
     * stored together or not at all. A statement after the last day is refused.
     */
    async fileStatement(account: Account | undefined, applicationId: string, parts: AsyncIterable<StatementPart>, request?: FastifyRequest) {
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
            throw new AppError('VALIDATION_FAILED', `陈述材料最多上传${MAX_STATEMENT_FILES}个文件`);
          }
          const name = sanitizeFilename(part.filename);
          const blob = await deps.blobs.stage(part.file, { maxBytes: deps.maxUploadBytes });
          staged.push({ blob, filename: name, pages: 0 });
          const verdict = await deps.inspector.inspect(blob.path, { account: account!.id });
          if (!verdict.ok) {
            throw AttachmentRejectedError.of(verdict, `陈述材料“${name}”`);
          }
          staged[staged.length - 1]!.pages = verdict.pages;
        }
        text = text.trim();
        if (!text) throw new AppError('VALIDATION_FAILED', '请填写陈述内容', [{ path: 'text', message: '请填写陈述内容' }]);
        if (text.length > 5000) throw new AppError('VALIDATION_FAILED', '陈述内容不能超过5000字', [{ path: 'text', message: '陈述内容不能超过5000字' }]);

        const current = await findLatestEntry(db, applicationId, 'notice');
        if (application.node !== 'notice' || !current || current.status !== 'published') {
          throw new AppError('CONFLICT', '该申请当前不在公示期，不能提交陈述');
        }
        if (!statementWindowOpen({ startsOn: current.startsOn!, endsOn: current.endsOn! }, today())) {
          throw new AppError('CONFLICT', `公示期已于${chineseDate(current.endsOn!)}结束，不再受理陈述`);
        }
        for (const s of staged) {
          const key = newBlobKey();
          await s.blob.commit(key);
          committed.push(key);
        }
        const id = randomUUID();
        const now = clock.now();
        await db.transaction().execute(async (tx) => {
          const locked = await ownCase(account, applicationId, tx, true);
          if (locked.node !== 'notice') throw new AppError('CONFLICT', '该申请当前不在公示期，不能提交陈述');
          await insertStatement(tx, { id, applicationId, batchId: current.batchId, accountId: account!.id, text, submittedAt: now });
          await insertStatementAttachments(
            tx,
            staged.map((s, i) => ({ id: randomUUID(), statementId: id, position: i + 1, originalName: s.filename, size: s.blob.size, sha256: s.blob.sha256, pages: s.pages, blobKey: committed[i]! })),
          );
          await audit.record({ action: 'statement.file', actorAccountId: account!.id, objectType: 'application', objectId: applicationId, request, details: { statementId: id, files: staged.length } }, tx);
          await effects.message(tx, locked, { kind: 'statement', title: `申报编号${locked.number}：陈述已提交`, body: '您的陈述材料已提交，工作人员将核查后答复，请留意消息和流程跟踪。' }, now);
        });
        return this.forApplicant(account, applicationId);
      } catch (error) {
        for (const s of staged) await s.blob.discard().catch(() => {});
        for (const key of committed) await deps.blobs.delete(key).catch(() => {});
        throw error;
      }
    },

    /** Staff: statements waiting for a reply (or all), oldest first. */
    async statements(account: Account | undefined, status: 'pending' | 'all' = 'pending') {
      requireRole(account, PUBLISHERS);
      return listStatements(db, { pendingOnly: status === 'pending' });
    },

    async statement(account: Account | undefined, id: string) {
      requireRole(account, PUBLISHERS);
      if (!isUuid(id)) throw new AppError('NOT_FOUND', '陈述不存在');
      const row = await findStatementDetail(db, id);
      if (!row) throw new AppError('NOT_FOUND', '陈述不存在');
      const entry = await findEntry(db, row.batchId, row.applicationId);
      const files = await listStatementAttachments(db, [id]);
      return { ...row, entry, attachments: files.map(presentFile) };
    },

    /**
     * Reply to a statement. 'keep': the opinion stands (once the period is over the case moves on
     * to 公告); 'return': the case goes back to 审查 with the reason, and needs a new 公示.
     */
    async reply(account: Account | undefined, id: string, body: { reply: string; outcome: 'kept' | 'returned' }, request?: FastifyRequest) {
      const roles = requireRole(account, PUBLISHERS);
      const reply = body.reply.trim();
      if (!reply) throw new AppError('VALIDATION_FAILED', '请填写答复意见', [{ path: 'reply', message: '请填写答复意见' }]);
      if (!isUuid(id)) throw new AppError('NOT_FOUND', '陈述不存在');
      const now = clock.now();
      await db.transaction().execute(async (tx) => {
        const statement = await lockStatement(tx, id);
        if (!statement) throw new AppError('NOT_FOUND', '陈述不存在');
        if (statement.status !== 'pending') throw new AppError('CONFLICT', '该陈述已答复');
        const application = await lockCase(tx, statement.applicationId);
        await markStatementReplied(tx, id, { reply, outcome: body.outcome, repliedBy: account!.id, repliedAt: now });
        await audit.record({ action: 'statement.reply', actorAccountId: account!.id, objectType: 'application', objectId: application.id, request, details: { statementId: id, outcome: body.outcome } }, tx);
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
          await applyTransition(tx, transitionDeps, application, { action: 'return-to-review', version: application.version, opinion: reply, actor: { accountId: account!.id, roles }, request, now });
          return;
        }
        const batch = await getBatchPeriod(tx, statement.batchId);
        const over = batch.status === 'closed' || periodEnded({ endsOn: batch.endsOn! }, today());
        if (over && (await countPendingStatements(tx, application.id)) === 0) {
          const fresh = await getCase(tx, application.id);
          // The reply settles the last open question: the period closes as the job would have closed it.
          await closeCase(tx, fresh, { accountId: account!.id, roles: ['system'] });
        }
      });
      return this.statement(account, id);
    },

    /**
     * A statement's file: through the staff console for publishers (anyone else 403), through
     * 流程跟踪 for its author (anyone else, staff included, 404).
     */
    async openStatementFile(account: Account | undefined, statementId: string, fileId: string, audience: 'staff' | 'applicant') {
      if (!account) throw new AppError('UNAUTHENTICATED', '请先登录');
      const staff = audience === 'staff';
      if (staff) requireRole(account, PUBLISHERS);
      if (!isUuid(statementId) || !isUuid(fileId)) throw new AppError('NOT_FOUND', '文件不存在');
      const row = await findStatementFile(db, statementId, fileId);
      if (!row || (!staff && row.accountId !== account.id)) throw new AppError('NOT_FOUND', '文件不存在');
      return { row, stream: await deps.blobs.get(row.blobKey) };
    },

    // ------------------------------------------------------------------ the period job

    /**
     * Close every 公示 whose last day has passed. Each batch is claimed with FOR UPDATE SKIP
     * LOCKED in its own transaction, so several instances share the work and none closes a batch
     * twice; after downtime the next run catches up with every batch overdue.
     */
    async closeEndedPeriods(asOf?: string): Promise<{ batches: number; cases: number }> {
      const day = asOf ?? today();
      let batches = 0;
      let cases = 0;
      for (let i = 0; i < 1000; i++) {
        const closed = await db.transaction().execute(async (tx) => {
          const batch = await claimEndedNotice(tx, day);
          if (!batch) return undefined;
          const apps = await lockCasesInNotice(tx, batch.id);
          let moved = 0;
          for (const application of apps) {
            // Only cases whose current 公示 is this batch (a returned case may sit in a newer one).
            if ((await findLatestEntry(tx, application.id, 'notice'))?.batchId !== batch.id) continue;
            if ((await countPendingStatements(tx, application.id)) > 0) continue;
            await closeCase(tx, application, { accountId: null, roles: ['system'] });
            moved++;
          }
          await markBatchClosed(tx, batch.id, clock.now());
          await audit.record({ action: 'notice.close', actorLabel: 'system', objectType: 'notice_batch', objectId: batch.id, details: { title: batch.title, cases: moved } }, tx);
          return moved;
        });
        if (closed === undefined) break;
        batches++;
        cases += closed;
      }
      return { batches, cases };
    },
  };
}

export type NoticesService = ReturnType<typeof createNoticesService>;
