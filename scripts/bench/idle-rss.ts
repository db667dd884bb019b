import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, startServer } from '../../test/support/server-process.ts';

/** One statement on the admin connection (create or drop a database), on a client of its own. */
export async function adminStatement(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Resident memory of a process, from /proc (Linux). */
function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

/**
 * Issue 19.5: the compiled server as `npm start` runs it, at rest 3 s after /readyz: on a fresh
 * embedded database (initdb, migrations, demo accounts), started again on it, and on a fresh
 * PostgreSQL database. The figure is the server process alone (no npm wrapper).
 */
export async function idleRss(adminUrl: string | undefined): Promise<{ label: string; mb: number }[]> {
  const out: { label: string; mb: number }[] = [];
  const measure = async (label: string, env: Record<string, string>) => {
    const port = await freePort();
    const server = await startServer({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, SEED_DEMO: 'auto', ...env }, { timeoutMs: 180_000 });
    try {
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      out.push({ label, mb: rssMb(server.child.pid!) });
    } finally {
      await server.stop();
    }
  };
  const dir = mkdtempSync(path.join(tmpdir(), 'zizhi-rss-'));
  try {
    const embedded = { DATA_DIR: path.join(dir, 'data'), BLOB_DIR: path.join(dir, 'blobs') };
    await measure('embedded (PGlite), fresh data directory', embedded);
    await measure('embedded (PGlite), started again', embedded);
    if (adminUrl) {
      const name = `zizhi_rss_${Date.now().toString(36)}`;
      const admin = (statement: string) => adminStatement(adminUrl, statement);
      await admin(`create database ${name}`);
      try {
        const url = new URL(adminUrl);
        url.pathname = `/${name}`;
        await measure('PostgreSQL, fresh database', { DATABASE_URL: url.href, BLOB_DIR: path.join(dir, 'blobs-pg') });
      } finally {
        await admin(`drop database if exists ${name} with (force)`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
