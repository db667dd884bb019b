import { isFieldVisible } from '../forms/fields.ts';
import type { StepValues } from '../forms/types.ts';
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

export interface CorrectionChoice {
  /** Stored key: a step ('applicant'), a field ('content.certificateNumber') or a slot ('attachments.applicationForm'). */
  value: string;
  label: string;
}

/**
 * What a 补正 may ask of this case: each form step, the fields this case shows (its 申请内容
 * decides the conditional ones) and each attachment slot. Fields the identity provider owns are
 * left out: the applicant cannot change them in the form.
 */
export function correctionChoices(item: ItemDefinition, data: Readonly<Record<string, unknown>>): CorrectionChoice[] {
  return item.steps.flatMap((step): CorrectionChoice[] => {
    if (step.kind === 'attachments') return step.slots.map((s) => ({ value: `attachments.${s.key}`, label: `附件：${s.title}` }));
    if (step.kind !== 'form') return [];
    const raw = data[step.key];
    const values = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    return [
      { value: step.key, label: `${step.title}（全部信息）` },
      ...step.fields
        .filter((f) => !f.lockedWhenPrefilled && isFieldVisible(f, values as StepValues))
        .map((f) => ({ value: `${step.key}.${f.name}`, label: `${step.title}：${f.label}` })),
    ];
  });
}
