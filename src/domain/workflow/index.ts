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
  CORRECTION_LAPSE_TEXT,
  CORRECTION_LIMIT_DAYS,
  EXTENSION_DAYS,
  MAX_SPECIAL_PROCEDURE_DAYS,
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
  findAction,
  flowChart,
  legalLimitDays,
  listQueues,
  pathOf,
  type ClockStop,
  type QueueDefinition,
} from './engine.ts';
export { publicationsOf, trackOf, type Track, type TrackNode, type TrackStatus } from './tracking.ts';
export { partReopened, reopenedFields, type ApplicationPart } from './correction-scope.ts';
