/** What the demo seed may write of the templates: rows of its own, with no author. */
export { insertTemplate } from './templates.repository.ts';
