import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sampleApplication } from '../../src/domain/items/fixtures.ts';
import { TEST_PUBLIC_URL } from '../support/app.ts';
import { ApplicantApi } from '../support/applicant.ts';
import { TEST_BACKEND } from '../support/db.ts';
import { loggedInLegal } from '../support/flows.ts';
import { privatePostgresUnavailable, startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres.ts';
import { eventually, freePort, readyStatus, remoteTestApp, sleep, startServer, Upstreams, type ServerProcess } from '../support/server-process.ts';

// R7 of QUALITY.md §3.4: PostgreSQL goes away under a running app and comes back. The app says
// so on /readyz (503), keeps its process, and serves again by itself once the database is back.
// The database is a private cluster started here: the machine's shared server is in use by
// other test files at the same time and must never be restarted.

const unavailable = privatePostgresUnavailable();
function skipReason(): string | false {
  if (TEST_BACKEND !== 'postgres') return 'runs once, in the PostgreSQL run (on a private cluster of its own)';
  if (!unavailable) return false;
  // Under CI=true a missing PostgreSQL server is a failure, never a silent skip (see the before hook).
  return process.env.CI === 'true' ? false : `no private PostgreSQL cluster possible: ${unavailable}`;
}

describe('PostgreSQL restarted while the app serves', { skip: skipReason() }, () => {
  let cluster: PrivatePostgres | undefined;
  let server: ServerProcess | undefined;
  let blobDir: string;

  before(async () => {
    assert.equal(unavailable, undefined, `CI=true: ${unavailable}`);
    blobDir = mkdtempSync(path.join(tmpdir(), 'zizhi-pgrestart-'));
    cluster = await startPrivatePostgres(await freePort());
    server = await startServer({
      PORT: String(await freePort()),
      PUBLIC_URL: TEST_PUBLIC_URL,
      BLOB_DIR: blobDir,
      DATABASE_URL: cluster.url,
      DATABASE_POOL_MAX: '4',
    });
  });

  after(async () => {
    await server?.kill9();
    await cluster?.destroy();
    if (blobDir) rmSync(blobDir, { recursive: true, force: true });
  });

  test('/readyz answers 503 while the database is down, the process lives on, and it recovers without a restart of its own', async (t) => {
    const port = server!.port;
    const remote = remoteTestApp({ publicUrl: TEST_PUBLIC_URL, upstreams: new Upstreams([port]) });
    const { browser } = await loggedInLegal(remote);
    const api = new ApplicantApi(remote, browser);
    const values = sampleApplication('nonlocal-filing', 'filing').applicant;
    const created = await api.call('POST', '/api/applications', { item: 'nonlocal-filing', values });
    assert.equal(created.statusCode, 201, created.body);
    const draft = created.json();
    // Several idle connections in the pool when the server goes: each of them errors.
    await Promise.all(Array.from({ length: 4 }, () => api.call('GET', `/api/applications/${draft.id}`)));
    assert.equal(await readyStatus(port), 200);

    await cluster!.crash();
    const downAt = Date.now();
    const alive = () => assert.equal(server!.child.exitCode, null, `the process must live on: ${server!.output().slice(-3000)}`);
    assert.ok(await eventually(async () => server!.child.exitCode !== null || (await readyStatus(port)) === 503, 10_000), '/readyz turns 503');
    alive();
    t.diagnostic(`503 on /readyz ${Date.now() - downAt} ms after the crash`);
    const during = await api.call('GET', `/api/applications/${draft.id}`);
    assert.equal(during.statusCode, 503, `an API call answers 503 while the database is down: ${during.body}`);
    assert.equal(during.json().error.code, 'DATABASE_UNAVAILABLE');
    assert.doesNotMatch(during.body, /ECONNREFUSED|postgres|stack|at .*\.ts/i, 'no internals in the answer');
    assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200, 'liveness does not depend on the database');
    // Stay down a while: pool errors, failed connects, background jobs failing — the process must survive all of it.
    for (let i = 0; i < 6; i++) {
      alive();
      assert.equal(await readyStatus(port), 503);
      await sleep(300);
    }
    alive();

    await cluster!.start();
    const upAt = Date.now();
    assert.ok(await eventually(async () => (await readyStatus(port)) === 200, 15_000), `/readyz back to 200: ${server!.output().slice(-2000)}`);
    t.diagnostic(`200 on /readyz ${Date.now() - upAt} ms after PostgreSQL accepted connections again`);

    // A real call with the session made before the outage: a write that bumps the version.
    const saved = await api.call('PUT', `/api/applications/${draft.id}/steps/applicant`, { version: draft.version, values: { ...values, email: 'after-restart@example.cn' } });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.equal(saved.json().version, draft.version + 1);
    const read = await api.call('GET', `/api/applications/${draft.id}`);
    assert.equal(read.json().data.applicant.email, 'after-restart@example.cn');
    alive();
  });
});
