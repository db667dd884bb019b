import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

// The layer rules of eslint.config.js are only worth having if they catch a violating file.

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });
const rulesHit = async (code: string, filePath: string) => (await eslint.lintText(code, { filePath }))[0]!.messages.map((m) => m.ruleId);

describe('lint boundaries', () => {
  it('a service that writes SQL itself is flagged; its repository may', async () => {
    const code = "import type { Kysely } from 'kysely';\nexport const f = (db: Kysely<any>) => db.selectFrom('accounts').selectAll().execute();\n";
    assert.deepEqual(await rulesHit(code, 'src/server/ratings/new-thing.service.ts'), ['no-restricted-syntax']);
    assert.deepEqual(await rulesHit(code, 'src/server/ratings/new-thing.repository.ts'), []);
    assert.deepEqual(await rulesHit(code.replace('selectFrom', 'updateTable'), 'src/server/ratings/new-thing.routes.ts'), ['no-restricted-syntax']);
  });

  it('another area’s repository is flagged; its own and db/ are not', async () => {
    const other = "import { listOwnApplications } from '../applications/applications.repository.ts';\nexport const g = listOwnApplications;\n";
    assert.deepEqual(await rulesHit(other, 'src/server/ratings/new-thing.service.ts'), ['no-restricted-imports']);
    assert.deepEqual(await rulesHit(other.replace("'../", "'../../"), 'src/server/auth/idp/new-thing.ts'), ['no-restricted-imports']);
    const nested = "import { insertIdpUser } from '../auth/idp/idp-users.repository.ts';\nexport const h = insertIdpUser;\n";
    assert.deepEqual(await rulesHit(nested, 'src/server/admin/new-thing.service.ts'), ['no-restricted-imports']);
    const fromRoot = "import { upsertAccount } from './accounts/accounts.repository.ts';\nexport const k = upsertAccount;\n";
    assert.deepEqual(await rulesHit(fromRoot, 'src/server/new-thing.ts'), ['no-restricted-imports']);
    assert.deepEqual(await rulesHit(fromRoot.replace('./accounts/accounts', './db/app-secrets'), 'src/server/new-thing.ts'), []);
    const own = "import { findRating } from './ratings.repository.ts';\nimport { escapeLike } from '../db/sql-helpers.ts';\nexport const g = [findRating, escapeLike];\n";
    assert.deepEqual(await rulesHit(own, 'src/server/ratings/new-thing.service.ts'), []);
  });

  it('services take the Actor: outside routes and plugins, a server file importing Fastify is flagged', async () => {
    const code = "import type { FastifyRequest } from 'fastify';\nexport const who = (request: FastifyRequest) => request.ip;\n";
    for (const file of ['src/server/ratings/new-thing.service.ts', 'src/server/ratings/new-thing.repository.ts', 'src/server/cases/new-thing.ts']) {
      assert.deepEqual(await rulesHit(code, file), ['no-restricted-imports'], file);
    }
    const plugin = "import fp from 'fastify-plugin';\nexport const p = fp(async () => {});\n";
    assert.deepEqual(await rulesHit(plugin, 'src/server/ratings/new-thing.service.ts'), ['no-restricted-imports']);
    assert.deepEqual(await rulesHit("import multipart from '@fastify/multipart';\nexport const m = multipart;\n", 'src/server/notices/x.ts'), ['no-restricted-imports']);
    for (const file of ['src/server/ratings/new-thing.routes.ts', 'src/server/plugins/new-thing.plugin.ts', 'src/server/http/new-thing.ts', 'src/server/auth/new-thing.ts', 'src/server/new-thing.ts']) {
      assert.deepEqual(await rulesHit(code, file), [], file);
    }
    const actor = "import type { Actor } from '../actor.ts';\nexport const who = (actor: Actor) => actor.clientAddress;\n";
    assert.deepEqual(await rulesHit(actor, 'src/server/ratings/new-thing.service.ts'), []);
    // The rule adds to the server's import rules; it does not replace them.
    const repository = "import { listOwnApplications } from '../applications/applications.repository.ts';\nexport const g = listOwnApplications;\n";
    assert.deepEqual(await rulesHit(repository, 'src/server/ratings/new-thing.service.ts'), ['no-restricted-imports']);
    assert.deepEqual(await rulesHit(repository, 'src/server/ratings/new-thing.routes.ts'), ['no-restricted-imports']);
  });

  it('the browser never imports server code, and the domain stays runtime-neutral', async () => {
    assert.deepEqual(await rulesHit("import { createApp } from '../../server/app.ts';\nexport const a = createApp;\n", 'src/web/app/x.ts'), ['no-restricted-imports']);
    assert.deepEqual(await rulesHit("import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n", 'src/domain/items/x.ts'), ['no-restricted-imports']);
  });

  it('the browser’s API client declares no shapes of its own; it imports them from the contract', async () => {
    const restated = "import { api } from './client.ts';\nexport interface Thing { id: string }\nexport const get = () => api<Thing>('GET', '/api/thing');\n";
    assert.deepEqual(await rulesHit(restated, 'src/web/api/thing.ts'), ['no-restricted-syntax']);
    const inline = "import { api } from './client.ts';\nexport const get = () => api<{ id: string }>('GET', '/api/thing');\n";
    assert.deepEqual(await rulesHit(inline, 'src/web/api/thing.ts'), ['no-restricted-syntax']);
    const alias = "export type Status = 'open' | 'closed';\n";
    assert.deepEqual(await rulesHit(alias, 'src/web/api/thing.ts'), ['no-restricted-syntax']);
    const imported = "import type { StaffList } from '../../contract/admin.ts';\nimport { api } from './client.ts';\nexport type { StaffAccount } from '../../contract/admin.ts';\nexport const get = () => api<StaffList>('GET', '/api/admin/staff');\n";
    assert.deepEqual(await rulesHit(imported, 'src/web/api/thing.ts'), []);
  });

  it('a browser journey takes test from e2e/test.ts, which closes the contexts it opens', async () => {
    const direct = "import { test } from '@playwright/test';\ntest('x', async () => {});\n";
    assert.deepEqual(await rulesHit(direct, 'e2e/new-journey.spec.ts'), ['no-restricted-imports']);
    assert.deepEqual(await rulesHit(direct.replace('@playwright/test', './test.ts'), 'e2e/new-journey.spec.ts'), []);
  });

  it('the contract imports neither the server nor the browser, nor anything tied to a runtime', async () => {
    for (const source of ['../server/errors.ts', '../web/api/client.ts', 'node:crypto', 'fastify', 'react']) {
      const code = `import * as x from '${source}';\nexport const y = x;\n`;
      assert.deepEqual(await rulesHit(code, 'src/contract/thing.ts'), ['no-restricted-imports'], source);
    }
    const shared = "import { z } from 'zod';\nimport { RATING_LEVELS } from '../domain/ratings.ts';\nexport const S = z.enum(RATING_LEVELS);\n";
    assert.deepEqual(await rulesHit(shared, 'src/contract/thing.ts'), []);
  });

  it('an AppError made anywhere but errors.ts is flagged; appError is how a code is thrown', async () => {
    const made = "import { AppError } from '../errors.ts';\nexport const e = () => new AppError('UNAUTHENTICATED', { status: 401, message: '请先登录' });\n";
    assert.deepEqual(await rulesHit(made, 'src/server/ratings/new-thing.service.ts'), ['no-restricted-syntax']);
    assert.deepEqual(await rulesHit(made, 'src/server/ratings/new-thing.repository.ts'), ['no-restricted-syntax'], 'repositories too');
    const subclass = "import { AppError } from './errors.ts';\nexport class TooLate extends AppError {}\n";
    assert.deepEqual(await rulesHit(subclass, 'src/server/new-thing.ts'), ['no-restricted-syntax']);
    const thrown = "import { appError } from '../errors.ts';\nexport const f = (endsOn: string) => { throw appError('STATEMENT_PERIOD_CLOSED', { endsOn }); };\n";
    assert.deepEqual(await rulesHit(thrown, 'src/server/ratings/new-thing.service.ts'), []);
    // The query-builder rule still holds where both apply.
    const sql = "import type { Kysely } from 'kysely';\nexport const f = (db: Kysely<any>) => db.selectFrom('accounts').selectAll().execute();\n";
    assert.deepEqual(await rulesHit(sql, 'src/server/errors.ts'), ['no-restricted-syntax']);
  });
});
