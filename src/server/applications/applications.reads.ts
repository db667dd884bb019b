/**
 * What other areas may read of an application, and only this: the owner-scoped finder, the
 * attachment rows (current and earlier) and the submitted rounds. Other areas import this
 * module, never applications.repository.ts.
 */
export { findAttachment, findAttachmentById, findOwnApplication, listAttachments, listAttachmentVersions, listSubmissions } from './applications.repository.ts';
