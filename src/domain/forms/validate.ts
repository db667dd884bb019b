/**
 * Definition-driven validation and normalisation, the same in the browser and on the server.
 * A hidden field (visibleWhen not met) is neither validated nor stored; unknown keys are dropped.
 */
import {
  toHalfWidth,
  validateEmail,
  validateIdNumber,
  validateMobile,
  validatePhone,
  validatePostalCode,
  validateNameText,
  validateUscc,
  type ValidationResult,
} from '../identifiers/index.ts';
import { checkQualifications } from '../qualifications/index.ts';
import { isSelectableRegionCode, provinceOf } from '../regions/index.ts';
import { regionUsccMismatch, usccRegisteredInMessage } from '../regions/uscc-region.ts';
import { parseIsoDate, shanghaiDate } from './dates.ts';
import { isFieldRequired, isFieldVisible, optionsOf, requiredMessage } from './fields.ts';
import type {
  ApplicationData,
  CleanRecord,
  CleanValue,
  FieldDefinition,
  FieldError,
  StepDefinition,
  StepValues,
  ValidationContext,
} from './types.ts';

type Check = { ok: true; value: CleanValue } | { ok: false; message: string };

interface Walked {
  /** Normalised when valid; the trimmed input when not (a draft keeps what was typed); undefined when empty or unusable. */
  value: CleanValue | undefined;
  errors: FieldError[];
}

const IDENTIFIER_CHECKS: Partial<Record<FieldDefinition['kind'], (value: string) => ValidationResult>> = {
  postal: validatePostalCode,
  email: validateEmail,
  mobile: validateMobile,
  phone: validatePhone,
};

const CERT_NUMBER = /^[A-Z0-9-]{4,40}$/;

function isEmpty(raw: unknown): boolean {
  if (raw === undefined || raw === null) return true;
  if (typeof raw === 'string') return raw.trim() === '';
  if (Array.isArray(raw)) return raw.length === 0;
  return false;
}

/** A scalar input as trimmed text; numbers are accepted (JSON clients), anything else is not text. */
function asText(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw.trim();
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  return undefined;
}

function isPlainObject(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}

/** Own property only: a key like `constructor` never reads the prototype. */
function own(values: StepValues, name: string): unknown {
  return Object.hasOwn(values, name) ? values[name] : undefined;
}

function fromResult(r: ValidationResult): Check {
  return r.ok ? { ok: true, value: r.value } : { ok: false, message: r.message };
}

/** The ID-number rule reads local calendar fields; build a local Date for the Shanghai day. */
function localDateOf(ctx: ValidationContext): Date {
  const [y, m, d] = shanghaiDate(ctx.today).split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
}

function checkText(field: FieldDefinition, text: string, siblings: StepValues, ctx: ValidationContext): Check {
  const { label } = field;
  if (field.maxLength !== undefined && text.length > field.maxLength) return { ok: false, message: `${label}不能超过${field.maxLength}个字` };
  switch (field.kind) {
    case 'text':
    case 'textarea':
      return field.nameKind ? fromResult(validateNameText(field.nameKind, label, text)) : { ok: true, value: text };
    case 'select':
    case 'radio': {
      const option = optionsOf(field).find((o) => o.value === text);
      return option && !option.disabled ? { ok: true, value: text } : { ok: false, message: `请从列表中选择${label}` };
    }
    case 'id-number': {
      const idType = own(siblings, 'idType') ?? '居民身份证';
      if (idType === '居民身份证') return fromResult(validateIdNumber(text, localDateOf(ctx)));
      const compact = toHalfWidth(text).toUpperCase();
      return /^[A-Z0-9]{5,30}$/.test(compact) ? { ok: true, value: compact } : { ok: false, message: `${label}只能包含字母和数字` };
    }
    case 'cert-number': {
      const value = toHalfWidth(text).trim().toUpperCase();
      if (value.length < 4 || value.length > 40) return { ok: false, message: `${label}应为4至40个字符` };
      return CERT_NUMBER.test(value) ? { ok: true, value } : { ok: false, message: `${label}只能包含字母、数字和“-”` };
    }
    case 'date': {
      const value = parseIsoDate(toHalfWidth(text));
      if (!value) return { ok: false, message: `${label}应为有效日期，格式如2025-06-30` };
      const bounds = field.dateBounds;
      if (bounds?.notBeforeToday && value < shanghaiDate(ctx.today)) return { ok: false, message: `${label}不能早于今天` };
      if (bounds?.notAfterToday && value > shanghaiDate(ctx.today)) return { ok: false, message: `${label}不能晚于今天` };
      return { ok: true, value };
    }
    case 'region': {
      const value = toHalfWidth(text);
      if (!/^\d{6}$/.test(value)) return { ok: false, message: `请从列表中选择${label}` };
      if (field.excludeProvinces?.codes.includes(provinceOf(value))) return { ok: false, message: field.excludeProvinces.message };
      if (!isSelectableRegionCode(value)) return { ok: false, message: `${label}请选择到区县一级` };
      const uscc = field.agreesWithUscc ? own(siblings, field.agreesWithUscc) : undefined;
      const mismatch = typeof uscc === 'string' ? regionUsccMismatch(value, uscc, label) : undefined;
      return mismatch ? { ok: false, message: mismatch } : { ok: true, value };
    }
    case 'uscc': {
      const r = validateUscc(text);
      if (!r.ok || !field.excludeRegisteredIn) return fromResult(r);
      const refused = usccRegisteredInMessage(r.value, field.excludeRegisteredIn.provinces, field.excludeRegisteredIn.reason);
      return refused ? { ok: false, message: refused } : fromResult(r);
    }
    default: {
      const check = IDENTIFIER_CHECKS[field.kind];
      return check ? fromResult(check(text)) : { ok: true, value: text };
    }
  }
}

function walkGroup(field: FieldDefinition, raw: unknown, ctx: ValidationContext, path: string): Walked {
  if (!Array.isArray(raw)) return { value: undefined, errors: [{ path, message: `${field.label}格式不正确` }] };
  const errors: FieldError[] = [];
  if (field.maxItems !== undefined && raw.length > field.maxItems) errors.push({ path, message: `${field.label}最多填写${field.maxItems}条` });
  if (field.minItems !== undefined && raw.length < field.minItems) errors.push({ path, message: `请至少填写${field.minItems}条${field.label}` });
  const rows: CleanRecord[] = [];
  raw.forEach((row: unknown, i) => {
    const prefix = `第${i + 1}条${field.label}：`;
    const values: StepValues = isPlainObject(row) ? row : {};
    if (!isPlainObject(row)) errors.push({ path: `${path}.${i}`, message: `${prefix}格式不正确` });
    const clean: CleanRecord = {};
    for (const sub of field.fields ?? []) {
      const walked = walkField(sub, own(values, sub.name), values, ctx, `${path}.${i}.${sub.name}`);
      if (walked.value !== undefined) clean[sub.name] = walked.value;
      for (const e of walked.errors) errors.push({ path: e.path, message: prefix + e.message });
    }
    rows.push(clean);
  });
  return { value: rows, errors };
}

function walkField(field: FieldDefinition, raw: unknown, siblings: StepValues, ctx: ValidationContext, path: string): Walked {
  if (!isFieldVisible(field, siblings)) return { value: undefined, errors: [] };
  if (isEmpty(raw)) {
    const errors = isFieldRequired(field, siblings) ? [{ path, message: requiredMessage(field) }] : [];
    return { value: undefined, errors };
  }
  if (field.kind === 'group') return walkGroup(field, raw, ctx, path);
  if (field.kind === 'qualifications') {
    const r = checkQualifications(field.catalogue ?? 'survey', raw, field.label, ctx.allowedQualifications);
    if (r.ok) return { value: r.value, errors: [] };
    const kept = Array.isArray(raw) ? raw.filter((c): c is string => typeof c === 'string').map((c) => c.trim()) : undefined;
    return { value: kept, errors: [{ path, message: r.message }] };
  }
  // A cascader sends the path [province, city, county]; the last code is the value.
  const scalar = field.kind === 'region' && Array.isArray(raw) ? raw.at(-1) : raw;
  const text = asText(scalar);
  if (text === undefined || text === '') {
    return { value: undefined, errors: [{ path, message: `${field.label}格式不正确` }] };
  }
  const r = checkText(field, text, siblings, ctx);
  return r.ok ? { value: r.value, errors: [] } : { value: text, errors: [{ path, message: r.message }] };
}

/** Problems of one field's value, with sibling values for its conditions; [] when fine or hidden. */
export function validateFieldValue(
  field: FieldDefinition,
  raw: unknown,
  siblings: StepValues = {},
  ctx: ValidationContext = {},
): FieldError[] {
  return walkField(field, raw, siblings, ctx, field.name).errors;
}

/** Every problem of a form step's values (non-form steps have none). */
export function validateStep(step: StepDefinition, values: StepValues, ctx: ValidationContext = {}): FieldError[] {
  if (step.kind !== 'form') return [];
  return step.fields.flatMap((field) => walkField(field, own(values, field.name), values, ctx, field.name).errors);
}

/**
 * What the server stores for a step: only known, visible, non-empty fields, normalised where
 * valid (an invalid draft value is kept as typed, trimmed, so nothing the user entered is lost).
 */
export function cleanStep(step: StepDefinition, values: StepValues, ctx: ValidationContext = {}): Record<string, CleanValue> {
  const out: Record<string, CleanValue> = {};
  if (step.kind !== 'form') return out;
  for (const field of step.fields) {
    const { value } = walkField(field, own(values, field.name), values, ctx, field.name);
    if (value !== undefined) out[field.name] = value;
  }
  return out;
}

/**
 * All problems of a whole application before submission: every form step's errors plus each
 * required attachment slot without a file (`attachments.<slot key>`, 请上传<slot title>).
 */
export function validateApplication(
  item: { readonly steps: readonly StepDefinition[] },
  data: ApplicationData,
  attachments: ReadonlySet<string>,
  ctx: ValidationContext = {},
): FieldError[] {
  const errors: FieldError[] = [];
  for (const step of item.steps) {
    if (step.kind === 'form') {
      const values = Object.hasOwn(data, step.key) ? data[step.key] : undefined;
      for (const e of validateStep(step, isPlainObject(values) ? values : {}, ctx)) errors.push({ path: `${step.key}.${e.path}`, message: e.message });
    }
    if (step.kind === 'attachments') {
      for (const slot of step.slots) {
        if (slot.required && !attachments.has(slot.key)) errors.push({ path: `attachments.${slot.key}`, message: `请上传${slot.title}` });
      }
    }
  }
  return errors;
}
