import { randomUUID } from 'node:crypto';
import { requestActor, type Actor } from '../../src/server/actor.ts';
import type { Account } from '../../src/server/db/schema.ts';
import type { TestApp } from './app.ts';

/**
 * The Actor a request from `clientAddress` would hand a service, for tests that call a service
 * directly. The defaults are a documentation address (RFC 5737) and a fresh request id.
 */
export function actorFor(account: Account | undefined, from: { clientAddress?: string; requestId?: string } = {}): Actor {
  return requestActor({ account, clientAddress: from.clientAddress ?? '192.0.2.10', requestId: from.requestId ?? randomUUID() });
}

/** The stored account row of an id (what the session plugin puts on the actor). */
export function accountRow(t: TestApp, id: string): Promise<Account> {
  return t.database.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** An account as the session would hold it, without a database (unit tests of guards and actors). */
export function accountOf(kind: Account['kind'], roles: string[] = [], overrides: Partial<Account> = {}): Account {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    issuer: 'https://idp.test',
    subject: 'sub-1',
    kind,
    displayName: '测试',
    profile: {},
    roles,
    createdAt: new Date(0),
    lastLoginAt: null,
    basicInfo: {},
    basicInfoUpdatedAt: null,
    ...overrides,
  };
}
