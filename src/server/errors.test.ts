import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { PDF_MESSAGES } from './attachments/pdf-inspect.verdict.ts';
import { ERROR_STATUS } from './errors.ts';

test('docs/api-errors.md lists every code with its status, and nothing else', () => {
  const doc = readFileSync(new URL('../../docs/api-errors.md', import.meta.url), 'utf8');
  const documented = new Map([...doc.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1]!, Number(m[2])]));
  assert.deepEqual(Object.fromEntries(documented), { ...ERROR_STATUS });
});

test('every refusal of the PDF inspection is a code of its own on the wire', () => {
  for (const code of [...Object.keys(PDF_MESSAGES), 'ATTACHMENT_ACTIVE_CONTENT']) assert.ok(Object.hasOwn(ERROR_STATUS, code), code);
});
