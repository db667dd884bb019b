/**
 * What other areas may do to the bundled identity provider's users, and only this: create one (the
 * 三员 create staff accounts, the demo seed its identities), end its sessions (a role change or
 * disabling takes effect at once) and count them (the seed runs on an empty store only). Other
 * areas import this module, never idp-users.repository.ts.
 */
export { countIdpUsers, deleteIdpSessionsOf, insertIdpUser } from './idp-users.repository.ts';
