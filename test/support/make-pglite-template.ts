// Writes a migrated PGlite data directory dump to the path given, once per database tier:
// every test process loads it instead of running initdb (≈ 4 s of WASM each) and the migrations.
import { writeFile } from 'node:fs/promises';
import { openDatabase } from '../../src/server/db/database.ts';
import { migrateToLatest } from '../../src/server/db/migrate.ts';
import { idpSecrets } from '../../src/server/auth/idp/provider.ts';

const target = process.argv[2];
if (!target) throw new Error('usage: make-pglite-template.ts <file>');
const database = await openDatabase({ kind: 'pglite' });
await migrateToLatest(database.db);
// The identity provider's RSA key once for the tier, not ~160 ms in every test app.
await idpSecrets(database.db);
const dump = await database.dump!();
await database.close();
await writeFile(target, Buffer.from(await dump.arrayBuffer()));
