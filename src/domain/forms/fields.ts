/** Field helpers shared by the wizard and the validator. */
import type { FieldCondition, FieldDefinition, FieldOption, StepValues } from './types.ts';

/** Kinds the user picks rather than types. */
const CHOICE_KINDS: ReadonlySet<FieldDefinition['kind']> = new Set(['select', 'radio', 'date', 'region', 'qualifications']);

export function isChoiceField(field: FieldDefinition): boolean {
  return CHOICE_KINDS.has(field.kind);
}

/** Placeholder text: the field's own, else 请选择<label> for choices, 请添加<label> for a group, 请输入<label> otherwise. */
export function placeholderOf(field: FieldDefinition): string {
  if (field.placeholder) return field.placeholder;
  if (field.kind === 'group') return `请添加${field.label}`;
  return `${isChoiceField(field) ? '请选择' : '请输入'}${field.label}`;
}

/** The message for a required field left empty: its placeholder text. */
export function requiredMessage(field: FieldDefinition): string {
  return placeholderOf(field);
}

/** Options as objects (strings become `{ value, label }`). */
export function optionsOf(field: FieldDefinition): FieldOption[] {
  return (field.options ?? []).map((o) => (typeof o === 'string' ? { value: o, label: o } : o));
}

/** Label of a stored option value; the value itself when unknown. */
export function optionLabel(field: FieldDefinition, value: string): string {
  return optionsOf(field).find((o) => o.value === value)?.label ?? value;
}

export function conditionHolds(condition: FieldCondition, values: StepValues): boolean {
  const value = values[condition.field];
  return typeof value === 'string' && condition.in.includes(value.trim());
}

/** Whether the field is shown for these sibling values (a hidden field is neither validated nor stored). */
export function isFieldVisible(field: FieldDefinition, values: StepValues): boolean {
  return field.visibleWhen ? conditionHolds(field.visibleWhen, values) : true;
}

/** Whether the field must be filled for these sibling values. */
export function isFieldRequired(field: FieldDefinition, values: StepValues): boolean {
  if (!isFieldVisible(field, values)) return false;
  return field.requiredWhen ? conditionHolds(field.requiredWhen, values) : field.required;
}
