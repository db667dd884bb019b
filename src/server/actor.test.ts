import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { requestActor, requireAccount, systemActor } from './actor.ts';
import { AppError } from './errors.ts';
import { accountOf as account } from '../../test/support/actor.ts';

describe('Actor', () => {
  test('a request actor carries the account, its staff roles, the client address and the request id', () => {
    const actor = requestActor({ account: account('staff', ['acceptor', 'head', 'no-such-role']), clientAddress: '203.0.113.9', requestId: 'req-1' });
    assert.deepEqual(actor.roles, ['acceptor', 'head'], 'unknown roles are dropped');
    assert.equal(actor.clientAddress, '203.0.113.9');
    assert.equal(actor.requestId, 'req-1');
    assert.equal(actor.account?.id, '00000000-0000-4000-8000-000000000001');
    assert.equal(actor.job, undefined);
  });

  test('applicants hold no staff roles, even with roles in their row', () => {
    assert.deepEqual(requestActor({ account: account('legal', ['acceptor']), clientAddress: '::1', requestId: 'r' }).roles, []);
    assert.deepEqual(requestActor({ account: undefined, clientAddress: '::1', requestId: 'r' }).roles, []);
  });

  test('an actor cannot be changed once built', () => {
    const actor = requestActor({ account: account('staff', ['reviewer']), clientAddress: '::1', requestId: 'r' });
    assert.throws(() => ((actor as { clientAddress: string }).clientAddress = '198.51.100.1'), TypeError);
    assert.throws(() => (actor.roles as string[]).push('head'), TypeError);
    assert.ok(Object.isFrozen(systemActor('job')));
  });

  test('a job acts without account, address or request', () => {
    assert.deepEqual({ ...systemActor('notice-period-job') }, { account: undefined, roles: [], clientAddress: null, requestId: null, job: 'notice-period-job' });
  });

  test('requireAccount narrows to the account and refuses the public with 401', () => {
    const a = account('natural');
    assert.equal(requireAccount(requestActor({ account: a, clientAddress: '::1', requestId: 'r' })), a);
    for (const [actor, message] of [
      [requestActor({ account: undefined, clientAddress: '::1', requestId: 'r' }), '请先登录'],
      [systemActor('job'), '请先登录'],
    ] as const) {
      assert.throws(() => requireAccount(actor), (e: unknown) => e instanceof AppError && e.code === 'UNAUTHENTICATED' && e.message === message);
    }
  });
});
