// Creates and migrates a PostgreSQL template database (name given) on TEST_DATABASE_URL, once
// per database tier: every test database is then `create database … template` it.
import pg from 'pg';
import { openDatabase } from '../../src/server/db/database.ts';
import { migrateToLatest } from '../../src/server/db/migrate.ts';
import { idpSecrets } from '../../src/server/auth/idp/provider.ts';

const [name] = process.argv.slice(2);
const adminUrl = process.env.TEST_DATABASE_URL;
if (!name || !/^[a-z_][a-z0-9_]*$/.test(name) || !adminUrl) throw new Error('usage: TEST_DATABASE_URL=… make-postgres-template.ts <name>');
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${name}`);
await admin.end();
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const database = await openDatabase({ kind: 'postgres', url: url.href, poolMax: 1 });
await migrateToLatest(database.db);
// The identity provider's RSA key once for the tier, not ~160 ms in every test app.
await idpSecrets(database.db);
await database.close();
