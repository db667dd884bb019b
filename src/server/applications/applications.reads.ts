/**
 * What other areas may read of an application, and only this: the owner-scoped finder and the
 * attachment rows. Other areas import this module, never applications.repository.ts.
 */
export { findAttachment, findOwnApplication, listAttachments } from './applications.repository.ts';
