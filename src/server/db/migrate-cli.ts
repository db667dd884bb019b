import { ConfigError, loadConfig } from '../config.ts';
import { openDatabase } from './database.ts';
import { migrateDown, migrateToLatest } from './migrate.ts';

// npm run migrate [-- down]
try {
  const config = loadConfig(process.env);
  const database = await openDatabase(
    config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: config.dataDir },
  );
  try {
    const ran = process.argv[2] === 'down' ? await migrateDown(database.db) : await migrateToLatest(database.db);
    console.log(ran.length ? ran.join('\n') : '数据库已是最新版本');
  } finally {
    await database.close();
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `迁移失败：${(error as Error).message}`);
  process.exit(1);
}
