import { useSyncExternalStore } from 'react';
import { api, setCsrfToken, type SessionAccount, type SessionInfo } from '../api/client.ts';

interface SessionState {
  loading: boolean;
  account: SessionAccount | null;
  refresh(): Promise<void>;
  /** Ends the session; then goes to `next` (a same-origin path) or where the server says. */
  logout(next?: string): Promise<void>;
}

/**
 * The session lives outside React: route loaders await it before a page renders, and the header
 * reads it through `useSession`. Asked of the server once per page load, and again on `refresh`.
 */
let snapshot: Pick<SessionState, 'loading' | 'account'> = { loading: true, account: null };
let pending: Promise<SessionAccount | null> | undefined;
const listeners = new Set<() => void>();

function fetchSession(): Promise<SessionAccount | null> {
  return api<SessionInfo>('GET', '/api/session')
    .catch(() => null)
    .then((info) => {
      setCsrfToken(info?.csrfToken ?? null);
      snapshot = { loading: false, account: info?.account ?? null };
      for (const listener of listeners) listener();
      return snapshot.account;
    });
}

/** The signed-in account, or null; the first call asks the server. */
export function sessionAccount(): Promise<SessionAccount | null> {
  pending ??= fetchSession();
  return pending;
}

async function refresh(): Promise<void> {
  pending = fetchSession();
  await pending;
}

async function logout(next?: string): Promise<void> {
  const result = await api<{ redirectTo: string }>('POST', '/auth/logout');
  setCsrfToken(null);
  // The snapshot keeps the account until the page is gone: nothing re-renders as logged out (and
  // offers 登录) before the browser has left.
  window.location.assign(next && result.redirectTo === '/' ? next : result.redirectTo);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  void sessionAccount();
  return () => void listeners.delete(listener);
}

export function useSession(): SessionState {
  const { loading, account } = useSyncExternalStore(subscribe, () => snapshot);
  return { loading, account, refresh, logout };
}
