import { redirectDocument } from 'react-router';
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

/**
 * Data a loader hands over unresolved, for the page to show loading in place (`<Await>`): a
 * failure is the page's to show, so it is marked handled here, not reported as unhandled before
 * the page has rendered.
 */
export function later<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** Pages that need nothing but a signed-in account. */
export async function loginRequired({ request }: { request: Request }) {
  return { account: await requireAccount(request) };
}
