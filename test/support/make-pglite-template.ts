// Writes a migrated PGlite data directory dump to the path given, once per database tier:
// every test process loads it instead of running initdb (≈ 4 s of WASM each) and the migrations.
import { writeFile } from 'node:fs/promises';
import { migratedPgliteDump } from './db.ts';

const target = process.argv[2];
if (!target) throw new Error('usage: make-pglite-template.ts <file>');
const dump = await migratedPgliteDump();
await writeFile(target, Buffer.from(await dump.arrayBuffer()));
