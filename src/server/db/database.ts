import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.ts';
import { prepareMarkedStatements } from './prepared.ts';
import type { DB } from './schema.ts';

export interface Database {
  db: Kysely<DB>;
  kind: 'postgres' | 'pglite';
  /** PGlite only: the whole data directory as a tarball. */
  dump?: () => Promise<Blob>;
  /** One round trip; throws when the database is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; poolMax?: number }
  /** `loadDataDir`: start from a dump (dumpDataDir) instead of running initdb — tests use a migrated template. */
  | { kind: 'pglite'; dataDir?: string; loadDataDir?: Blob };

// int8 (bigserial ids, counts) as string on both drivers, never a lossy number.
const INT8 = 20;
pg.types.setTypeParser(INT8, (v) => v);
// DATE as the 'YYYY-MM-DD' it is: no time zone, so the two drivers cannot disagree.
const DATE = 1082;
pg.types.setTypeParser(DATE, (v) => v);

/** The embedded database's settings (issue 19.5: idle memory). */
const PGLITE_CONF = 'shared_buffers = 32MB';

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: target.poolMax ?? 10, connectionTimeoutMillis: 5_000 });
    // An idle client losing its server (restart, failover) must not crash the process.
    pool.on('error', () => {});
    prepareMarkedStatements(pool);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin({ maintainNestedObjectKeys: true })] });
    return {
      db,
      kind: 'postgres',
      ping: async () => void (await sql`select 1`.execute(db)),
      close: () => db.destroy(),
    };
  }

  const releaseLock = target.dataDir ? acquireDirLock(target.dataDir) : () => {};
  let pglite: PGlite;
  try {
    pglite = new PGlite({
      ...(target.dataDir ? { dataDir: path.join(target.dataDir, 'pglite') } : {}),
      parsers: { [INT8]: (v: string) => v, [DATE]: (v: string) => v },
      // PGlite's default 160 MB buffer pool is touched at start and held in the WebAssembly memory:
      // 125 MB of a server at rest for an embedded database that is small; the OS caches its files.
      postgresqlconf: PGLITE_CONF,
      ...(target.loadDataDir ? { loadDataDir: target.loadDataDir } : {}),
    });
    await pglite.waitReady;
  } catch (error) {
    releaseLock();
    throw error;
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite), plugins: [new CamelCasePlugin({ maintainNestedObjectKeys: true })] });
  let closed = false;
  return {
    db,
    kind: 'pglite',
    dump: () => pglite.dumpDataDir('none'),
    ping: async () => void (await sql`select 1`.execute(db)),
    close: async () => {
      if (closed) return;
      closed = true;
      await db.destroy();
      await pglite.close();
      releaseLock();
    },
  };
}

export class DataDirLockedError extends Error {
  constructor(readonly dir: string, readonly pid: number) {
    super(`数据目录 ${dir} 正被进程 ${pid} 使用；同一嵌入式数据库只能由一个进程打开（请先停止该进程，或设置 DATABASE_URL 使用 PostgreSQL）`);
    this.name = 'DataDirLockedError';
  }
}

/**
 * PGlite has no inter-process locking: two processes on one folder silently lose writes.
 * A lock file holding our pid guards the folder; a lock left by a dead process is taken over.
 */
function acquireDirLock(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, 'zizhi.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new DataDirLockedError(dataDir, holder);
      }
      if (holder === process.pid) throw new DataDirLockedError(dataDir, holder);
      unlinkSync(lockPath); // stale: its process is gone
    }
  }
  throw new Error(`cannot lock ${lockPath}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
