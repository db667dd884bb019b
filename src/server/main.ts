import { spawn } from 'node:child_process';
import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createApp } from './app.ts';
import { openDatabase, type Database } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { formatDemoAccounts, seedDemoAccounts } from './seed.ts';
import { runPrimary } from './cluster.ts';

function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

const config = readConfig();
const logger = {
  level: config.logLevel,
  redact: {
    paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', '*.password', '*.idNumber', '*.id_number'],
    censor: '[redacted]',
  },
};
const dbLabel = () => (config.databaseUrl ? 'PostgreSQL' : `嵌入式 PGlite（${config.dataDir}）`);
const startedLine = (processes: string) =>
  `zizhi 已启动：${config.publicUrl}  数据库：${dbLabel()}  身份认证：${config.oidc.mode === 'bundled' ? '内置' : config.oidc.issuer}${processes}`;

async function open(): Promise<Database> {
  try {
    return await openDatabase(
      config.databaseUrl
        ? { kind: 'postgres', url: config.databaseUrl, poolMax: config.databasePoolMax }
        : { kind: 'pglite', dataDir: config.dataDir },
    );
  } catch (error) {
    console.error(`无法打开数据库：${(error as Error).message}`);
    process.exit(1);
  }
}

/**
 * Migrations, and the demo accounts where they belong: once, before anything serves. Says whether
 * it changed the database (migrations applied).
 */
async function prepare(database: Database): Promise<boolean> {
  let applied: string[];
  try {
    applied = await migrateToLatest(database.db);
  } catch (error) {
    console.error(`无法打开数据库：${(error as Error).message}`);
    process.exit(1);
  }
  // Staff always log in at the bundled identity provider, with an external issuer too: seed it either way.
  const shouldSeed = config.seedDemo === 'true' || (config.seedDemo === 'auto' && database.kind === 'pglite');
  if (shouldSeed) {
    const seeded = await seedDemoAccounts(database.db, { publicUrl: config.publicUrl });
    if (seeded) console.log(`\n${formatDemoAccounts(seeded)}\n`);
  }
  return applied.length > 0;
}

/**
 * A fresh embedded database is created (initdb) and migrated by a short-lived child process, the
 * compiled migration command: PGlite's WebAssembly memory keeps what that took (~870 MB at rest
 * before), and the server then opens a database with nothing left to do. From the sources (npm run
 * dev) there is no compiled command; the reopen in serve() stands in.
 */
async function createEmbeddedApart(): Promise<void> {
  if (config.databaseUrl || import.meta.url.endsWith('.ts') || existsSync(path.join(config.dataDir, 'pglite'))) return;
  const command = fileURLToPath(new URL('./migrate-cli.js', import.meta.url));
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [command], { stdio: ['ignore', 'ignore', 'inherit'], env: process.env });
    child.on('error', () => resolve(null));
    child.on('exit', resolve);
  });
  if (code !== 0) {
    console.error(`无法创建嵌入式数据库（${config.dataDir}）`);
    process.exit(1);
  }
}

/** This process serves: the app on the port (alone, or as one worker of several sharing it). */
async function serve(): Promise<void> {
  if (cluster.isPrimary) await createEmbeddedApart();
  let database = await open();
  if (cluster.isPrimary && (await prepare(database)) && database.kind === 'pglite') {
    // PGlite's WebAssembly memory grows to what initdb and the migrations needed and never gives it
    // back: a fresh embedded database held ~870 MB at rest, against ~400 MB opened afresh. So after
    // migrating, it is closed and opened again before serving (a second or so, on those starts only).
    await database.close();
    database = await open();
  }
  const app = await createApp({ config, database, logger });

  let closing = false;
  async function shutdown(signal: string) {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      app.log.error('shutdown timed out');
      process.exit(1);
    }, 10_000);
    force.unref();
    try {
      await app.close();
      await database.close();
    } finally {
      clearTimeout(force);
    }
    process.exit(0);
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    console.error(`无法监听 ${config.host}:${config.port}：${(error as Error).message}`);
    await database.close();
    process.exit(1);
  }
  if (cluster.isPrimary) console.log(startedLine(''));
}

if (cluster.isPrimary && config.webConcurrency > 1) {
  // Several processes on one PostgreSQL (config refuses it on the embedded database): the primary
  // migrates and seeds once, then only watches its workers.
  const database = await open();
  await prepare(database);
  await database.close();
  runPrimary({ workers: config.webConcurrency, started: () => console.log(startedLine(`  进程数：${config.webConcurrency}`)) });
} else {
  await serve();
}
