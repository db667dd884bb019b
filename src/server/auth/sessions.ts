import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Account, DB } from '../db/schema.ts';
import {
  deleteExpiredSessions,
  deleteSession,
  deleteSessionsOf,
  findSessionAccount,
  findSessionWithAccount,
  insertSession,
  saveSessionData,
  touchSession,
} from './sessions.repository.ts';

export const SESSION_COOKIE = 'zz_sid';

/** Per-session data kept server-side: the pending OIDC login, nothing the browser may read. */
export interface SessionData {
  /**
   * A login under way; `reauth`: already sent back to the identity provider with prompt=login;
   * `audience`: started from the staff console (the staff issuer); `expect`: for an enterprise item.
   */
  login?: { state: string; nonce: string; codeVerifier: string; returnTo: string; startedAt: number; reauth?: boolean; audience?: 'staff'; expect?: 'legal' };
  idToken?: string;
}

export interface Session {
  /** The raw id, only ever in the cookie; the table keeps its hash. */
  id: string;
  idHash: string;
  csrfToken: string;
  data: SessionData;
  account: Account | undefined;
  expiresAt: Date;
}

const hashId = (id: string) => createHash('sha256').update(id).digest('base64url');
const newToken = () => randomBytes(32).toString('base64url');

/** Server-side sessions: 30-minute idle timeout, 12-hour absolute lifetime (ASVS V7.3, 等保 8.1.4.1). */
export function createSessionStore(deps: { db: Kysely<DB>; clock: Clock; idleMs: number; absoluteMs: number }) {
  const { db, clock, idleMs, absoluteMs } = deps;

  async function create(data: SessionData, accountId: string | null): Promise<Session> {
    const id = newToken();
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + absoluteMs);
    const csrfToken = newToken();
    await insertSession(db, { idHash: hashId(id), accountId, csrfToken, data: JSON.stringify(data), createdAt: now, lastSeenAt: now, expiresAt });
    const account = accountId ? await findSessionAccount(db, accountId) : undefined;
    return { id, idHash: hashId(id), csrfToken, data, account, expiresAt };
  }

  return {
    create,

    /** The live session for a cookie value, its idle clock renewed; expired ones are deleted. */
    async load(id: string | undefined): Promise<Session | undefined> {
      if (!id || id.length > 100) return undefined;
      const idHash = hashId(id);
      const row = await findSessionWithAccount(db, idHash);
      if (!row) return undefined;
      const now = clock.now();
      if (row.expiresAt.getTime() <= now.getTime() || now.getTime() - row.lastSeenAt.getTime() >= idleMs) {
        await deleteSession(db, idHash);
        return undefined;
      }
      // Renew at most once a minute: the idle clock needs no finer grain, and reads stay reads.
      if (now.getTime() - row.lastSeenAt.getTime() > 60_000) {
        await touchSession(db, idHash, now);
      }
      const account: Account | undefined =
        row.accountId === null
          ? undefined
          : {
              id: row.accountId,
              issuer: row.issuer!,
              subject: row.subject!,
              kind: row.kind!,
              displayName: row.displayName!,
              profile: row.profile!,
              roles: row.roles!,
              createdAt: row.accountCreatedAt!,
              lastLoginAt: row.lastLoginAt,
              basicInfo: row.basicInfo!,
              basicInfoUpdatedAt: row.basicInfoUpdatedAt,
            };
      return { id, idHash, csrfToken: row.csrfToken, data: row.data as SessionData, account, expiresAt: row.expiresAt };
    },

    async saveData(session: Session): Promise<void> {
      await saveSessionData(db, session.idHash, JSON.stringify(session.data));
    },

    /** Log in: the old session (and its id) is destroyed and a new one issued — no session fixation. */
    async rotate(old: Session | undefined, accountId: string, data: SessionData): Promise<Session> {
      if (old) await deleteSession(db, old.idHash);
      return create(data, accountId);
    },

    async destroy(session: Session): Promise<void> {
      await deleteSession(db, session.idHash);
    },

    async destroyAllOf(accountId: string): Promise<void> {
      await deleteSessionsOf(db, accountId);
    },

    async sweepExpired(): Promise<number> {
      const now = clock.now();
      return deleteExpiredSessions(db, now, new Date(now.getTime() - idleMs));
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
