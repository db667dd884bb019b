import { buildGeneratedForm, type GeneratedForm } from '../../domain/forms/generated.ts';
import { findItem } from '../../domain/items/index.ts';
import type { ItemDefinition } from '../../domain/items/types.ts';
import { appError } from '../errors.ts';
import type { RenderPool } from './render/render-pool.ts';

/**
 * The slot's generated form, or the error that says why there is none: the slot exists but wants
 * no form (FORM_NOT_FOUND), or the item has no such slot (SLOT_NOT_FOUND).
 */
export function generatedFormOrThrow(item: ItemDefinition, slot: string, source: Parameters<typeof buildGeneratedForm>[2]): GeneratedForm {
  const form = buildGeneratedForm(item, slot, source);
  if (!form) throw appError(item.attachmentSlots.some((s) => s.key === slot) ? 'FORM_NOT_FOUND' : 'SLOT_NOT_FOUND');
  return form;
}

/** A blank form prints no date (its footer says none), so any fixed day draws the same file. */
const BLANK_FORM_DAY = '2026-01-01';

/**
 * The blank forms of the 办事指南: public, the same for everyone until the next release, so each is
 * drawn once per process (a handful of PDFs) and never again on a request.
 */
const drawn = new Map<string, Promise<Buffer>>();

export async function blankForm(render: Pick<RenderPool, 'form'>, code: string, slot: string): Promise<{ title: string; pdf: Buffer; blank: true }> {
  const item = findItem(code);
  if (!item) throw appError('ITEM_NOT_FOUND');
  const form = generatedFormOrThrow(item, slot, { today: BLANK_FORM_DAY });
  const key = `${code}/${slot}`;
  let pdf = drawn.get(key);
  if (!pdf) {
    pdf = render.form(form, BLANK_FORM_DAY);
    drawn.set(key, pdf);
    pdf.catch(() => drawn.delete(key));
  }
  return { title: form.title, pdf: await pdf, blank: true };
}
