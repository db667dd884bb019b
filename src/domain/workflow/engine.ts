/**
 * The workflow engine: pure functions over a variant and a case's history. No clock, no I/O —
 * the caller passes timestamps and stores the returned event.
 */
import { STAFF_ROLES } from '../roles.ts';
import type {
  ActionDefinition,
  ActionRequest,
  ActorRole,
  CaseEventInput,
  CasePath,
  CaseState,
  EndDefinition,
  EngineResult,
  FlowChart,
  NodeDefinition,
  PathStep,
  Refusal,
  RefusalCode,
  RefusalParams,
  WorkflowVariant,
} from './types.ts';
import { VARIANTS, findEnd, findNode, isEndKey } from './variants.ts';

/** Chinese names of every actor role, for messages and history. */
export const ACTOR_ROLE_LABELS: Readonly<Record<ActorRole, string>> = { ...STAFF_ROLES, applicant: '申请人', system: '系统' };

/** The engine's refusals in Chinese, from their facts; the API's error table uses the same templates. */
export const REFUSAL_MESSAGES: { readonly [C in RefusalCode]: (p: RefusalParams[C]) => string } = {
  CASE_ENDED: (p) => `该申报已结束（${p.end}），不能再办理。`,
  WRONG_NODE: (p) => `该申报已不在「${p.seen}」环节，当前环节为「${p.current}」，请刷新后重试。`,
  UNKNOWN_ACTION: (p) => `「${p.node}」环节不能办理该操作（${p.action}）。`,
  WRONG_ROLE: (p) => `「${p.node}」环节的「${p.action}」须由${p.roles.map((r) => ACTOR_ROLE_LABELS[r]).join('或')}办理。`,
  OPINION_REQUIRED: (p) => `请填写意见：「${p.action}」须填写意见。`,
  CORRECTION_ITEMS_REQUIRED: () => '请列出需要补正的内容。',
};

/** Thrown when a stored history does not replay on its variant (corrupted or edited data). */
export class InconsistentHistoryError extends Error {
  override readonly name = 'InconsistentHistoryError';
  constructor(
    readonly index: number,
    readonly code: RefusalCode,
    message: string,
  ) {
    super(`history[${index}]: ${code}: ${message}`);
  }
}

/** Roles allowed to take an action at a node: the action's own list, else the node's role. */
export function allowedRoles(node: NodeDefinition, action: ActionDefinition): readonly ActorRole[] {
  return action.roles ?? [node.role];
}

/** The state a transition leads to; throws for a target the variant does not define. */
function stateAt(variant: WorkflowVariant, to: string, at: string): CaseState {
  if (isEndKey(to)) {
    const end = findEnd(variant, to);
    if (!end) throw new Error(`${variant.name}: unknown end ${to}`);
    return { status: 'ended', end, endedAt: at };
  }
  const node = findNode(variant, to);
  if (!node) throw new Error(`${variant.name}: unknown node ${to}`);
  return { status: 'open', node, enteredAt: at };
}

type Step = { ok: true; event: CaseEventInput; action: ActionDefinition; state: CaseState } | Refusal;

const refuse = <C extends RefusalCode>(code: C, params: RefusalParams[C]): Refusal =>
  ({ ok: false, code, params, message: REFUSAL_MESSAGES[code](params) }) as Refusal;

/**
 * The action of that key at a node, a retired one included (history, labels); undefined when the
 * node never had it.
 */
export function findAction(node: NodeDefinition | undefined, key: string): ActionDefinition | undefined {
  return node?.actions.find((a) => a.key === key) ?? node?.retiredActions?.find((a) => a.key === key);
}

/**
 * Checks one request against the current state; the single rule set for live actions and replay
 * (which alone accepts a retired action: what was done stays readable).
 */
function step(variant: WorkflowVariant, state: CaseState, request: ActionRequest, replay = false): Step {
  if (state.status === 'ended') return refuse('CASE_ENDED', { end: state.end.label });
  const { node } = state;
  if (request.node !== undefined && request.node !== node.key) {
    return refuse('WRONG_NODE', { seen: findNode(variant, request.node)?.label ?? request.node, current: node.label });
  }
  const action = replay ? findAction(node, request.action) : node.actions.find((a) => a.key === request.action);
  if (!action) return refuse('UNKNOWN_ACTION', { node: node.label, action: request.action });
  const allowed = allowedRoles(node, action);
  const actorRole = allowed.find((r) => request.actorRoles.includes(r));
  if (!actorRole) return refuse('WRONG_ROLE', { node: node.label, action: action.label, roles: allowed });
  const opinion = action.opinion === 'none' ? '' : (request.opinion ?? '').trim();
  if (action.opinion === 'required' && !opinion) return refuse('OPINION_REQUIRED', { action: action.label });
  const items = action.requestsCorrection ? [...new Set((request.correctionItems ?? []).map((i) => i.trim()).filter(Boolean))] : [];
  if (action.requestsCorrection && items.length === 0) return refuse('CORRECTION_ITEMS_REQUIRED', {});

  const event: CaseEventInput = { node: node.key, action: action.key, actorRole, at: request.at };
  if (opinion) event.opinion = opinion;
  if (items.length > 0) event.correctionItems = items;
  return { ok: true, event, action, state: stateAt(variant, action.to, request.at) };
}

/**
 * Replays a case's history from the 受理 node (where a case starts when submitted) and lists
 * the nodes it went through. Each event must be valid under the same rules as a live action.
 * @throws InconsistentHistoryError when an event does not fit the variant.
 */
export function pathOf(variant: WorkflowVariant, history: readonly CaseEventInput[], submittedAt: string): CasePath {
  let state = stateAt(variant, variant.start, submittedAt);
  const steps: PathStep[] = [];
  history.forEach((e, index) => {
    const result = step(variant, state, { ...e, actorRoles: [e.actorRole] }, true);
    if (!result.ok) throw new InconsistentHistoryError(index, result.code, result.message);
    if (state.status === 'open') steps.push({ node: state.node, enteredAt: state.enteredAt, action: result.action, event: e });
    state = result.state;
  });
  if (state.status === 'open') steps.push({ node: state.node, enteredAt: state.enteredAt });
  return { steps, state };
}

/**
 * The current state of a case: the open node (and since when) or its end.
 * @throws InconsistentHistoryError when the history does not fit the variant.
 */
export function caseState(variant: WorkflowVariant, history: readonly CaseEventInput[], submittedAt: string): CaseState {
  return pathOf(variant, history, submittedAt).state;
}

/**
 * Applies an actor's action to a case, or refuses it with a typed code and a Chinese message.
 * On success the caller stores `event` (with the actor's account) and shows `state`.
 */
export function applyAction(variant: WorkflowVariant, history: readonly CaseEventInput[], submittedAt: string, request: ActionRequest): EngineResult {
  const result = step(variant, caseState(variant, history, submittedAt), request);
  return result.ok ? { ok: true, event: result.event, state: result.state } : result;
}

/** The actions an actor with these roles may take now (administrators act only where a node names them: nowhere). */
export function availableActions(_variant: WorkflowVariant, state: CaseState, actorRoles: readonly ActorRole[]): ActionDefinition[] {
  if (state.status === 'ended') return [];
  const { node } = state;
  return node.actions.filter((a) => allowedRoles(node, a).some((r) => actorRoles.includes(r)));
}

/**
 * The main path for 流程跟踪: from the 受理 node, follow each node's first positive staff action
 * that leads somewhere new, up to its end. Nodes off that path (补正, 专家评审) are detours.
 */
export function flowChart(variant: WorkflowVariant): FlowChart {
  const nodes: NodeDefinition[] = [];
  let key = variant.start;
  let end: EndDefinition | undefined;
  while (!end) {
    const node = findNode(variant, key);
    if (!node) throw new Error(`${variant.name}: unknown node ${key}`);
    nodes.push(node);
    const next = node.actions.find((a) => !a.negative && !a.roles?.includes('applicant') && !nodes.some((n) => n.key === a.to));
    if (!next) throw new Error(`${variant.name}: no way forward from ${key}`);
    if (isEndKey(next.to)) end = findEnd(variant, next.to);
    if (isEndKey(next.to) && !end) throw new Error(`${variant.name}: unknown end ${next.to}`);
    key = next.to;
  }
  return { nodes, end, detours: variant.nodes.filter((n) => !nodes.includes(n)) };
}

/** A stretch of a case at a node whose clock is stopped; `to` is absent while the case is still there. */
export interface ClockStop {
  node: string;
  from: string;
  to?: string;
}

/**
 * Where a case's clock stood still (补正, 专家评审, 公示), from its path, for the calendar's
 * deadline function to skip. Instants are the stored ISO timestamps.
 */
export function clockStops(path: CasePath): ClockStop[] {
  return path.steps
    .filter((s) => s.node.clock === 'stopped')
    .map((s): ClockStop => (s.event ? { node: s.node.key, from: s.enteredAt, to: s.event.at } : { node: s.node.key, from: s.enteredAt }));
}

/** The role that works a case at this node: its own, or the staff role watching an applicant's node (补正 → 受理). */
export function workingRole(node: NodeDefinition): ActorRole {
  return node.watchedBy ?? node.role;
}

/**
 * Whether the staff member holding a case (认领) keeps it across a step: while the same role works
 * the next node (the 受理 clerk who asked for 补正 gets the resubmission back), not past it.
 */
export function holderKeptAcross(from: NodeDefinition, to: CaseState): boolean {
  return to.status === 'open' && workingRole(to.node) === workingRole(from);
}

/**
 * 中止审查 is for the nodes where the agency examines the case on its own clock (审查, 复核): not
 * 受理 (its 5 days decide acceptance), not where the clock already stands, not 制证.
 */
export function isSuspendable(node: NodeDefinition): boolean {
  return node.clock === 'runs' && (node.kind === 'review' || node.kind === 'recheck');
}

/** A staff queue (待受理, 待审查 …): the role that works it and the node keys it collects. */
export interface QueueDefinition {
  queue: string;
  role: ActorRole;
  nodeKeys: readonly string[];
}

/** Every staff queue over the given variants, in workflow order; filter by role for a console. */
export function listQueues(variants: readonly WorkflowVariant[] = Object.values(VARIANTS)): QueueDefinition[] {
  const queues: { queue: string; role: ActorRole; nodeKeys: string[] }[] = [];
  for (const node of variants.flatMap((v) => v.nodes)) {
    if (!node.queue) continue;
    const role = workingRole(node);
    const q = queues.find((x) => x.queue === node.queue && x.role === role);
    if (!q) queues.push({ queue: node.queue, role, nodeKeys: [node.key] });
    else if (!q.nodeKeys.includes(node.key)) q.nodeKeys.push(node.key);
  }
  return queues;
}

/**
 * The 20-day decision limit (Art.42; Art.43 for forwarding) as the sum of the running-clock
 * nodes between 受理 and 制证. Stopped nodes (补正, 专家评审, 公示) do not count.
 */
export function legalLimitDays(variant: WorkflowVariant): number {
  return variant.nodes
    .filter((n) => n.clock === 'runs' && n.kind !== 'accept' && n.kind !== 'issue')
    .reduce((sum, n) => sum + (n.timeLimitDays ?? 0), 0);
}

/**
 * Structural problems of a variant (empty when sound): unknown targets, unreachable nodes or
 * ends, nodes without actions, negative actions without a required opinion. Variants are data
 * an administrator may edit one day; this is the gate.
 */
export function checkVariant(variant: WorkflowVariant): string[] {
  const problems: string[] = [];
  const keys = variant.nodes.map((n) => n.key);
  const endKeys = variant.ends.map((e) => e.key);
  for (const [what, list] of [['node', keys], ['end', endKeys]] as const) {
    for (const k of new Set(list)) if (list.filter((x) => x === k).length > 1) problems.push(`duplicate ${what} ${k}`);
  }
  const start = findNode(variant, variant.start);
  if (!start) problems.push(`start ${variant.start} is not a node`);
  else if (start.kind !== 'accept' || variant.nodes[0] !== start) problems.push('the start must be the first node and a 受理 node');
  for (const node of variant.nodes) {
    if (node.actions.length === 0) problems.push(`${node.key}: no actions`);
    const actionKeys = node.actions.map((a) => a.key);
    if (new Set(actionKeys).size !== actionKeys.length) problems.push(`${node.key}: duplicate action keys`);
    for (const a of node.actions) {
      if (!(isEndKey(a.to) ? (endKeys as string[]) : keys).includes(a.to)) problems.push(`${node.key}.${a.key}: unknown target ${a.to}`);
      if (a.negative && a.opinion !== 'required') problems.push(`${node.key}.${a.key}: negative action without a required opinion`);
      if (a.requestsCorrection && findNode(variant, a.to)?.role !== 'applicant') problems.push(`${node.key}.${a.key}: 补正 must lead to the applicant`);
    }
    for (const a of node.retiredActions ?? []) {
      if (!(isEndKey(a.to) ? (endKeys as string[]) : keys).includes(a.to)) problems.push(`${node.key}.${a.key}: unknown target ${a.to}`);
      if (actionKeys.includes(a.key)) problems.push(`${node.key}.${a.key}: retired and offered at once`);
    }
  }
  // Reachability from the start.
  const seen = new Set<string>();
  const queue = start ? [start.key] : [];
  while (queue.length > 0) {
    const key = queue.shift()!;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const a of findNode(variant, key)?.actions ?? []) {
      if (isEndKey(a.to)) seen.add(a.to);
      else if (!seen.has(a.to)) queue.push(a.to);
    }
  }
  // What only a retired action leads to stays for the cases that got there before.
  const retiredTargets = new Set(variant.nodes.flatMap((n) => (n.retiredActions ?? []).map((a) => a.to)));
  for (const k of [...keys, ...endKeys]) if (!seen.has(k) && !retiredTargets.has(k)) problems.push(`${k} is unreachable`);
  return problems;
}
