import type { FieldDefinition, StepValues, ValidationContext } from './types.ts';
import { validateFieldValue } from './validate.ts';

/**
 * One field's value against its definition: the message to show, or undefined when valid.
 * `context` carries sibling values a rule depends on (证件号码 checks only for 居民身份证;
 * visibleWhen / requiredWhen conditions). A hidden field is always valid.
 */
export function validateField(
  field: FieldDefinition,
  raw: unknown,
  context: StepValues = {},
  ctx: ValidationContext = {},
): string | undefined {
  return validateFieldValue(field, raw, context, ctx)[0]?.message;
}
