import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type pg from 'pg';

/**
 * Hot read queries kept as prepared statements on each PostgreSQL connection: parsed and planned
 * once, then only bound. Planning a query over `applications` (many indexes, extended statistics)
 * costs 0.6–0.8 ms, as much as running a searched page; after five runs PostgreSQL settles on a
 * generic plan where its cost is no worse. Only queries whose plan does not hinge on a parameter's
 * value should be marked. PGlite ignores the mark (it is an SQL comment).
 */
const MARK = '/* prepared */';

/** Mark a Kysely query to be prepared (the statement text is its name's key). */
export function prepared<Q extends { modifyEnd(modifier: ReturnType<typeof sql.raw>): Q }>(query: Q): Q {
  return query.modifyEnd(sql.raw(MARK));
}

type Query = (...args: unknown[]) => unknown;

/** Statement names by text: a handful of marked queries, each hashed once per process. */
const names = new Map<string, string>();
function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) names.set(text, (name = `z_${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`));
  return name;
}

/** Route marked statements of this pool's clients through named prepared statements. */
export function prepareMarkedStatements(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as Query;
    (client as { query: Query }).query = (config: unknown, values?: unknown, callback?: unknown) => {
      if (typeof config === 'string' && config.endsWith(MARK) && typeof values !== 'function') {
        return query({ name: nameOf(config), text: config, values }, callback);
      }
      return query(config, values, callback);
    };
  });
}
