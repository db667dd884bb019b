/** Workflow definitions (data) and the engine's inputs and results. */
import type { StaffRole } from '../roles.ts';
import type { WorkflowVariantName } from './variant-names.ts';

/** Who acts: a staff role, the applicant (补正, 撤回) or the system (period ends, later jobs). */
export type ActorRole = StaffRole | 'applicant' | 'system';

/** What a node is for, independent of its label; the same kind means the same handling everywhere. */
export type NodeKind =
  /** 受理: 5 working days (行政许可法 Art.32). */
  | 'accept'
  /** 补正: waiting for the applicant's corrected materials. */
  | 'correction'
  /** 审查 (also 核对, 核对并转报). */
  | 'review'
  /** 专家评审: time not counted (Art.45). */
  | 'expert-review'
  /** 复核: a second staff member confirms the review (Art.34). */
  | 'recheck'
  /** 拟公示: review finished, waiting to be published in a 公示 batch. */
  | 'pre-notice'
  /** 公示: the 审查意见 is public; 陈述 may be filed; clock stopped. */
  | 'notice'
  /** 公告: the decision is published and takes effect (Art.40). */
  | 'announce'
  /** 制证: 10 working days after the decision (Art.44). */
  | 'issue';

export type EndOutcome = 'approved' | 'rejected' | 'not-accepted' | 'filed' | 'cancelled' | 'withdrawn' | 'forwarded';

/** End keys are 'end:<outcome>'. */
export type EndKey = `end:${EndOutcome}`;

export interface ActionDefinition {
  /** Stable key stored in case events: 'accept', 'reject', 'request-correction', 'pass', 'fail', 'return' … */
  key: string;
  /** Button text, e.g. 受理, 不予受理, 补正, 通过, 不通过, 退回. */
  label: string;
  /** Next node key, or an end key 'end:<outcome>'. */
  to: string;
  /** Negative actions require an opinion (the reasons go to the applicant, Art.38). */
  opinion: 'required' | 'optional' | 'none';
  negative?: boolean;
  /** 补正: the staff member lists fields/slots to reopen; the case waits for the applicant. */
  requestsCorrection?: boolean;
  /** Who may take this action; defaults to the node's role. */
  roles?: readonly ActorRole[];
  /** Taken only by publishing a 公示/公告 batch, never as a single case action. */
  batch?: 'notice' | 'announcement';
  /**
   * Starts a 特别程序 whose time is not counted (Art.45): the actor states its expected length in
   * working days, and the applicant is told in writing.
   */
  expectedPeriod?: boolean;
  /** Allowed only once the node's own period has passed (逾期未补正). */
  afterNodeDeadline?: boolean;
}

export interface NodeDefinition {
  key: string;
  /** Shown in 流程跟踪 and the staff console: 受理, 补正, 审查, 专家评审, 复核, 公示, 公告, 制证 … */
  label: string;
  kind: NodeKind;
  /** The role that works this node (its queue); single actions may allow more roles. */
  role: ActorRole;
  /** In display order; the first positive action leading forward is the main path. */
  actions: readonly ActionDefinition[];
  /**
   * Working days. Running nodes: the staff budget (受理 5, Art.32; the running nodes between
   * 受理 and 制证 sum to the 20 days of Art.42; 制证 10, Art.44). Stopped nodes: the period
   * length where one applies (公示), otherwise none.
   */
  timeLimitDays?: number;
  /** The case clock stops while waiting for the applicant (补正), during 专家评审 (Art.45) and 公示. */
  clock: 'runs' | 'stopped';
  /** Plain words for the applicant in 办事进度, e.g. 已提交，等待受理. */
  applicantStatus: string;
  /** Staff queue this node appears in, e.g. 待受理, 待审查; none for the applicant's own nodes. */
  queue?: string;
  /** The staff role that watches an applicant's node in its `queue` (补正中 for 受理). */
  watchedBy?: StaffRole;
  /**
   * Actions no longer offered (外埠备案's 不予备案): never available nor accepted as a live action,
   * kept so that stored histories which took one still replay and show their label.
   */
  retiredActions?: readonly ActionDefinition[];
}

export interface EndDefinition {
  key: EndKey;
  /** Shown as the last step of 流程跟踪, e.g. 准予许可, 不予受理. */
  label: string;
  applicantStatus: string;
  outcome: EndOutcome;
}

export interface WorkflowVariant {
  name: WorkflowVariantName;
  label: string;
  /** The 受理 node; a case starts there when submitted. */
  start: string;
  nodes: readonly NodeDefinition[];
  ends: readonly EndDefinition[];
}

/** One step of a case's history after submission, as stored in case_events. */
export interface CaseEventInput {
  node: string;
  action: string;
  actorRole: ActorRole;
  /** ISO 8601 timestamp. */
  at: string;
  opinion?: string;
  /** 补正 only: the fields/slots reopened for the applicant. */
  correctionItems?: readonly string[];
}

export type CaseState =
  | { status: 'open'; node: NodeDefinition; enteredAt: string }
  | { status: 'ended'; end: EndDefinition; endedAt: string };

/** An actor's request to take an action at the case's current node. */
export interface ActionRequest {
  action: string;
  /** All roles of the actor; one of them must be allowed for the action. */
  actorRoles: readonly ActorRole[];
  /** The node the actor saw; a different current node is refused (stale page). */
  node?: string;
  opinion?: string;
  correctionItems?: readonly string[];
  /** ISO 8601 timestamp from the injected clock. */
  at: string;
}

/** The facts each refusal of the engine names (labels as shown to people), by code. */
export interface RefusalParams {
  CASE_ENDED: { end: string };
  /** `seen`: the node the page showed; `current`: where the case is. */
  WRONG_NODE: { seen: string; current: string };
  UNKNOWN_ACTION: { node: string; action: string };
  WRONG_ROLE: { node: string; action: string; roles: readonly ActorRole[] };
  OPINION_REQUIRED: { action: string };
  CORRECTION_ITEMS_REQUIRED: Record<string, never>;
}

export type RefusalCode = keyof RefusalParams;

/** A refused action: its code, the facts behind it and the Chinese message built from them. */
export type Refusal = { [C in RefusalCode]: { ok: false; code: C; params: RefusalParams[C]; message: string } }[RefusalCode];

export type EngineResult = { ok: true; event: CaseEventInput; state: CaseState } | Refusal;

/** One node a case went through; action and event are absent for the node it is at now. */
export interface PathStep {
  node: NodeDefinition;
  enteredAt: string;
  action?: ActionDefinition;
  event?: CaseEventInput;
}

export interface CasePath {
  steps: readonly PathStep[];
  state: CaseState;
}

/** The main path of a variant for 流程跟踪, plus the nodes a case may detour through. */
export interface FlowChart {
  nodes: readonly NodeDefinition[];
  end: EndDefinition;
  /** Off the main path: 补正, 专家评审. */
  detours: readonly NodeDefinition[];
}
