/** What stands between an application and 提交, in the words and places the wizard shows it. Pure: no React. */
import { errorMessage } from '../../../contract/errors.ts';
import { validateApplication, type FieldError, type StepValues } from '../../../domain/forms/index.ts';
import { APPLICATION_TYPE_FIELD, applicationTypeOf, type ItemDefinition } from '../../../domain/items/index.ts';
import type { TypeOffer } from '../../../domain/register/index.ts';

/** A required part left empty, or a value that is there but wrong (a past 有效期至 …). */
export type ProblemKind = 'missing' | 'invalid';

/** Where a problem is fixed: a step, and in it a field (antd name path) or an attachment slot. */
export interface ProblemTarget {
  step: string;
  field?: (string | number)[];
  slot?: string;
}

export interface Problem {
  /** Stable key: the server's field path. */
  key: string;
  message: string;
  kind: ProblemKind;
  target: ProblemTarget;
}

export function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

/** The summary's heading: what kind of problem the list below holds. */
export function summaryTitle(kinds: readonly ProblemKind[]): string {
  const missing = kinds.includes('missing');
  const invalid = kinds.includes('invalid');
  if (missing && invalid) return '请完整填写必填项，并修改填写有误的内容';
  if (invalid) return '填写的内容有误，请按提示修改';
  return '请完整填写必填项';
}

const segments = (path: string) => path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));

/**
 * A server field path as the wizard's target: `attachments.<slot>`, `<step>` (not saved yet) or
 * `<step>.<field>[.<row>.<sub>]`. Step-relative paths (a 暂存 refusal) take `step`.
 */
export function problemTarget(item: ItemDefinition, path: string, step?: string): ProblemTarget {
  const [head, ...rest] = segments(path);
  if (step !== undefined) return { step, field: segments(path) };
  if (head === 'attachments') {
    const attachments = item.steps.find((s) => s.kind === 'attachments');
    return { step: attachments?.key ?? 'attachments', slot: typeof rest[0] === 'string' ? rest[0] : undefined };
  }
  return rest.length > 0 ? { step: String(head), field: rest } : { step: String(head) };
}

function valueAt(data: Record<string, unknown> | undefined, path: readonly (string | number)[]): unknown {
  let value: unknown = data;
  for (const p of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[p];
  }
  return value;
}

/** Server or definition errors as problems; the data tells empty from wrong. */
export function toProblems(item: ItemDefinition, errors: readonly FieldError[], data: Record<string, Record<string, unknown>>, step?: string): Problem[] {
  return errors.map((e) => {
    const target = problemTarget(item, e.path, step);
    const kind: ProblemKind = target.slot !== undefined || !target.field ? 'missing' : isEmptyValue(valueAt(data[target.step], target.field)) ? 'missing' : 'invalid';
    return { key: e.path, message: e.message, kind, target };
  });
}

export interface ApplicationState {
  data: Record<string, Record<string, unknown>>;
  savedSteps: readonly string[];
  attachments: readonly { slot: string }[];
}

/**
 * Everything that would make the server refuse 提交 now, checked with the same definitions: steps not
 * saved, values no longer valid (dates pass), required files missing (deleted in another tab).
 * `offers`: the register's offer per 申请内容, for the qualifications a type may name.
 */
export function applicationProblems(item: ItemDefinition, application: ApplicationState, offers?: Record<string, TypeOffer>): Problem[] {
  const unsaved: FieldError[] = item.steps.filter((s) => s.kind !== 'review' && !application.savedSteps.includes(s.key)).map((s) => ({ path: s.key, message: errorMessage('PREVIOUS_STEP_UNSAVED', { step: s.title }) }));
  const type = applicationTypeOf(item, application.data as Record<string, StepValues>);
  const offer = type && offers ? offers[type.value] : undefined;
  const typed = item.steps.some((s) => s.fields.some((f) => f.name === APPLICATION_TYPE_FIELD));
  const ctx = typed && offer?.available && offer.qualifications ? { allowedQualifications: offer.qualifications } : {};
  const errors = validateApplication(item, application.data as Record<string, StepValues>, new Set(application.attachments.map((a) => a.slot)), ctx);
  // A step not saved yet is one problem, not one per field in it.
  const unsavedKeys = new Set(unsaved.map((u) => u.path));
  return toProblems(item, [...unsaved, ...errors.filter((e) => !unsavedKeys.has(problemTarget(item, e.path).step))], application.data);
}

/** Steps holding a problem (the step bar marks them, and nothing after the first is reachable). */
export function problemSteps(problems: readonly Problem[]): Set<string> {
  return new Set(problems.map((p) => p.target.step));
}

/** Problems from two sources, the first one's message kept for a shared key. */
export function mergeProblems(first: readonly Problem[], second: readonly Problem[]): Problem[] {
  const seen = new Set(first.map((p) => p.key));
  return [...first, ...second.filter((p) => !seen.has(p.key))];
}
