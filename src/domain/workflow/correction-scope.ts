/**
 * 补正 scope: the parts of an application the acceptor reopened — a whole step ('applicant'), a
 * field of one ('content.certificates'), every attachment ('attachments') or one slot
 * ('attachments.otherAttachments'). The server enforces it, the wizard shows it; both ask here.
 */

/** A part of an application: a form step, or an attachment slot. */
export type ApplicationPart = { step?: string; slot?: string };

/** Whether `part` may change while these items are reopened. */
export function partReopened(items: readonly string[], part: ApplicationPart): boolean {
  return items.some((i) => (part.slot ? i === `attachments.${part.slot}` || i === 'attachments' : i === part.step || i.startsWith(`${part.step}.`)));
}

/** The fields of `step` that may change: all of them (the step is reopened) or only those listed. */
export function reopenedFields(items: readonly string[], step: string): 'all' | ReadonlySet<string> {
  if (items.includes(step)) return 'all';
  return new Set(items.filter((i) => i.startsWith(`${step}.`)).map((i) => i.slice(step.length + 1)));
}
