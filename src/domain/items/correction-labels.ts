import type { ItemDefinition } from './types.ts';

/**
 * 补正 items as the applicant reads them: “申请单位信息” (a whole step), “申请内容：资质证书编号”
 * (one field) or 附件“申请表” (one slot). Unknown keys are shown as stored.
 */
export function correctionLabels(item: ItemDefinition, items: readonly string[]): string[] {
  return items.map((i) => {
    if (i.startsWith('attachments.')) {
      const slot = item.attachmentSlots.find((s) => `attachments.${s.key}` === i);
      return slot ? `附件“${slot.title}”` : i;
    }
    const [stepKey, fieldName] = i.split('.');
    const step = item.steps.find((s) => s.key === stepKey);
    const field = fieldName && step?.kind === 'form' ? step.fields.find((f) => f.name === fieldName) : undefined;
    return field ? `“${step!.title}：${field.label}”` : step ? `“${step.title}”` : i;
  });
}
