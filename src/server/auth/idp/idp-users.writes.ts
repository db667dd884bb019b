/**
 * What other areas may do to the bundled identity provider's users, and only this: create one (the
 * 三员 create staff accounts) and end its sessions (a role change or disabling takes effect at
 * once). Other areas import this module, never idp-users.repository.ts.
 */
export { deleteIdpSessionsOf, insertIdpUser } from './idp-users.repository.ts';
