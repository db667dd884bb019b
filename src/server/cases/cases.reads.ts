/**
 * What other areas may read of a case, and only this: the submitted case row (locked for a step
 * when asked) and its history. Other areas import this module, never cases.repository.ts.
 */
export { findSubmittedCase, listCaseEventsWithActors, type CaseRow } from './cases.repository.ts';
