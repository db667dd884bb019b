export type {
  ApplicantKind,
  FieldDefinition,
  FieldKind,
  ItemCode,
  ItemDefinition,
  ProfileClaim,
  ServiceGuide,
  StepDefinition,
  TimeLimit,
} from './types.ts';
export { DEPARTMENT, GROUP, ITEMS, ITEM_CODES, findItem, isItemCode } from './catalog.ts';
export { surveyB } from './survey-b.ts';
export { designB } from './design-b.ts';
export { structEng2 } from './struct-eng-2.ts';
export { nonlocalFiling } from './nonlocal-filing.ts';
export { CLAIM_PROFILE_KEY, applyRefusal, prefillStep, type Prefill } from './prefill.ts';
