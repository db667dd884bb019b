/**
 * 认领 / 释放 / 转办 / 指派: who alone works a case at its node. A staff member with the node's
 * role claims a free case; only they act on it until they release it or hand it to a colleague
 * with the same role (转办, with a reason); the 负责人 assigns (指派) or releases any case. The
 * holder moves with the case while the same role works the next node and is cleared past it
 * (case-transition.ts). Each change is audited and kept for the 办理记录 in the same transaction.
 */
import type { Kysely } from 'kysely';
import { shanghaiMinute } from '../../domain/calendar/index.ts';
import { isStaffRole, type StaffRole } from '../../domain/roles.ts';
import { findNode, getVariant, workingRole, type NodeDefinition } from '../../domain/workflow/index.ts';
import type { Actor } from '../actor.ts';
import type { Audit } from '../audit/audit.service.ts';
import type { Staff } from '../auth/staff-roles.ts';
import type { Clock } from '../clock.ts';
import type { Application, CaseAssignmentKind, DB } from '../db/schema.ts';
import { isUuid } from '../db/sql-helpers.ts';
import { appError } from '../errors.ts';
import { accountNames, claimIfFree, insertAssignment, listAssignmentsWithNames, listStaffWithRole, setHolder } from './case-holders.repository.ts';
import { requireSubmittedCase } from './cases.reads.ts';

/** The audit log's action for each change of holder. */
const AUDITED: Record<CaseAssignmentKind, { action: string }> = { claim: { action: 'case.claim' }, release: { action: 'case.release' }, assign: { action: 'case.assign' }, transfer: { action: 'case.transfer' } };

export interface HandOver {
  /** The account the case goes to. */
  to: string;
  reason?: string;
  /** The node the page showed; a case that moved on is refused. */
  node?: string;
}

export function createCaseHolders(deps: { db: Kysely<DB>; audit: Audit; clock: Clock }) {
  const { db, audit, clock } = deps;

  /** The staff role that works the case's node now; refuses ended cases, stale pages and applicant nodes. */
  function nodeOf(application: Application, seen?: string): { node: NodeDefinition; role: StaffRole } {
    const variant = getVariant(application.workflow!);
    const node = application.node ? findNode(variant, application.node) : undefined;
    if (!application.isOpen || !node) throw appError('CASE_ENDED', { end: '已办结' });
    if (seen !== undefined && seen !== node.key) {
      throw appError('CASE_NOT_IN_STAGE', { seen: findNode(variant, seen)?.label ?? seen, current: node.label });
    }
    const role = workingRole(node);
    if (!isStaffRole(role)) throw appError('CASE_NOT_CLAIMABLE', { node: node.label });
    return { node, role };
  }

  async function heldByOther(executor: Kysely<DB>, application: Application) {
    const names = await accountNames(executor, [application.holderAccountId!]);
    return appError('CASE_HELD_BY_OTHER', { holder: names.get(application.holderAccountId!) ?? '其他工作人员', since: shanghaiMinute(application.heldSince!) });
  }

  async function record(
    tx: Kysely<DB>,
    actor: Actor,
    staff: Staff,
    application: Application,
    node: NodeDefinition,
    change: { kind: CaseAssignmentKind; from: string | null; to: string | null; reason?: string | null },
    now: Date,
  ) {
    const reason = change.reason?.trim() || null;
    await insertAssignment(tx, { applicationId: application.id, node: node.key, kind: change.kind, fromAccountId: change.from, toAccountId: change.to, byAccountId: staff.account.id, reason, at: now });
    await audit.record(
      {
        action: AUDITED[change.kind].action,
        actorAccountId: staff.account.id,
        objectType: 'application',
        objectId: application.id,
        actor,
        details: { node: node.key, ...(change.from ? { from: change.from } : {}), ...(change.to ? { to: change.to } : {}), ...(reason ? { reason } : {}) },
      },
      tx,
    );
  }

  /** The account must be on duty with the node's role, and not the one handing over. */
  async function checkAssignee(tx: Kysely<DB>, role: StaffRole, to: string) {
    const eligible = isUuid(to) && (await listStaffWithRole(tx, role)).some((s) => s.id === to);
    if (!eligible) throw appError('ASSIGNEE_INVALID', { role });
  }

  return {
    /** 认领: the case becomes this staff member's; claiming one's own case again changes nothing. */
    async claim(actor: Actor, staff: Staff, id: string, seen?: string) {
      await db.transaction().execute(async (tx) => {
        const application = await requireSubmittedCase(tx, id, { forUpdate: true });
        const { node, role } = nodeOf(application, seen);
        if (!staff.roles.includes(role)) throw appError('ROLE_REQUIRED', { roles: [role] });
        if (application.holderAccountId === staff.account.id) return;
        if (application.holderAccountId) throw await heldByOther(tx, application);
        const now = clock.now();
        if (!(await claimIfFree(tx, id, node.key, staff.account.id, now))) throw await heldByOther(tx, (await requireSubmittedCase(tx, id, { forUpdate: true })));
        await record(tx, actor, staff, application, node, { kind: 'claim', from: null, to: staff.account.id }, now);
      });
    },

    /** 释放: back to the queue, by its holder or the 负责人. */
    async release(actor: Actor, staff: Staff, id: string) {
      await db.transaction().execute(async (tx) => {
        const application = await requireSubmittedCase(tx, id, { forUpdate: true });
        const { node } = nodeOf(application);
        const mine = application.holderAccountId === staff.account.id;
        if (!application.holderAccountId || (!mine && !staff.roles.includes('head'))) throw appError('CASE_NOT_HELD_BY_YOU');
        const now = clock.now();
        await setHolder(tx, id, null, now);
        await record(tx, actor, staff, application, node, { kind: 'release', from: application.holderAccountId, to: null }, now);
      });
    },

    /** 转办: the holder hands the case to a colleague with the node's role, saying why. */
    async transfer(actor: Actor, staff: Staff, id: string, input: HandOver) {
      await db.transaction().execute(async (tx) => {
        const application = await requireSubmittedCase(tx, id, { forUpdate: true });
        const { node, role } = nodeOf(application, input.node);
        if (application.holderAccountId !== staff.account.id) {
          throw application.holderAccountId ? await heldByOther(tx, application) : appError('CASE_NOT_HELD_BY_YOU');
        }
        if (!input.reason?.trim()) throw appError('TRANSFER_REASON_REQUIRED');
        if (input.to === staff.account.id) throw appError('ASSIGNEE_IS_SELF');
        await checkAssignee(tx, role, input.to);
        const now = clock.now();
        await setHolder(tx, id, input.to, now);
        await record(tx, actor, staff, application, node, { kind: 'transfer', from: staff.account.id, to: input.to, reason: input.reason }, now);
      });
    },

    /** 指派 (负责人): gives the case to a staff member with the node's role, whoever holds it now. */
    async assign(actor: Actor, staff: Staff, id: string, input: HandOver) {
      if (!staff.roles.includes('head')) throw appError('ROLE_REQUIRED', { roles: ['head'] });
      await db.transaction().execute(async (tx) => {
        const application = await requireSubmittedCase(tx, id, { forUpdate: true });
        const { node, role } = nodeOf(application, input.node);
        await checkAssignee(tx, role, input.to);
        if (application.holderAccountId === input.to) return;
        const now = clock.now();
        await setHolder(tx, id, input.to, now);
        await record(tx, actor, staff, application, node, { kind: 'assign', from: application.holderAccountId, to: input.to, reason: input.reason }, now);
      });
    },

    /** A workflow step is refused while someone else holds the case. */
    async checkMayAct(executor: Kysely<DB>, staff: Staff, application: Application) {
      if (application.holderAccountId && application.holderAccountId !== staff.account.id) throw await heldByOther(executor, application);
    },

    /** Who holds the case and what this staff member may do about it, for the case page. */
    async view(staff: Staff, application: Application) {
      const holderId = application.holderAccountId;
      const names = await accountNames(db, holderId ? [holderId] : []);
      const holder = holderId ? { id: holderId, name: names.get(holderId) ?? '', since: application.heldSince!, mine: holderId === staff.account.id } : null;
      const variant = application.workflow ? getVariant(application.workflow) : undefined;
      const node = application.isOpen && application.node && variant ? findNode(variant, application.node) : undefined;
      const role = node ? workingRole(node) : undefined;
      const staffNode = node && role && isStaffRole(role) ? { role } : undefined;
      const isHead = staff.roles.includes('head');
      const canClaim = Boolean(staffNode && !holderId && staff.roles.includes(staffNode.role));
      const canRelease = Boolean(staffNode && holderId && (holder!.mine || isHead));
      const canTransfer = Boolean(staffNode && holder?.mine);
      const canAssign = Boolean(staffNode && isHead);
      const assignees =
        staffNode && (canTransfer || canAssign) ? (await listStaffWithRole(db, staffNode.role)).map((s) => ({ id: s.id, name: s.displayName })) : [];
      return { holder, canClaim, canRelease, canTransfer, canAssign, assignees };
    },

    /** Names of the holders of a page of cases. */
    holderNames(ids: readonly string[]) {
      return accountNames(db, [...new Set(ids)]);
    },

    /** Each change of holder as an entry of the 办理记录. */
    async historyEntries(application: Application) {
      const variant = getVariant(application.workflow!);
      return (await listAssignmentsWithNames(db, application.id)).map((a) => ({
        node: a.node,
        nodeLabel: findNode(variant, a.node)?.label ?? a.node,
        action: a.kind,
        actionLabel:
          a.kind === 'claim'
            ? '认领'
            : a.kind === 'release'
              ? a.fromName && a.fromName !== a.byName ? `释放（原经办人：${a.fromName}）` : '释放'
              : a.kind === 'transfer'
                ? `转办给${a.toName ?? ''}`
                : `指派给${a.toName ?? ''}${a.fromName ? `（原经办人：${a.fromName}）` : ''}`,
        actorRole: null,
        actor: a.byName,
        opinion: null,
        correctionItems: null,
        expectedDays: null,
        remark: a.reason,
        at: a.at,
      }));
    },
  };
}

export type CaseHolders = ReturnType<typeof createCaseHolders>;
