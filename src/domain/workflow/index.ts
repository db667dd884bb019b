/** Public entry of the workflow module: variants as data and the pure engine. */
export type {
  ActionDefinition,
  ActionRequest,
  ActorRole,
  CaseEventInput,
  CasePath,
  CaseState,
  EndDefinition,
  EndKey,
  EndOutcome,
  EngineResult,
  FlowChart,
  NodeDefinition,
  NodeKind,
  PathStep,
  RefusalCode,
  WorkflowVariant,
} from './types.ts';
export { WORKFLOW_VARIANT_NAMES, isWorkflowVariantName, type WorkflowVariantName } from './variant-names.ts';
export {
  ACCEPT_LIMIT_DAYS,
  DECISION_LIMIT_DAYS,
  ISSUE_LIMIT_DAYS,
  NOTICE_PERIOD_DAYS,
  VARIANTS,
  findEnd,
  findNode,
  getVariant,
  isEndKey,
} from './variants.ts';
export {
  ACTOR_ROLE_LABELS,
  InconsistentHistoryError,
  allowedRoles,
  applyAction,
  availableActions,
  caseState,
  checkVariant,
  clockStops,
  flowChart,
  legalLimitDays,
  listQueues,
  pathOf,
  type ClockStop,
  type QueueDefinition,
} from './engine.ts';
export { trackOf, type Track, type TrackNode, type TrackStatus } from './tracking.ts';
