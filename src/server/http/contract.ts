/**
 * The server's side of the API contract (src/contract): route schemas derived from its zod
 * schemas, handler types inferred from them, and the check that a presenter's output is the
 * contract's response once serialized.
 *
 * Validation stays with Fastify's Ajv on the derived JSON Schema, not zod: querystring coercion,
 * the Chinese messages of errors.ts (built on Ajv's keywords) and the generated bad-input suite,
 * which reads each route's JSON Schema, all keep working unchanged.
 */
import type { FastifyTypeProvider } from 'fastify';
import { z } from 'zod';
import type { IsTimestamp } from '../../contract/common.ts';

declare const validates: unique symbol;

/** A route's JSON Schema that remembers the type of the values it accepts. */
export type RouteSchema<T> = Record<string, unknown> & { readonly [validates]?: T };

const derived = new WeakMap<z.ZodType, Record<string, unknown>>();

/**
 * The JSON Schema (draft-07, what Fastify's Ajv speaks) of a contract schema, for a route's
 * `body`, `querystring` or `params`. Unrepresentable parts (transforms, custom checks) throw, so a
 * schema never validates less on the server than it says.
 */
export function routeSchema<S extends z.ZodType>(schema: S): RouteSchema<z.output<S>> {
  let json = derived.get(schema);
  if (!json) {
    const { $schema: _, ...rest } = z.toJSONSchema(schema, { target: 'draft-7', io: 'input', unrepresentable: 'throw' }) as Record<string, unknown>;
    json = rest;
    derived.set(schema, json);
  }
  return json;
}

/**
 * Types `request.body`, `.query` and `.params` from the `routeSchema` of each
 * (`app.withTypeProvider<ContractTypeProvider>()`), so no handler restates a shape.
 */
export interface ContractTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends RouteSchema<infer T> ? T : unknown;
  serializer: this['schema'] extends RouteSchema<infer T> ? T : unknown;
}

/**
 * What a presenter may return for the wire type T: the same shape, except that a timestamp may
 * still be a Date (JSON.stringify turns it into the ISO string the browser receives).
 * `presenter(...) satisfies Presented<Contract>` checks names, nullability and types of every field.
 */
export type Presented<T> = T extends unknown
  ? IsTimestamp<T> extends true
    ? string | Date
    : T extends readonly (infer U)[]
      ? readonly Presented<U>[]
      : T extends object
        ? { [K in keyof T]: Presented<T[K]> }
        : T
  : never;
