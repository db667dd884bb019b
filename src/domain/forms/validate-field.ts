import {
  validateEmail,
  validateIdNumber,
  validateMobile,
  validatePhone,
  validatePostalCode,
  validateUscc,
  type ValidationResult,
} from '../identifiers/index.ts';
import type { FieldDefinition } from '../items/types.ts';

const BY_KIND: Partial<Record<FieldDefinition['kind'], (value: string) => ValidationResult>> = {
  uscc: validateUscc,
  postal: validatePostalCode,
  email: validateEmail,
  mobile: validateMobile,
  phone: validatePhone,
};

/**
 * One field's value against its definition: the message to show, or undefined when valid.
 * `context` carries sibling values a rule depends on (证件号码 checks only for 居民身份证).
 */
export function validateField(field: FieldDefinition, raw: unknown, context: Readonly<Record<string, unknown>> = {}): string | undefined {
  const value = typeof raw === 'string' ? raw.trim() : '';
  if (!value) return field.required ? `${field.kind === 'select' ? '请选择' : '请输入'}${field.label}` : undefined;
  if (field.maxLength !== undefined && value.length > field.maxLength) return `${field.label}不能超过${field.maxLength}个字`;
  if (field.options && !field.options.includes(value)) return `请从列表中选择${field.label}`;
  if (field.kind === 'id-number') {
    if ((context.idType ?? '居民身份证') === '居民身份证') {
      const r = validateIdNumber(value);
      return r.ok ? undefined : r.message;
    }
    return /^[A-Za-z0-9]{5,30}$/.test(value) ? undefined : `${field.label}只能包含字母和数字`;
  }
  const check = BY_KIND[field.kind];
  if (!check) return undefined;
  const r = check(value);
  return r.ok ? undefined : r.message;
}
