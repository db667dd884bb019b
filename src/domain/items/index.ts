export type {
  ApplicantKind,
  BasicInfoKey,
  ApplicationType,
  AttachmentSlot,
  AttachmentsStepDefinition,
  FieldCondition,
  FieldDefinition,
  FieldKind,
  FieldOption,
  FormStepDefinition,
  GuideMaterial,
  ItemCode,
  ItemDefinition,
  ProfileClaim,
  ReviewStepDefinition,
  ServiceGuide,
  StepDefinition,
  StepNotice,
  TimeLimit,
} from './types.ts';
export { DEPARTMENT, GROUP, ITEMS, ITEM_CODES, findItem, isItemCode } from './catalog.ts';
export { APPLICATION_TYPE_FIELD } from './common.ts';
export { applicationTypeOf, attachmentsStepOf, findApplicationType, findStep, formSteps, workflowOf } from './application-types.ts';
export { surveyB } from './survey-b.ts';
export { designB } from './design-b.ts';
export { structEng2 } from './struct-eng-2.ts';
export { nonlocalFiling } from './nonlocal-filing.ts';
export { basicInfoOf, basicInfoStep, type BasicInfo } from './basic-info.ts';
export { CLAIM_PROFILE_KEY, applyRefusal, prefillStep, profileRefusal, type Prefill } from './prefill.ts';
export { correctionChoices, correctionLabels, type CorrectionChoice } from './correction-labels.ts';
export { guideFacts, uploadRulesText, type GuideFacts, type GuideTypeFacts } from './guide-facts.ts';
export { advise, advisorOf, materialsFor, stagesOf, type Advice, type Advisor, type AdvisorGoal } from './type-advisor.ts';
