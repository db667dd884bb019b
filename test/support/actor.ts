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
