import assert from 'node:assert/strict';
import type { z } from 'zod';

/**
 * The answer is exactly what the API contract (src/contract) says: every field of the schema, of
 * its type, and nothing else (zod drops unknown fields, so an extra one — a leaked column — shows
 * as a difference). The static `satisfies Presented<…>` of the routes cannot see either.
 */
export function assertContract<S extends z.ZodType>(schema: S, body: unknown, label = 'answer'): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) assert.fail(`${label} breaks the contract: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  assert.deepEqual(parsed.data, body, `${label}: fields the contract does not name`);
  return parsed.data;
}
