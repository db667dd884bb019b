import { partReopened, reopenedFields } from '../../../domain/workflow/index.ts';
import type { ApplicationView } from '../../api/applications.ts';

/** During 补正: whether a step (or one attachment slot) was reopened by the staff. */
export function isReopened(application: ApplicationView, part: { step?: string; slot?: string }): boolean {
  if (application.status === 'draft') return true;
  return partReopened(application.correction?.items ?? [], part);
}

/** During 补正: the fields of a step that may change — all of them, or only those listed. */
export function editableFields(application: ApplicationView | null, step: string): 'all' | ReadonlySet<string> {
  if (!application || application.status !== 'correction') return 'all';
  return reopenedFields(application.correction?.items ?? [], step);
}
