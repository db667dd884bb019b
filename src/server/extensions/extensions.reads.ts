/**
 * What other areas may read of 延期 (Art.42), and only this: the approved extensions of cases.
 * Other areas import this module, never extensions.repository.ts.
 */
export { approvedExtensions } from './extensions.repository.ts';
