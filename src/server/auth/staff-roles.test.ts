import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { requestActor, systemActor } from '../actor.ts';
import type { Account } from '../db/schema.ts';
import { AppError, type ErrorCode } from '../errors.ts';
import { caseRolesOrThrow, requireRole, staffRolesOrThrow } from './staff-roles.ts';
import { accountOf } from '../../../test/support/actor.ts';

const account = (kind: Account['kind'], roles: string[] = []) => accountOf(kind, roles, { id: '00000000-0000-4000-8000-000000000002', subject: 'staff-1', displayName: '工作人员' });
const actorOf = (a: Account | undefined) => requestActor({ account: a, clientAddress: '192.0.2.7', requestId: 'req' });
const refused = (code: ErrorCode, message: string) => (e: unknown) => e instanceof AppError && e.code === code && e.message === message;

describe('role guards on the actor', () => {
  test('the public is 401, applicants and role-less staff 403', () => {
    for (const guard of [staffRolesOrThrow, caseRolesOrThrow, (a: Parameters<typeof requireRole>[0]) => requireRole(a, ['head'])]) {
      assert.throws(() => guard(actorOf(undefined)), refused('UNAUTHENTICATED', '请先登录'));
      assert.throws(() => guard(systemActor('job')), refused('UNAUTHENTICATED', '请先登录'));
      assert.throws(() => guard(actorOf(account('legal', ['head']))), refused('STAFF_ONLY', '仅限审批工作人员使用'));
      assert.throws(() => guard(actorOf(account('staff', []))), refused('STAFF_ONLY', '仅限审批工作人员使用'));
    }
  });

  test('a passed check hands back the account and the roles it counts', () => {
    const staff = account('staff', ['reviewer', 'head']);
    assert.deepEqual(staffRolesOrThrow(actorOf(staff)), { account: staff, roles: ['reviewer', 'head'] });
    assert.deepEqual(requireRole(actorOf(staff), ['head']), { account: staff, roles: ['reviewer', 'head'] });
    assert.deepEqual(caseRolesOrThrow(actorOf(staff)), { account: staff, roles: ['reviewer', 'head'] });
  });

  test('case work counts case roles only; the 三员 have none', () => {
    assert.throws(() => caseRolesOrThrow(actorOf(account('staff', ['auditor']))), refused('CASE_ROLE_REQUIRED', '管理员岗位不办理审批案件'));
    assert.throws(() => requireRole(actorOf(account('staff', ['reviewer'])), ['sysadmin', 'secadmin']), refused('ROLE_REQUIRED', '此操作仅限系统管理员或安全管理员'));
    const sysadmin = account('staff', ['sysadmin']);
    assert.deepEqual(requireRole(actorOf(sysadmin), ['sysadmin']).roles, ['sysadmin']);
  });

  test('the roles handed back are a copy: changing them leaves the actor as it was', () => {
    const actor = actorOf(account('staff', ['acceptor']));
    requireRole(actor, ['acceptor']).roles.push('head');
    assert.deepEqual(actor.roles, ['acceptor']);
  });
});
