import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { BatchInputSchema } from '../../contract/notices.ts';
import { routeSchema } from './contract.ts';

describe('routeSchema: JSON Schema for Fastify’s Ajv from the contract', () => {
  it('is draft-07 without $schema; a strict object refuses unknown fields; bounds and uniqueness carry over', () => {
    const json = routeSchema(BatchInputSchema);
    assert.equal(json.$schema, undefined);
    assert.equal(json.type, 'object');
    assert.equal(json.additionalProperties, false);
    assert.deepEqual(json.required, ['kind', 'applicationIds']);
    const props = json.properties as Record<string, Record<string, unknown>>;
    assert.deepEqual(props.kind, { type: 'string', enum: ['notice', 'announcement'] });
    assert.deepEqual(props.applicationIds, { type: 'array', minItems: 1, maxItems: 500, uniqueItems: true, items: { type: 'string', maxLength: 64 } });
    assert.deepEqual(props.periodDays, { type: 'integer', minimum: 1, maximum: 60 });
  });

  it('keeps the types Ajv coerces query strings into (integers, booleans, numeric enums)', () => {
    const query = z.strictObject({ page: z.int().min(1).optional(), overdue: z.boolean().optional(), pageSize: z.literal([10, 20, 50, 100]).optional() });
    const props = routeSchema(query).properties as Record<string, Record<string, unknown>>;
    assert.equal(props.page!.type, 'integer');
    assert.equal(props.overdue!.type, 'boolean');
    assert.equal(props.pageSize!.type, 'number');
    assert.deepEqual(props.pageSize!.enum, [10, 20, 50, 100]);
  });

  it('derives each schema once, and refuses what JSON Schema cannot say rather than validating less', () => {
    assert.equal(routeSchema(BatchInputSchema), routeSchema(BatchInputSchema));
    assert.throws(() => routeSchema(z.strictObject({ at: z.date() })));
  });
});
