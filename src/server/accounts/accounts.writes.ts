/**
 * What other areas may write of an account, and only this: a login creates or refreshes the app
 * account from the identity's claims. Other areas import this module, never accounts.repository.ts.
 */
export { upsertAccount } from './accounts.repository.ts';
