/**
 * What other areas may read of the 公示 and its 陈述: a case's statements with the names of who
 * filed and who answered them (the staff's 办理记录). Other areas import this module, never
 * notices.repository.ts.
 */
export { listStatementsWithNames } from './notices.repository.ts';
