export type ValidationResult = { ok: true; value: string } | { ok: false; message: string };

export const valid = (value: string): ValidationResult => ({ ok: true, value });

export const invalid = (message: string): ValidationResult => ({ ok: false, message });
