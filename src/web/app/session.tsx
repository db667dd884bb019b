import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { sessionApi } from '../api/account.ts';
import { loginUrl, setCsrfToken, type SessionAccount, type SessionInfo } from '../api/client.ts';

interface SessionState {
  loading: boolean;
  account: SessionAccount | null;
  refresh(): Promise<void>;
  /** Ends the session; then goes to `next` (a same-origin path) or where the server says. */
  logout(next?: string): Promise<void>;
}

const fetchSession = () => sessionApi.get().catch(() => null);

const SessionContext = createContext<SessionState | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [loading, setLoading] = useState(true);
  const [account, setAccount] = useState<SessionAccount | null>(null);

  const apply = useCallback((info: SessionInfo | null) => {
    setCsrfToken(info?.csrfToken ?? null);
    setAccount(info?.account ?? null);
    setLoading(false);
  }, []);

  const refresh = useCallback(() => fetchSession().then(apply), [apply]);

  const logout = useCallback(async (next?: string) => {
    const result = await sessionApi.logout();
    setCsrfToken(null);
    // The account stays in state until the page is gone: clearing it would wake the page's login
    // guard, whose redirect to the identity provider would overtake this one.
    window.location.assign(next && result.redirectTo === '/' ? next : result.redirectTo);
  }, []);

  useEffect(() => {
    let live = true;
    void fetchSession().then((info) => live && apply(info));
    return () => {
      live = false;
    };
  }, [apply]);

  return <SessionContext.Provider value={{ loading, account, refresh, logout }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** Pages behind login: send a visitor to the identity provider, back to this very page afterwards. */
export function useRequireLogin(): SessionState {
  const session = useSession();
  const { loading, account } = session;
  useEffect(() => {
    if (!loading && !account) window.location.assign(loginUrl(`${window.location.pathname}${window.location.search}`));
  }, [loading, account]);
  return session;
}
