/**
 * What other areas may read of the register's repository, and only this: the pending 延续 that
 * keep a certificate valid (资质查询 shows them). Other areas import this module, never
 * register.repository.ts.
 */
export { findPendingRenewals } from './register.repository.ts';
