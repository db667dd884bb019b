/**
 * 重新提交 compared with the round before: which fields changed (before → after) and whether
 * the 补正 asked for them. Values stay raw; the page shows them as it shows any stored value.
 */
import { isFieldVisible, type ApplicationData } from '../forms/index.ts';
import type { ItemDefinition } from '../items/index.ts';
import { reopenedFields } from './correction-scope.ts';

export interface FieldChange {
  step: string;
  field: string;
  before: unknown;
  after: unknown;
  /** The 补正 reopened this field (or its whole step). */
  requested: boolean;
}

/** Every field shown in either round whose value differs, in the order of the form. */
export function changedFields(item: ItemDefinition, before: ApplicationData, after: ApplicationData, requestItems: readonly string[]): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const step of item.steps) {
    if (step.kind !== 'form') continue;
    const was = before[step.key] ?? {};
    const is = after[step.key] ?? {};
    const reopened = reopenedFields(requestItems, step.key);
    for (const field of step.fields) {
      if (!isFieldVisible(field, was) && !isFieldVisible(field, is)) continue;
      const a = isFieldVisible(field, was) ? was[field.name] : undefined;
      const b = isFieldVisible(field, is) ? is[field.name] : undefined;
      if (sameValue(a, b)) continue;
      changes.push({ step: step.key, field: field.name, before: a, after: b, requested: reopened === 'all' || reopened.has(field.name) });
    }
  }
  return changes;
}

/** Equal as stored: an empty value is no value, and key order in an object does not matter. */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) return '';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => canonical(v) !== '')
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
