/**
 * 中止审查 / 恢复审查: staff working a case in 审查 or 复核 may suspend it, with a reason the
 * applicant is told (站内消息, and email/SMS through the outbox). While suspended no step is taken
 * and neither the node's period nor the statutory one runs (case-deadlines.ts counts the pause
 * out); 恢复 tells the applicant again. The change, its audit row and the message are written in
 * one transaction on the locked case.
 */
import type { Kysely } from 'kysely';
import { chineseDate, shanghaiDateOf, shanghaiMinute } from '../../domain/calendar/index.ts';
import { findNode, getVariant, isSuspendable, workingRole } from '../../domain/workflow/index.ts';
import type { Actor } from '../actor.ts';
import type { Audit } from '../audit/audit.service.ts';
import type { Staff } from '../auth/staff-roles.ts';
import type { Clock } from '../clock.ts';
import type { Application, DB } from '../db/schema.ts';
import { appError } from '../errors.ts';
import type { CaseEffects } from './case-effects.ts';
import { closeSuspension, listSuspensions, openSuspension } from './case-suspensions.repository.ts';
import { requireSubmittedCase } from './cases.reads.ts';


export function createCaseSuspensions(deps: { db: Kysely<DB>; audit: Audit; clock: Clock; effects: CaseEffects }) {
  const { db, audit, clock } = deps;

  /** May this staff member suspend or resume the case now (the node's role and the hold, or the 负责人)? */
  function mayDecide(staff: Staff, application: Application): boolean {
    const node = application.isOpen && application.node ? findNode(getVariant(application.workflow!), application.node) : undefined;
    if (!node || !isSuspendable(node)) return false;
    if (staff.roles.includes('head')) return true;
    const heldByOther = application.holderAccountId !== null && application.holderAccountId !== staff.account.id;
    return staff.roles.some((r) => r === workingRole(node)) && !heldByOther;
  }

  /** Why this staff member may not suspend or resume the case, as the API's error. */
  function refusal(staff: Staff, application: Application) {
    const variant = getVariant(application.workflow!);
    const node = application.isOpen && application.node ? findNode(variant, application.node) : undefined;
    if (!node) return appError('CASE_ENDED', { end: '已办结' });
    if (!isSuspendable(node)) return appError('CASE_NOT_SUSPENDABLE', { node: node.label });
    const role = workingRole(node);
    if (!staff.roles.some((r) => r === role)) return appError('ACTION_ROLE_REQUIRED', { node: node.label, action: '中止审查', roles: [role] });
    return appError('CASE_NOT_HELD_BY_YOU');
  }

  return {
    /** 中止审查 with a reason for the applicant; one open suspension per case. */
    async suspend(actor: Actor, staff: Staff, id: string, input: { reason: string; node?: string }) {
      const reason = input.reason.trim();
      if (!reason) throw appError('SUSPEND_REASON_REQUIRED');
      await db.transaction().execute(async (tx) => {
        const application = await requireSubmittedCase(tx, id, { forUpdate: true });
        if (application.suspendedAt) throw appError('CASE_SUSPENDED', { since: shanghaiMinute(application.suspendedAt) });
        if (input.node !== undefined && application.node !== input.node) {
          const variant = getVariant(application.workflow!);
          throw appError('CASE_NOT_IN_STAGE', { seen: findNode(variant, input.node)?.label ?? input.node, current: (application.node && findNode(variant, application.node)?.label) || '已办结' });
        }
        if (!mayDecide(staff, application)) throw refusal(staff, application);
        const now = clock.now();
        await openSuspension(tx, { applicationId: id, node: application.node!, reason, suspendedBy: staff.account.id, at: now });
        await audit.record({ action: 'case.suspend', actorAccountId: staff.account.id, objectType: 'application', objectId: id, actor, details: { node: application.node!, reason } }, tx);
        await deps.effects.message(
          tx,
          application,
          {
            kind: 'suspend',
            title: `申报编号${application.number}：中止审查`,
            body: `您的申请自${chineseDate(shanghaiDateOf(now))}起中止审查。理由：${reason}。中止期间不计入审批时限，恢复审查时将另行通知您。`,
          },
          now,
        );
      });
    },

    /** 恢复审查: the clocks run again from today; the applicant is told. */
    async resume(actor: Actor, staff: Staff, id: string, input: { note?: string }) {
      await db.transaction().execute(async (tx) => {
        const application = await requireSubmittedCase(tx, id, { forUpdate: true });
        if (!application.suspendedAt) throw appError('CASE_NOT_SUSPENDED');
        if (!mayDecide(staff, application)) throw refusal(staff, application);
        const now = clock.now();
        const note = input.note?.trim() || null;
        await closeSuspension(tx, { applicationId: id, resumedBy: staff.account.id, note, at: now });
        await audit.record({ action: 'case.resume', actorAccountId: staff.account.id, objectType: 'application', objectId: id, actor, details: { node: application.node!, since: application.suspendedAt.toISOString() } }, tx);
        const from = chineseDate(shanghaiDateOf(application.suspendedAt));
        const to = chineseDate(shanghaiDateOf(now));
        await deps.effects.message(
          tx,
          application,
          {
            kind: 'resume',
            title: `申报编号${application.number}：恢复审查`,
            body: `您的申请已于${to}恢复审查，中止期间（${from}至${to}）不计入审批时限。${note ? `说明：${note}。` : ''}`,
          },
          now,
        );
      });
    },

    /** A workflow step is refused while the case stands suspended. */
    checkRunning(application: Application) {
      if (application.suspendedAt) throw appError('CASE_SUSPENDED', { since: shanghaiMinute(application.suspendedAt) });
    },

    /** The case's suspensions (every one, for the deadlines) and what the page shows of them. */
    async view(staff: Staff, application: Application) {
      const all = await listSuspensions(db, [application.id]);
      const open = all.find((s) => !s.resumedAt);
      const may = mayDecide(staff, application);
      return {
        all,
        shown: {
          current: open ? { since: open.suspendedAt, reason: open.reason, by: open.suspendedByName } : null,
          canSuspend: may && !open,
          canResume: may && Boolean(open),
        },
      };
    },

    /** Suspensions of several cases (a page of a queue), by case. */
    async ofCases(ids: readonly string[]) {
      const out = new Map<string, { suspendedAt: Date; resumedAt: Date | null }[]>();
      for (const s of await listSuspensions(db, ids)) out.set(s.applicationId, [...(out.get(s.applicationId) ?? []), s]);
      return out;
    },

    /** 中止审查 and 恢复审查 as entries of the 办理记录. */
    historyEntries(application: Application, all: Awaited<ReturnType<typeof listSuspensions>>) {
      const variant = getVariant(application.workflow!);
      const blank = { actorRole: null, correctionItems: null, expectedDays: null, remark: null };
      return all.flatMap((s) => {
        const nodeLabel = findNode(variant, s.node)?.label ?? s.node;
        return [
          { node: s.node, nodeLabel, action: 'suspend', actionLabel: '中止审查', actor: s.suspendedByName, opinion: s.reason, ...blank, at: s.suspendedAt },
          ...(s.resumedAt ? [{ node: s.node, nodeLabel, action: 'resume', actionLabel: '恢复审查', actor: s.resumedByName, opinion: s.resumeNote, ...blank, at: s.resumedAt }] : []),
        ];
      });
    },
  };
}

export type CaseSuspensions = ReturnType<typeof createCaseSuspensions>;
