import { useCallback } from 'react';
import { redirectDocument, useRevalidator } from 'react-router';
import { loginUrl, type SessionAccount } from '../api/client.ts';
import { sessionAccount } from './session.tsx';

/**
 * Loaders of pages behind login: the account, or off to the identity provider and back to this
 * very page afterwards (a document navigation: the login pages are the server's).
 */
export async function requireAccount(request: Request): Promise<SessionAccount> {
  const account = await sessionAccount();
  if (account) return account;
  const url = new URL(request.url);
  throw redirectDocument(loginUrl(`${url.pathname}${url.search}`));
}

/** Pages that need nothing but a signed-in account. */
export async function loginRequired({ request }: { request: Request }) {
  return { account: await requireAccount(request) };
}

/**
 * A request a loader starts before it knows whether it will hand it over (the visitor may be sent
 * to log in first): its failure is marked handled, not reported as unhandled.
 */
export function later<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** Data a page receives either still on its way (it shows its loading state) or already in. */
export type Later<T> = Promise<T> | T;
type Settled<V> = V extends Promise<infer U> ? Later<U> : V;

let reloading = 0;

/**
 * A loader's data. Arriving at a page, its requests are handed over unresolved: the page shows at
 * once, with its own spinner or loading table where they will go (`<Await>` takes either form).
 * During a `useReload`, they are awaited: the page keeps what it shows until the new data is in
 * and swaps it in place. A failure stays a (rejected) promise either way, for the page's own
 * error text.
 */
export async function settle<T extends Record<string, unknown>>(data: T): Promise<{ [K in keyof T]: Settled<T[K]> }> {
  for (const value of Object.values(data)) if (value instanceof Promise) later(value);
  if (reloading === 0) return data as { [K in keyof T]: Settled<T[K]> };
  const entries = await Promise.all(Object.entries(data).map(async ([key, value]) => [key, value instanceof Promise ? await value.then((v: unknown) => v, () => value) : value]));
  return Object.fromEntries(entries) as { [K in keyof T]: Settled<T[K]> };
}

/** After a change: the page's loaders run again, and the page swaps their data in place (see `settle`). */
export function useReload(): () => Promise<void> {
  const { revalidate } = useRevalidator();
  return useCallback(async () => {
    reloading += 1;
    try {
      await revalidate();
    } finally {
      reloading -= 1;
    }
  }, [revalidate]);
}
