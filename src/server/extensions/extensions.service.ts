/**
 * Art.42 延期: a 审查 or 复核 handler asks for 10 more working days with a reason; the 负责人
 * approves or refuses. An approval, once per case and only while the statutory period runs,
 * moves the case's due date and issues the 延期审批告知书 to the applicant, in one transaction.
 */
import { chineseDate, shanghaiMinute } from '../../domain/calendar/index.ts';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { findItem } from '../../domain/items/index.ts';
import { EXTENSION_DAYS, EXTENSION_REASON_MIN, findNode, getVariant } from '../../domain/workflow/index.ts';
import type { StaffRole } from '../../domain/roles.ts';
import type { Actor } from '../actor.ts';
import type { Audit } from '../audit/audit.service.ts';
import { caseRolesOrThrow, requireRole } from '../auth/staff-roles.ts';
import type { CalendarService } from '../calendar/calendar.service.ts';
import { createCaseDeadlines } from '../cases/case-deadlines.ts';
import type { CaseEffects } from '../cases/case-effects.ts';
import { caseHistory } from '../cases/case-transition.ts';
import type { Clock } from '../clock.ts';
import type { Application, DB } from '../db/schema.ts';
import { isUuid } from '../db/sql-helpers.ts';
import type { DocumentsService } from '../documents/documents.service.ts';
import { appError, type AppError } from '../errors.ts';
import {
  countPendingExtensions,
  decideExtension,
  extensionQueue,
  extensionsOfCase,
  insertExtension,
  lockApplication,
  lockExtension,
  setExtensionDays,
} from './extensions.repository.ts';

/** The node kinds whose handler may ask (Art.42: the review itself needs the time). */
const ASKING_KINDS = new Set(['review', 'recheck']);
const HEADS: readonly StaffRole[] = ['head'];

export function createExtensionsService(deps: { db: Kysely<DB>; audit: Audit; clock: Clock; calendar: CalendarService; effects: CaseEffects; documents: DocumentsService }) {
  const { db, audit, clock } = deps;
  const deadlines = createCaseDeadlines({ db, calendar: deps.calendar, clock });

  async function statutoryDeadline(tx: Kysely<DB>, application: Application) {
    const history = await caseHistory(tx, application.id);
    const nodeDue = await deadlines.nodeDeadline(application, tx);
    return deadlines.caseDeadline(application, history, nodeDue?.deemedAccepted ?? false, { executor: tx });
  }

  /** Why this case cannot be extended now, or undefined. */
  function refusalFor(application: Application, roles: readonly StaffRole[]): AppError | undefined {
    if (!application.isOpen || !application.node) return appError('EXTENSION_CASE_ENDED');
    // 中止审查: the clock stands already; ask once the case runs again.
    if (application.suspendedAt) return appError('CASE_SUSPENDED', { since: shanghaiMinute(application.suspendedAt) });
    const variant = getVariant(application.workflow!);
    // Art.42 governs 行政许可; a filing (备案) is acknowledged within its promised time, not extended.
    if (variant.ends.some((e) => e.outcome === 'filed')) return appError('EXTENSION_NOT_FOR_FILING');
    const node = findNode(variant, application.node);
    if (!node || !ASKING_KINDS.has(node.kind)) return appError('EXTENSION_WRONG_STAGE', { node: node?.label ?? application.node });
    if (!roles.includes(node.role as StaffRole)) return appError('EXTENSION_NOT_HANDLER', { node: node.label });
    if (application.extensionDays > 0) return appError('EXTENSION_ALREADY_GRANTED');
    return undefined;
  }

  return {
    /** For the case page: every request of the case, and whether this account may ask now. */
    async forCase(actor: Actor, application: Application) {
      const { roles } = caseRolesOrThrow(actor);
      const rows = await extensionsOfCase(db, application.id);
      const pending = rows.some((r) => r.status === 'pending');
      return {
        requests: rows,
        canRequest: !pending && refusalFor(application, roles) === undefined,
        days: EXTENSION_DAYS,
      };
    },

    async request(actor: Actor, id: string, body: { reason: string }) {
      const { account, roles } = caseRolesOrThrow(actor);
      if (!isUuid(id)) throw appError('CASE_NOT_FOUND');
      const reason = body.reason.trim();
      if (reason.length < EXTENSION_REASON_MIN) throw appError('EXTENSION_REASON_TOO_SHORT');
      const now = clock.now();
      await db.transaction().execute(async (tx) => {
        const application = await lockApplication(tx, id);
        if (!application) throw appError('CASE_NOT_FOUND');
        const refusal = refusalFor(application, roles);
        if (refusal) throw refusal;
        const due = await statutoryDeadline(tx, application);
        if (!due?.due) throw appError('EXTENSION_CLOCK_STOPPED');
        if (due.overdue) throw appError('EXTENSION_TOO_LATE', { due: due.due });
        try {
          await insertExtension(tx, { id: randomUUID(), applicationId: id, node: application.node!, reason, days: EXTENSION_DAYS, requestedBy: account.id, requestedAt: now, dueBefore: due.due });
        } catch (e) {
          if ((e as { code?: string }).code === '23505') throw appError('EXTENSION_PENDING');
          throw e;
        }
        await audit.record({ action: 'case.extension-request', actorAccountId: account.id, objectType: 'application', objectId: id, actor, details: { days: EXTENSION_DAYS, dueBefore: due.due } }, tx);
      });
    },

    /** The 负责人's list: pending requests and the latest decisions. */
    async queue(actor: Actor) {
      requireRole(actor, HEADS);
      const [pending, decided] = await extensionQueue(db, { decidedLimit: 50 });
      const label = (r: { item: string }) => findItem(r.item)?.title ?? r.item;
      return {
        pending: pending.map((r) => ({ ...r, itemTitle: label(r) })),
        decided: decided.map((r) => ({ ...r, itemTitle: label(r) })),
      };
    },

    async pendingCount(actor: Actor) {
      requireRole(actor, HEADS);
      return Number((await countPendingExtensions(db)).n);
    },

    async decide(actor: Actor, extensionId: string, body: { approve: boolean; opinion?: string }) {
      const { account } = requireRole(actor, HEADS);
      if (!isUuid(extensionId)) throw appError('EXTENSION_NOT_FOUND');
      const opinion = body.opinion?.trim() || null;
      if (!body.approve && !opinion) throw appError('EXTENSION_OPINION_REQUIRED');
      const now = clock.now();
      const applicationId = await db.transaction().execute(async (tx) => {
        const ext = await lockExtension(tx, extensionId);
        if (!ext) throw appError('EXTENSION_NOT_FOUND');
        if (ext.status !== 'pending') throw appError(ext.status === 'approved' ? 'EXTENSION_ALREADY_APPROVED' : 'EXTENSION_ALREADY_REFUSED');
        if (ext.requestedBy === account.id) throw appError('EXTENSION_SELF_APPROVAL');
        const application = await lockApplication(tx, ext.applicationId);
        if (!application) throw appError('CASE_NOT_FOUND');
        if (!body.approve) {
          await decideExtension(tx, ext.id, { status: 'refused', decidedBy: account.id, decidedAt: now, decisionOpinion: opinion, dueAfter: null, documentId: null });
          await audit.record({ action: 'case.extension-refuse', actorAccountId: account.id, objectType: 'application', objectId: application.id, actor, details: { extensionId } }, tx);
          return application.id;
        }
        if (!application.isOpen) throw appError('EXTENSION_NOT_NEEDED');
        if (application.extensionDays > 0) throw appError('EXTENSION_ALREADY_GRANTED');
        const before = await statutoryDeadline(tx, application);
        if (!before?.due) throw appError('EXTENSION_APPROVAL_CLOCK_STOPPED');
        if (before.overdue) throw appError('EXTENSION_APPROVAL_TOO_LATE', { due: before.due });
        const extended = { ...application, extensionDays: ext.days };
        const after = await statutoryDeadline(tx, extended);
        await setExtensionDays(tx, application.id, ext.days, now);
        const documentId = await deps.documents.issue(tx, {
          application: extended,
          kind: 'extension',
          caseEventId: null,
          now,
          facts: { opinion: ext.reason, limitDays: ext.days, previousDueDate: before.due, dueDate: after!.due ?? undefined, provisionalYears: after!.unpublishedYears.length ? after!.unpublishedYears : undefined },
        });
        await decideExtension(tx, ext.id, { status: 'approved', decidedBy: account.id, decidedAt: now, decisionOpinion: opinion, dueAfter: after!.due, documentId });
        await deps.effects.message(
          tx,
          application,
          {
            kind: 'extension',
            title: `申报编号${application.number}：办理期限延长${ext.days}个工作日`,
            body: `经本机关负责人批准，您的申请办理期限延长${ext.days}个工作日，预计办结日期由${chineseDate(before.due)}延至${chineseDate(after!.due!)}。延期理由：${ext.reason}。延期审批告知书可在流程跟踪中下载。`,
          },
          now,
        );
        await audit.record(
          { action: 'case.extension-approve', actorAccountId: account.id, objectType: 'application', objectId: application.id, actor, details: { extensionId, dueBefore: before.due, dueAfter: after!.due } },
          tx,
        );
        return application.id;
      });
      await deps.documents.materializePending(applicationId);
      return this.queue(actor);
    },
  };
}

export type ExtensionsService = ReturnType<typeof createExtensionsService>;
