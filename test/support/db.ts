import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/server/db/database.ts';
import { migrateToLatest } from '../../src/server/db/migrate.ts';
import { idpSecrets } from '../../src/server/auth/idp/provider.ts';

/** Which backend this run targets: TEST_DB=postgres uses TEST_DATABASE_URL, otherwise in-memory PGlite. */
export const TEST_BACKEND: 'postgres' | 'pglite' = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';

export interface TestDatabase extends Database {
  /** Drop everything this test database holds. */
  dispose(): Promise<void>;
  /** PostgreSQL only: the connection string, for a second process on the same database. */
  url?: string;
}

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or a brand-new
 * PostgreSQL database created from TEST_DATABASE_URL and dropped afterwards.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  if (TEST_BACKEND === 'pglite') {
    // initdb costs seconds; every migrated database of this process starts from one dump.
    const database = migrate
      ? await openDatabase({ kind: 'pglite', loadDataDir: await migratedTemplate() })
      : await openDatabase({ kind: 'pglite' });
    return { ...database, dispose: () => database.close() };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DB=postgres needs TEST_DATABASE_URL');
  const name = `zizhi_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // scripts/test-db.mjs migrates one template database per run: a copy is ~5× cheaper than migrating.
  const template = migrate ? process.env.TEST_PG_TEMPLATE : undefined;
  await admin.query(template ? `create database ${name} template ${template}` : `create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.href, poolMax: 5 });
  if (migrate && !template) await migrateToLatest(database.db);
  return {
    ...database,
    url: url.href,
    dispose: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

let template: Promise<Blob> | undefined;
function migratedTemplate(): Promise<Blob> {
  // scripts/test-db.mjs builds one for the whole tier; run alone, a test file builds its own.
  const prebuilt = process.env.TEST_PGLITE_TEMPLATE;
  template ??= prebuilt ? readFile(prebuilt).then((bytes) => new Blob([bytes])) : (async () => {
    const database = await openDatabase({ kind: 'pglite' });
    await migrateToLatest(database.db);
    await idpSecrets(database.db);
    const dump = await database.dump!();
    await database.close();
    return dump;
  })();
  return template;
}
