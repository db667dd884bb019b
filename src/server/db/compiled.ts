import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { DB } from './schema.ts';

/**
 * A hot query built and compiled by Kysely once per database handle, then only bound: building
 * the query tree, running the plugins over it and printing its SQL cost ~40 µs per statement,
 * on every request for the session lookup.
 *
 * `build` is called once with placeholder arguments, which must reach the SQL as bound
 * parameters exactly as given (no `JSON.stringify`, no `in` list whose length depends on them);
 * every call then sends the same SQL with the placeholders' parameters replaced by its
 * arguments. A placeholder that did not arrive as a parameter throws at first use.
 */
export function compiledOnce<A extends readonly unknown[], R>(
  build: (db: Kysely<DB>, ...args: A) => Compilable<R>,
): (db: Kysely<DB>, ...args: A) => Promise<R[]> {
  const compiled = new WeakMap<Kysely<DB>, { sql: string; parameters: readonly unknown[]; slots: readonly number[] }>();
  return async (db, ...args) => {
    let query = compiled.get(db);
    if (!query) {
      // Objects no caller could pass: found again among the parameters by identity.
      const marks = args.map((_, i) => Object.freeze({ compiledOnceArgument: i })) as unknown as A;
      const { sql, parameters } = build(db, ...marks).compile();
      const slots = marks.map((mark) => parameters.indexOf(mark));
      if (slots.some((slot, i) => slot < 0 || parameters.lastIndexOf(marks[i]) !== slot)) {
        throw new Error(`compiledOnce: an argument is not one bound parameter of ${sql}`);
      }
      query = { sql, parameters, slots };
      compiled.set(db, query);
    }
    const parameters = [...query.parameters];
    query.slots.forEach((slot, i) => (parameters[slot] = args[i]));
    return (await db.executeQuery<R>(CompiledQuery.raw(query.sql, parameters) as CompiledQuery<R>)).rows;
  };
}
