/**
 * What other areas may read of the audit log, and only this: the filtered, named rows the audit
 * administrator pages through and exports. Other areas import this module, never
 * audit.repository.ts.
 */
export { findAuditRows, type AuditFilter } from './audit.repository.ts';
