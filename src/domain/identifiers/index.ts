export type { ValidationResult } from './result.ts';
export { invalid, valid } from './result.ts';
export { listInvalidChars, normalizeCode, toHalfWidth } from './normalize.ts';
export { USCC_CHARSET, orgCodeCheckChar, usccCheckChar, validateUscc } from './uscc.ts';
export { ID_PROVINCE_CODES, idNumberCheckChar, isAdultIdNumber, validateIdNumber } from './id-number.ts';
export { validateEmail, validateMobile, validatePhone, validatePostalCode } from './contact.ts';
export type { NameKind } from './names.ts';
export { validateNameText } from './names.ts';
