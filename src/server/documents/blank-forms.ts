import { buildGeneratedForm } from '../../domain/forms/generated.ts';
import { findItem } from '../../domain/items/index.ts';
import { appError } from '../errors.ts';
import type { RenderPool } from './render/render-pool.ts';

/**
 * The blank forms of the 办事指南: public, the same for everyone until the next release, so each is
 * drawn once per process (a handful of PDFs) and never again on a request.
 */
const drawn = new Map<string, Promise<Buffer>>();

export async function blankForm(render: Pick<RenderPool, 'form'>, code: string, slot: string): Promise<{ title: string; pdf: Buffer; blank: true }> {
  const item = findItem(code);
  if (!item) throw appError('ITEM_NOT_FOUND');
  const form = buildGeneratedForm(item, slot, { today: '2026-01-01' });
  if (!form) throw appError(item.attachmentSlots.some((s) => s.key === slot) ? 'FORM_NOT_FOUND' : 'SLOT_NOT_FOUND');
  const key = `${code}/${slot}`;
  let pdf = drawn.get(key);
  if (!pdf) {
    // A blank form carries no date: its footer does not say one, and its file stays the same.
    pdf = render.form(form, '2026-01-01');
    drawn.set(key, pdf);
    pdf.catch(() => drawn.delete(key));
  }
  return { title: form.title, pdf: await pdf, blank: true };
}
