/** Public entry of the shared form model. */
export type {
  ApplicationData,
  AttachmentSlot,
  AttachmentsStepDefinition,
  CleanRecord,
  CleanValue,
  FieldCondition,
  FieldDefinition,
  FieldError,
  FieldKind,
  FieldOption,
  FormStepDefinition,
  ProfileClaim,
  ReviewStepDefinition,
  StepDefinition,
  StepNotice,
  StepValues,
  ValidationContext,
} from './types.ts';
export { conditionHolds, isChoiceField, isFieldRequired, isFieldVisible, optionLabel, optionsOf, placeholderOf, requiredMessage } from './fields.ts';
export { addToIsoDate, parseIsoDate, shanghaiDate } from './dates.ts';
export { cleanStep, validateApplication, validateFieldValue, validateStep } from './validate.ts';
export { validateField } from './validate-field.ts';
