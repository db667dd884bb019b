import type { Kysely } from 'kysely';
import {
  allowedRoles,
  applyAction,
  caseState,
  findNode,
  getVariant,
  holderKeptAcross,
  type ActorRole,
  type CaseEventInput,
  type CaseState,
  type Refusal,
} from '../../domain/workflow/index.ts';
import type { Actor } from '../actor.ts';
import type { Audit } from '../audit/audit.service.ts';
import type { CaseEffects } from './case-effects.ts';
import type { Application, DB } from '../db/schema.ts';
import { appError, type AppError } from '../errors.ts';
import { insertCaseEvent, listWorkflowEvents, updateCasePosition } from './cases.repository.ts';

/** The engine's history of a case: every event after the submission itself. */
export async function caseHistory(db: Kysely<DB>, applicationId: string): Promise<CaseEventInput[]> {
  return (await caseHistories(db, [applicationId])).get(applicationId) ?? [];
}

/** The histories of several cases in one query (办事进度 lists every open case with its deadline). */
export async function caseHistories(db: Kysely<DB>, applicationIds: readonly string[]): Promise<Map<string, CaseEventInput[]>> {
  const out = new Map<string, CaseEventInput[]>();
  if (applicationIds.length === 0) return out;
  const rows = await listWorkflowEvents(db, applicationIds);
  for (const r of rows) {
    const items = (r.details as { correctionItems?: string[] }).correctionItems;
    const list = out.get(r.applicationId) ?? [];
    list.push({
      node: r.node,
      action: r.action,
      actorRole: (r.actorRole ?? 'system') as ActorRole,
      at: r.at.toISOString(),
      ...(r.opinion ? { opinion: r.opinion } : {}),
      ...(items ? { correctionItems: items } : {}),
    });
    out.set(r.applicationId, list);
  }
  return out;
}

export function stateOf(application: Application, history: readonly CaseEventInput[]): CaseState {
  return caseState(getVariant(application.workflow!), history, application.submittedAt!.toISOString());
}

/** The engine's refusal as the API's error, with the engine's facts as its parameters. */
function refusalError(refusal: Refusal): AppError {
  switch (refusal.code) {
    case 'CASE_ENDED':
      return appError('CASE_ENDED', refusal.params);
    case 'WRONG_NODE':
      return appError('CASE_NOT_IN_STAGE', refusal.params);
    case 'UNKNOWN_ACTION':
      return appError('ACTION_NOT_AVAILABLE', refusal.params);
    case 'WRONG_ROLE':
      return appError('ACTION_ROLE_REQUIRED', refusal.params);
    case 'OPINION_REQUIRED':
      return appError('OPINION_REQUIRED', refusal.params);
    case 'CORRECTION_ITEMS_REQUIRED':
      return appError('CORRECTION_ITEMS_REQUIRED', refusal.params);
  }
}

export interface TransitionRequest {
  action: string;
  version: number;
  opinion?: string;
  correctionItems?: readonly string[];
  /** Staff-only note (内部备注): kept in the history, never shown to the applicant. */
  remark?: string;
  /** A 特别程序 (专家评审): its expected length in working days, told to the applicant (Art.45). */
  expectedDays?: number;
  /** Publishing a 公示: its last day, for the applicant's 告知书. */
  periodEndsOn?: string;
  /** Who acts: its account goes on the event and the audit row (none: the system itself, the period-closing job). */
  actor: Actor;
  /** The roles the engine checks the action against. */
  roles: readonly ActorRole[];
  now: Date;
}

/**
 * One workflow step, inside the caller's transaction on a row it has locked: the engine decides,
 * then the case event, the application's new position and the audit row are written together.
 * A stale `version` (another staff member acted first) is refused before anything is written.
 */
export interface TransitionDeps {
  audit: Audit;
  effects: CaseEffects;
}

export async function applyTransition(tx: Kysely<DB>, deps: TransitionDeps, application: Application, req: TransitionRequest) {
  const { audit } = deps;
  const actorAccountId = req.actor.account?.id ?? null;
  if (application.version !== req.version) {
    throw appError('CASE_VERSION_CONFLICT', { version: application.version });
  }
  const variant = getVariant(application.workflow!);
  const history = await caseHistory(tx, application.id);
  const at = req.now.toISOString();
  const result = applyAction(variant, history, application.submittedAt!.toISOString(), {
    action: req.action,
    actorRoles: req.roles,
    node: application.node ?? undefined,
    opinion: req.opinion,
    correctionItems: req.correctionItems,
    at,
  });
  if (!result.ok) throw refusalError(result);

  const node = findNode(variant, result.event.node)!;
  const action = node.actions.find((a) => a.key === result.event.action)!;
  await deps.effects.beforeTransition(tx, { application, node, action, correctionItems: result.event.correctionItems, opinion: result.event.opinion, expectedDays: req.expectedDays, now: req.now });
  const actorRole = allowedRoles(node, action).find((r) => req.roles.includes(r)) ?? null;
  const remark = req.remark?.trim();
  const caseEventId = await insertCaseEvent(tx, {
    applicationId: application.id,
    node: result.event.node,
    action: result.event.action,
    actorAccountId,
    actorRole,
    opinion: result.event.opinion ?? null,
    details: {
      ...(result.event.correctionItems ? { correctionItems: result.event.correctionItems } : {}),
      ...(remark ? { remark } : {}),
      ...(action.expectedPeriod ? { expectedDays: req.expectedDays } : {}),
    },
    at: req.now,
  });
  const state = result.state;
  const waitingForApplicant = state.status === 'open' && state.node.kind === 'correction';
  await updateCasePosition(tx, application.id, {
    status: state.status === 'ended' ? 'closed' : waitingForApplicant ? 'correction' : 'submitted',
    isOpen: state.status !== 'ended',
    node: state.status === 'ended' ? null : state.node.key,
    outcome: state.status === 'ended' ? state.end.outcome : null,
    correction: waitingForApplicant
      ? JSON.stringify({ items: result.event.correctionItems ?? [], message: result.event.opinion ?? '', requestedAt: at })
      : null,
    keepHolder: holderKeptAcross(node, state),
    now: req.now,
  });
  await audit.record(
    {
      action: `case.${result.event.action}`,
      actorAccountId,
      ...(actorAccountId ? {} : { actorLabel: 'system' }),
      objectType: 'application',
      objectId: application.id,
      actor: req.actor,
      details: { node: result.event.node, role: actorRole, to: state.status === 'ended' ? state.end.key : state.node.key },
    },
    tx,
  );
  await deps.effects.afterTransition(tx, {
    application,
    caseEventId,
    node,
    action: result.event.action,
    opinion: result.event.opinion,
    correctionItems: result.event.correctionItems,
    actorAccountId,
    state,
    now: req.now,
    expectedDays: action.expectedPeriod ? req.expectedDays : undefined,
    periodEndsOn: req.periodEndsOn,
  });
  return state;
}
