import type { Kysely } from 'kysely';
import { correctionChoices, correctionLabels, findItem, findApplicationType } from '../../domain/items/index.ts';
import { STATEMENT_OUTCOME_LABELS } from '../../domain/notices/statements.ts';
import { listStatementsWithNames } from '../notices/notices.reads.ts';
import { templatesForRole } from '../templates/templates.reads.ts';
import type { StaffRole } from '../../domain/roles.ts';
import type { Actor } from '../actor.ts';
import { caseRolesOrThrow, requireRole, type Staff } from '../auth/staff-roles.ts';
import { allowedRoles, availableActions, findAction, findNode, getVariant, listQueues, stageOf, workingRole } from '../../domain/workflow/index.ts';
import type { CalendarService } from '../calendar/calendar.service.ts';
import type { Audit } from '../audit/audit.service.ts';
import type { BlobStore } from '../blobs/blob-store.ts';
import type { Clock } from '../clock.ts';
import type { DB } from '../db/schema.ts';
import { AppError, appError } from '../errors.ts';
import { findAttachment, findAttachmentById } from '../applications/applications.reads.ts';
import { caseFiles, resubmissionOf } from './resubmission.ts';
import { createStatistics } from './statistics.ts';
import type { StatisticsQuery } from '../../contract/statistics.ts';
import { applyTransition, caseHistory, stateOf } from '../cases/case-transition.ts';
import { listCaseEventsWithActors, requireSubmittedCase } from '../cases/cases.reads.ts';
import { createCaseDeadlines } from '../cases/case-deadlines.ts';
import { createCaseHolders, type HandOver } from '../cases/case-holders.ts';
import { createCaseSuspensions } from '../cases/case-suspensions.ts';
import type { CaseEffects } from '../cases/case-effects.ts';
import type { DocumentsService } from '../documents/documents.service.ts';
import type { ExtensionsService } from '../extensions/extensions.service.ts';
import { isUuid } from '../db/sql-helpers.ts';
import {
  BATCH_ISSUE_MAX,
  CASE_EXPORT_MAX,
  searchCountLimit,
  type CaseActionInput,
  type CaseListExportQuery,
  type CaseResumeInput,
  type CaseSuspendInput,
  type CaseListQuery,
  type CaseSearchExportQuery,
  type CaseSearchQuery,
} from '../../contract/staff.ts';
import { shanghaiDayStart } from '../../domain/calendar/index.ts';
import { SEARCH_MIN_CHARS } from '../../domain/search.ts';
import { checkDayRange } from '../day-range.ts';
import { countQueue, listQueueCases, listSuspendedCases, searchCases } from './review.repository.ts';



/** Thrown to roll a preview's transaction back, carrying what it found. */
class RolledBack {
  constructor(readonly previews: Awaited<ReturnType<DocumentsService['previewsIssued']>>) {}
}

/** The staff console: queues by role, case pages, and the workflow actions of each node. */
export function createReviewService(deps: {
  db: Kysely<DB>;
  audit: Audit;
  clock: Clock;
  blobs: BlobStore;
  calendar: CalendarService;
  effects: CaseEffects;
  documents: DocumentsService;
  extensions: ExtensionsService;
}) {
  const { db, audit, clock, blobs } = deps;
  const holders = createCaseHolders({ db, audit, clock });
  const suspensions = createCaseSuspensions({ db, audit, clock, effects: deps.effects });

  /** 补正中 holds cases waiting for the applicant (status 'correction'); every other queue, submitted ones. */
  function statusOf(nodeKeys: readonly string[]): 'submitted' | 'correction' {
    return nodeKeys.every((k) => k === 'correction') ? 'correction' : 'submitted';
  }

  /** Queues this account may work, with the node keys behind each. */
  function queuesOf(roles: readonly StaffRole[]) {
    return listQueues().filter((q) => roles.includes(q.role as StaffRole));
  }

  function submittedCase(id: string, executor: Kysely<DB> = db, forUpdate = false) {
    return requireSubmittedCase(executor, id, { forUpdate });
  }

  /** The 制证 node the case stands at; refused when it is elsewhere or ended (preview and 批量制证). */
  function issueNodeOrThrow(application: Awaited<ReturnType<typeof submittedCase>>) {
    const node = application.node ? findNode(getVariant(application.workflow!), application.node) : undefined;
    if (node?.kind !== 'issue') {
      throw application.isOpen && node ? appError('CASE_NOT_IN_STAGE', { seen: '制证', current: node.label }) : appError('CASE_ENDED', { end: stageOf(application).nodeLabel });
    }
    return node;
  }

  /** One slice of the account's queues (or one queue) as filtered and ordered, with deadlines and the total. */
  async function queueCases({ account, roles }: Staff, filter: CaseListExportQuery, limit: number, offset: number) {
    const queues = queuesOf(roles).filter((q) => !filter.queue || q.queue === filter.queue);
    const nodes = [...new Set(queues.flatMap((q) => q.nodeKeys))];
    if (nodes.length === 0) return { cases: [], total: 0 };
    const statuses = [...new Set(queues.map((q) => statusOf(q.nodeKeys)))];
    let overdue: Awaited<ReturnType<typeof overdueEntries>> | undefined;
    if (filter.overdue) {
      overdue = await overdueEntries(statuses, nodes);
      if (overdue.cutoffs.length === 0) return { cases: [], total: 0 };
    }
    const { rows, total } = await listQueueCases(db, {
      statuses,
      nodes,
      item: filter.item,
      type: filter.type,
      search: filter.q?.trim() || undefined,
      overdue,
      holder: filter.holder === 'mine' ? { accountId: account.id } : filter.holder,
      sort: filter.sort ?? 'entered',
      limit,
      offset,
    });
    const paused = await suspensions.ofCases(rows.map((r) => r.id));
    const withDeadlines = await Promise.all(rows.map(async (r) => ({ r, deadline: await nodeDeadline(r, undefined, paused.get(r.id)) })));
    const holderNames = await holders.holderNames(rows.flatMap((r) => (r.holderAccountId ? [r.holderAccountId] : [])));
    const cases = withDeadlines.map(({ r, deadline: d }) => {
      const item = findItem(r.item);
      return {
        id: r.id,
        number: r.number,
        item: r.item,
        itemTitle: item?.title ?? r.item,
        applicationType: r.applicationType,
        applicationTypeLabel: (item && r.applicationType && findApplicationType(item, r.applicationType)?.label) || null,
        applicantName: r.applicantName ?? '',
        node: r.node,
        nodeEnteredAt: r.nodeEnteredAt,
        submittedAt: r.submittedAt,
        version: r.version,
        deadline: d,
        holder: r.holderAccountId ? { name: holderNames.get(r.holderAccountId) ?? '', mine: r.holderAccountId === account.id } : null,
      };
    });
    return { cases, total };
  }

  /**
   * 仅看逾期 as SQL asks it: the entry cutoff of each node with a deadline, except for cases that
   * were suspended in the node they are in (中止审查 moved their due date), which are decided one by
   * one with their pauses: those overdue are listed by id, the others left out.
   */
  async function overdueEntries(statuses: readonly ('submitted' | 'correction')[], nodes: readonly string[]) {
    const cutoffs = await overdueEntryCutoffs(nodes);
    const paused = await listSuspendedCases(db, { statuses, nodes });
    const pauses = await suspensions.ofCases(paused.map((p) => p.id));
    const include: string[] = [];
    for (const p of paused) if ((await nodeDeadline(p, undefined, pauses.get(p.id)))?.overdue) include.push(p.id);
    return { cutoffs, exclude: paused.map((p) => p.id), include };
  }

  /** Who exported which list (names and USCCs leave the system): the filters given and the rows written. */
  function recordExport(actor: Actor, accountId: string, filter: Record<string, unknown>, rows: number, total: number) {
    const given = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== ''));
    return audit.record({ action: 'case.export', actorAccountId: accountId, objectType: 'application', actor, details: { filter: given, rows, total } });
  }

  /** 全部案件: the checked filters, one slice of the matches (newest first) and their total. */
  async function findCases(accountId: string, filter: CaseSearchExportQuery, limit: number, offset: number, countUpTo: number) {
    const fragment = filter.q?.trim() || undefined;
    if (fragment && Array.from(fragment).length < SEARCH_MIN_CHARS) throw appError('CASE_SEARCH_TOO_SHORT');
    checkDayRange(filter);
    const { rows, total, totalCapped } = await searchCases(db, {
      countUpTo,
      fragment,
      item: filter.item,
      type: filter.type,
      submittedFrom: filter.from ? shanghaiDayStart(filter.from) : undefined,
      submittedBefore: filter.to ? shanghaiDayStart(filter.to, 1) : undefined,
      open: filter.state === undefined ? undefined : filter.state === 'open',
      actedBy: filter.mine ? accountId : undefined,
      limit,
      offset,
    });
    const cases = rows.map((r) => {
      const item = findItem(r.item);
      return {
        id: r.id,
        number: r.number!,
        item: r.item,
        itemTitle: item?.title ?? r.item,
        applicationTypeLabel: (item && r.applicationType && findApplicationType(item, r.applicationType)?.label) || null,
        applicantName: r.applicantName ?? '',
        applicantUscc: r.applicantUscc,
        submittedAt: r.submittedAt!,
        isOpen: r.isOpen,
        stage: stageOf(r).nodeLabel,
      };
    });
    return { cases, total, totalCapped };
  }

  /** 陈述 during 公示 and their answers, as entries of the 办理记录. */
  async function statementEntries(applicationId: string) {
    const blank = { correctionItems: null, expectedDays: null, remark: null };
    return (await listStatementsWithNames(db, applicationId)).flatMap((s) => [
      { node: 'notice', nodeLabel: '公示', action: 'statement', actionLabel: '申请人陈述', actorRole: 'applicant', actor: s.filedBy, opinion: s.text, ...blank, at: s.submittedAt },
      ...(s.repliedAt
        ? [
            {
              node: 'notice',
              nodeLabel: '公示',
              action: 'statement-reply',
              actionLabel: s.outcome ? `答复陈述：${STATEMENT_OUTCOME_LABELS[s.outcome]}` : '答复陈述',
              actorRole: 'publisher',
              actor: s.repliedByName,
              opinion: s.reply,
              ...blank,
              at: s.repliedAt,
            },
          ]
        : []),
    ]);
  }

  const { nodeDeadline, caseDeadline, overdueEntryCutoffs } = createCaseDeadlines({ db, calendar: deps.calendar, clock });
  const statistics = createStatistics({ db, calendar: deps.calendar, clock, suspensions, overdueEntries });

  return {
    /** 待受理, 待审查 … with counts, only the queues of the account's roles. */
    async queues(actor: Actor) {
      const { roles } = caseRolesOrThrow(actor);
      return Promise.all(
        queuesOf(roles).map(async (q) => ({ queue: q.queue, role: q.role, count: await countQueue(db, { status: statusOf(q.nodeKeys), nodes: q.nodeKeys }) })),
      );
    },

    /**
     * Cases waiting in the account's queues (or one queue); search by number, name or USCC. Every
     * filter — 仅看逾期 included — and the order run in SQL over the whole queue; one page comes back
     * with the exact total.
     */
    async list(actor: Actor, filter: CaseListQuery) {
      const staff = caseRolesOrThrow(actor);
      const pageSize = filter.pageSize ?? 20;
      const page = Math.max(1, filter.page ?? 1);
      const { cases, total } = await queueCases(staff, filter, pageSize, (page - 1) * pageSize);
      return { cases, total, page, pageSize };
    },

    /** 导出: the whole of the queues and filters shown, up to CASE_EXPORT_MAX; audited. */
    async listExport(actor: Actor, filter: CaseListExportQuery) {
      const staff = caseRolesOrThrow(actor);
      const { cases, total } = await queueCases(staff, filter, CASE_EXPORT_MAX, 0);
      await recordExport(actor, staff.account.id, filter, cases.length, total);
      return { cases, total };
    },

    /**
     * 全部案件 / 已办: any submitted case, open or closed, by a fragment of its number, name or USCC
     * (two characters at least), item, 申请内容, submission days and state; newest first.
     */
    async search(actor: Actor, filter: CaseSearchQuery) {
      const { account } = caseRolesOrThrow(actor);
      const pageSize = filter.pageSize ?? 20;
      const page = filter.page ?? 1;
      const { cases, total, totalCapped } = await findCases(account.id, filter, pageSize, (page - 1) * pageSize, searchCountLimit(page, pageSize));
      return { cases, total, totalCapped, page, pageSize };
    },

    /** 导出: every case the same filters find, up to CASE_EXPORT_MAX; audited (it carries names and USCCs). */
    async searchExport(actor: Actor, filter: CaseSearchExportQuery) {
      const { account } = caseRolesOrThrow(actor);
      const { cases, total, totalCapped } = await findCases(account.id, filter, CASE_EXPORT_MAX, 0, CASE_EXPORT_MAX);
      await recordExport(actor, account.id, filter, cases.length, total);
      return { cases, total, totalCapped };
    },

    /** The case page: everything the applicant entered, attachments, history, and this account's actions. */
    async getCase(actor: Actor, id: string) {
      const staff = caseRolesOrThrow(actor);
      const { roles } = staff;
      const application = await submittedCase(id);
      const history = await caseHistory(db, id);
      const variant = getVariant(application.workflow!);
      const state = stateOf(application, history);
      const suspension = await suspensions.view(staff, application);
      const nodeDue = await nodeDeadline(application, undefined, suspension.all);
      const events = await listCaseEventsWithActors(db, id);
      const item = findItem(application.item);
      const holding = await holders.view(staff, application);
      // Someone else holds the case: they alone act on it (the page says who).
      const heldByOther = holding.holder !== null && !holding.holder.mine;
      const files = await caseFiles(db, id);
      return {
        id: application.id,
        number: application.number,
        item: application.item,
        applicationType: application.applicationType,
        status: application.status,
        // 补正 may ask only for what this case has (its 申请内容 decides the conditional fields).
        correctionChoices: item ? correctionChoices(item, application.data as Record<string, unknown>) : [],
        extension: await deps.extensions.forCase(actor, application),
        version: application.version,
        data: application.data,
        correction: application.correction,
        submittedAt: application.submittedAt,
        deadline: nodeDue,
        caseDeadline: await caseDeadline(application, history, nodeDue?.deemedAccepted ?? false),
        workflow: { name: variant.name, label: variant.label },
        state:
          state.status === 'open'
            ? { status: 'open' as const, node: state.node.key, nodeLabel: state.node.label, enteredAt: state.enteredAt }
            : { status: 'ended' as const, end: state.end.key, endLabel: state.end.label },
        holding,
        suspension: suspension.shown,
        // 常用意见 of the role working this node, for whoever holds that role.
        opinionTemplates:
          state.status === 'open' && !heldByOther && roles.some((r) => r === workingRole(state.node)) ? await templatesForRole(db, workingRole(state.node)) : [],
        // 制证: the issuer may look at the certificate before 制证完成.
        issuePreview: state.status === 'open' && state.node.kind === 'issue' && !heldByOther && roles.some((r) => allowedRoles(state.node, state.node.actions[0]!).includes(r)),
        // Nothing is done while someone else holds the case or it stands suspended (the page says why).
        actions:
          state.status === 'open' && !heldByOther && !suspension.shown.current
            ? availableActions(variant, state, roles)
                .filter((a) => !a.batch)
                .filter((a) => !a.afterNodeDeadline || nodeDue?.overdue)
                .map((a) => ({
                  key: a.key,
                  label: a.label,
                  opinion: a.opinion,
                  negative: Boolean(a.negative),
                  requestsCorrection: Boolean(a.requestsCorrection),
                  expectedPeriod: Boolean(a.expectedPeriod),
                }))
            : [],
        documents: await deps.documents.list(id),
        attachments: files.current,
        attachmentVersions: files.earlier,
        resubmission: item ? await resubmissionOf(db, id, item, events, files) : null,
        history: [
          ...events.map((e) => {
            const items = (e.details as { correctionItems?: string[] }).correctionItems;
            return {
              node: e.node,
              nodeLabel: e.node === 'submit' ? '提交' : (findNode(variant, e.node)?.label ?? e.node),
              action: e.action,
              actionLabel: e.node === 'submit' ? '提交申请' : (findAction(findNode(variant, e.node), e.action)?.label ?? e.action),
              actorRole: e.actorRole,
              // A step no person took (a period that ran out) is the system's; never a raw role key.
              actor: e.displayName ?? (e.actorRole && e.actorRole !== 'system' ? null : '系统自动办理'),
              opinion: e.opinion,
              correctionItems: items && item ? correctionLabels(item, items) : (items ?? null),
              expectedDays: (e.details as { expectedDays?: number }).expectedDays ?? null,
              remark: (e.details as { remark?: string }).remark ?? null,
              at: e.at,
            };
          }),
          ...(await statementEntries(id)),
          ...(await holders.historyEntries(application)),
          ...suspensions.historyEntries(application, suspension.all),
        ].sort((a, b) => a.at.getTime() - b.at.getTime()),
      };
    },

    /** A workflow action by a staff member; exactly one of two concurrent actions applies. */
    async act(actor: Actor, id: string, body: CaseActionInput) {
      const staff = caseRolesOrThrow(actor);
      const { roles } = staff;
      await db.transaction().execute(async (tx) => {
        const application = await submittedCase(id, tx, true);
        await holders.checkMayAct(tx, staff, application);
        suspensions.checkRunning(application);
        const node = application.node ? findNode(getVariant(application.workflow!), application.node) : undefined;
        const batch = node?.actions.find((a) => a.key === body.action)?.batch;
        if (batch) throw appError('CASE_ACTION_BATCH_ONLY', { node: node!.label, kind: batch });
        await applyTransition(tx, { audit, effects: deps.effects }, application, {
          action: body.action,
          version: body.version,
          opinion: body.opinion,
          remark: body.remark,
          correctionItems: body.correctionItems,
          expectedDays: body.expectedDays,
          actor,
          roles,
          now: clock.now(),
        });
      });
      await deps.documents.materializePending(id);
      return this.getCase(actor, id);
    },

    /**
     * 批量制证完成: the certificates of the cases chosen in 待制证, each case in its own transaction
     * — done entirely or left untouched — with a result per case in the order asked. A case
     * elsewhere, held by a colleague, suspended or unknown is refused with the reason; the rest go on.
     */
    async batchIssue(actor: Actor, ids: readonly string[]) {
      const staff = requireRole(actor, ['issuer']);
      const results: { id: string; number: string | null; ok: boolean; code: string | null; message: string | null }[] = [];
      for (const id of ids) {
        let number: string | null = null;
        try {
          await db.transaction().execute(async (tx) => {
            if (!isUuid(id)) throw appError('CASE_NOT_FOUND');
            const application = await submittedCase(id, tx, true);
            number = application.number;
            const node = issueNodeOrThrow(application);
            await holders.checkMayAct(tx, staff, application);
            suspensions.checkRunning(application);
            await applyTransition(tx, { audit, effects: deps.effects }, application, {
              action: node.actions[0]!.key,
              version: application.version,
              actor,
              roles: staff.roles,
              now: clock.now(),
            });
          });
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          results.push({ id, number, ok: false, code: error.code, message: error.message });
          continue;
        }
        await deps.documents.materializePending(id);
        results.push({ id, number, ok: true, code: null, message: null });
      }
      return { results };
    },

    /** 认领: this staff member alone works the case at its node from now on. */
    async claim(actor: Actor, id: string, node?: string) {
      await holders.claim(actor, caseRolesOrThrow(actor), id, node);
      return this.getCase(actor, id);
    },

    /** 释放: the case goes back to its queue (its holder, or the 负责人). */
    async release(actor: Actor, id: string) {
      await holders.release(actor, caseRolesOrThrow(actor), id);
      return this.getCase(actor, id);
    },

    /** 转办: the holder hands the case to a colleague with the node's role. */
    async transfer(actor: Actor, id: string, input: HandOver) {
      await holders.transfer(actor, caseRolesOrThrow(actor), id, input);
      return this.getCase(actor, id);
    },

    /** 指派: the 负责人 gives the case to a staff member with the node's role. */
    async assign(actor: Actor, id: string, input: HandOver) {
      await holders.assign(actor, caseRolesOrThrow(actor), id, input);
      return this.getCase(actor, id);
    },

    /** 中止审查, with the reason the applicant is told. */
    async suspend(actor: Actor, id: string, input: CaseSuspendInput) {
      await suspensions.suspend(actor, caseRolesOrThrow(actor), id, input);
      return this.getCase(actor, id);
    },

    /** 恢复审查. */
    async resume(actor: Actor, id: string, input: CaseResumeInput) {
      await suspensions.resume(actor, caseRolesOrThrow(actor), id, input);
      return this.getCase(actor, id);
    },

    /**
     * 制证 preview: the certificate exactly as 制证完成 would issue it now — the real step runs in a
     * transaction that is then rolled back (no number, register change or message is kept), and
     * the document it issued is rendered as a 样张.
     */
    async previewIssue(actor: Actor, id: string): Promise<Buffer> {
      const staff = caseRolesOrThrow(actor);
      let previews: Awaited<ReturnType<typeof deps.documents.previewsIssued>> | undefined;
      try {
        await db.transaction().execute(async (tx) => {
          const application = await submittedCase(id, tx, true);
          const node = issueNodeOrThrow(application);
          await holders.checkMayAct(tx, staff, application);
          const now = clock.now();
          const action = node.actions[0]!.key;
          await applyTransition(tx, { audit, effects: deps.effects }, application, { action, version: application.version, actor, roles: staff.roles, now });
          throw new RolledBack(await deps.documents.previewsIssued(tx, id, now));
        });
      } catch (e) {
        if (!(e instanceof RolledBack)) throw e;
        previews = e.previews;
      }
      const certificate = previews?.[0];
      if (!certificate) throw appError('DOCUMENT_NOT_FOUND');
      return deps.documents.renderPreview(certificate);
    },

    /** 统计: the 负责人's figures of a period (see statistics.ts). */
    statistics(actor: Actor, query: StatisticsQuery) {
      requireRole(actor, ['head']);
      return statistics.report(query);
    },

    /** Staff download any issued document of a case (audited like attachments). */
    async openDocument(actor: Actor, id: string, documentId: string) {
      const { account } = caseRolesOrThrow(actor);
      await submittedCase(id);
      if (!isUuid(documentId)) throw appError('DOCUMENT_NOT_FOUND');
      const opened = await deps.documents.open(id, documentId);
      await audit.record({ action: 'document.staff-download', actorAccountId: account.id, objectType: 'application', objectId: id, actor, details: { documentId, number: opened.row.number } });
      return opened;
    },

    /**
     * 打印受理通知书: the 受理通知书 of the cases chosen, in the order chosen, as one PDF to print
     * (audited). Refused, naming them, when one of the cases has none: the clerk prints a whole set.
     */
    async printAcceptanceNotices(actor: Actor, rawIds: string): Promise<Buffer> {
      const { account } = caseRolesOrThrow(actor);
      const ids = [...new Set(rawIds.split(',').map((id) => id.trim()).filter(Boolean))];
      if (ids.length === 0 || ids.length > BATCH_ISSUE_MAX) throw appError('REQUEST_INVALID', { problem: `请选择1至${BATCH_ISSUE_MAX}件案件` });
      const chosen: { id: string; documentId: string }[] = [];
      const missing: string[] = [];
      for (const id of ids) {
        if (!isUuid(id)) throw appError('CASE_NOT_FOUND');
        const application = await submittedCase(id);
        const notice = (await deps.documents.list(id)).find((d) => d.kind === 'acceptance' && d.status === 'valid');
        if (notice) chosen.push({ id, documentId: notice.id });
        else missing.push(application.number ?? id);
      }
      if (missing.length > 0) throw appError('ACCEPTANCE_NOTICE_MISSING', { numbers: missing.join('、') });
      const { PDFDocument } = await import('pdf-lib');
      const merged = await PDFDocument.create();
      for (const { id, documentId } of chosen) {
        const { stream } = await deps.documents.open(id, documentId);
        const notice = await PDFDocument.load(Buffer.concat(await stream.toArray()));
        for (const page of await merged.copyPages(notice, notice.getPageIndices())) merged.addPage(page);
      }
      await audit.record({ action: 'document.staff-print', actorAccountId: account.id, objectType: 'application', actor, details: { kind: 'acceptance', ids } });
      return Buffer.from(await merged.save());
    },

    /** Staff read any submitted case's attachments (audited: access to applicants' files). */
    async openAttachment(actor: Actor, id: string, slot: string) {
      const { account } = caseRolesOrThrow(actor);
      await submittedCase(id);
      const row = await findAttachment(db, id, slot);
      if (!row) throw appError('ATTACHMENT_NOT_FOUND');
      await audit.record({ action: 'attachment.staff-view', actorAccountId: account.id, objectType: 'application', objectId: id, actor, details: { slot } });
      return { row, stream: await blobs.get(row.blobKey) };
    },

    /** Any version of a case's files, current or replaced (audited like the current ones). */
    async openAttachmentVersion(actor: Actor, id: string, versionId: string) {
      const { account } = caseRolesOrThrow(actor);
      await submittedCase(id);
      const row = isUuid(versionId) ? await findAttachmentById(db, id, versionId) : undefined;
      if (!row) throw appError('ATTACHMENT_NOT_FOUND');
      await audit.record({ action: 'attachment.staff-view', actorAccountId: account.id, objectType: 'application', objectId: id, actor, details: { slot: row.slot, versionId } });
      return { row, stream: await blobs.get(row.blobKey) };
    },
  };
}

export type ReviewService = ReturnType<typeof createReviewService>;
