import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { sql } from 'kysely';
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
  template ??= prebuilt ? readFile(prebuilt).then((bytes) => new Blob([bytes])) : migratedPgliteDump();
  return template;
}

/**
 * A migrated PGlite data directory as a tarball, made to be loaded hundreds of times: every test
 * app opens one. Loading costs in proportion to the files it holds (PGlite writes each into its
 * in-memory file system), so the dump leaves out the template0 and template1 databases, which
 * nothing in a test uses (PGlite has one backend and never runs CREATE DATABASE): 1 281 → ~450
 * files, ≈ 0.6 → 0.33 s of CPU per test app.
 */
export async function migratedPgliteDump(): Promise<Blob> {
  const database = await openDatabase({ kind: 'pglite' });
  try {
    await migrateToLatest(database.db);
    // The identity provider's RSA key once for the tier, not ~160 ms in every test app.
    await idpSecrets(database.db);
    await sql`update pg_database set datistemplate = false where datname in ('template0', 'template1')`.execute(database.db);
    await sql`drop database template0`.execute(database.db);
    await sql`drop database template1`.execute(database.db);
    await sql`checkpoint`.execute(database.db);
    return await database.dump!();
  } finally {
    await database.close();
  }
}
