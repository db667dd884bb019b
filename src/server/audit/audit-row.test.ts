import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { actorFor } from '../../../test/support/actor.ts';
import { systemActor } from '../actor.ts';
import type { Account } from '../db/schema.ts';
import { auditRow } from './audit.service.ts';
import { runInRequestContext } from './request-context.ts';

const account = { id: '00000000-0000-4000-8000-00000000000a', kind: 'legal', roles: [], profile: {} } as unknown as Account;
const context = { ip: '203.0.113.5', requestId: 'context-request', accountId: '00000000-0000-4000-8000-00000000000b' };
const where = (row: ReturnType<typeof auditRow>) => [row.actorAccountId, row.actorLabel, row.clientIp, row.requestId];

describe('where an audit row says it came from', () => {
  test('the actor handed in wins over the request context the code runs in', () => {
    const actor = actorFor(account, { clientAddress: '198.51.100.23', requestId: 'actor-request' });
    const row = runInRequestContext(context, () => auditRow({ action: 'x', actor }));
    assert.deepEqual(where(row), [account.id, null, '198.51.100.23', 'actor-request']);
    const named = runInRequestContext(context, () => auditRow({ action: 'x', actorAccountId: 'someone', actor }));
    assert.deepEqual(where(named), ['someone', null, '198.51.100.23', 'actor-request'], 'a named account stays');
  });

  test('a public actor (no account) still gives its address and request id', () => {
    const row = runInRequestContext(context, () => auditRow({ action: 'x', actorLabel: 'idp-user', actor: actorFor(undefined, { clientAddress: '198.51.100.7', requestId: 'r' }) }));
    assert.deepEqual(where(row), [null, 'idp-user', '198.51.100.7', 'r']);
  });

  test('without an actor, the request context; a labelled entry is not attributed to its account', () => {
    assert.deepEqual(where(runInRequestContext(context, () => auditRow({ action: 'x' }))), [context.accountId, null, context.ip, context.requestId]);
    assert.deepEqual(where(runInRequestContext(context, () => auditRow({ action: 'x', actorLabel: 'system' }))), [null, 'system', context.ip, context.requestId]);
  });

  test('a job’s actor has no request: the request it runs in, if any, else nothing', () => {
    const job = systemActor('notice-period-job');
    assert.deepEqual(where(runInRequestContext(context, () => auditRow({ action: 'x', actorLabel: 'system', actor: job }))), [null, 'system', context.ip, context.requestId]);
    assert.deepEqual(where(auditRow({ action: 'x', actorLabel: 'system', actor: job })), [null, 'system', null, null]);
  });
});
