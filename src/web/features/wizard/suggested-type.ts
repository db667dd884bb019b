import { APPLICATION_TYPE_FIELD, findApplicationType, formSteps, type ItemDefinition } from '../../../domain/items/index.ts';

/** What the wizard says and presets for a 申请内容 it was sent with (我该选哪个申请内容). */
export interface SuggestedType {
  text: string;
  /** The step asking for the 申请内容, and the value to choose there (not saved yet). */
  preset?: { step: string; value: string };
}

/**
 * The 申请内容 the advisor recommended, set in the step that asks for it unless the draft already
 * has one (then only said) or is a 补正 (its 申请内容 is not reopened).
 */
export function suggestedType(item: ItemDefinition, application: { status: string; data: Record<string, Record<string, unknown> | undefined> } | null, value: string | null): SuggestedType | undefined {
  const type = value ? findApplicationType(item, value) : undefined;
  const step = formSteps(item).find((s) => s.fields.some((f) => f.name === APPLICATION_TYPE_FIELD));
  if (!type || !step || item.applicationTypes.length < 2 || (application && application.status !== 'draft')) return undefined;
  const saved = application?.data[step.key]?.[APPLICATION_TYPE_FIELD];
  const savedLabel = typeof saved === 'string' ? findApplicationType(item, saved)?.label : undefined;
  if (savedLabel && saved !== type.value) return { text: `您的草稿已选择申请内容“${savedLabel}”，与建议的“${type.label}”不同。如需更改，请在“${step.title}”一步修改并暂存。` };
  if (savedLabel) return undefined;
  return { text: `已按建议预选申请内容“${type.label}”，请在“${step.title}”一步确认并暂存。`, preset: { step: step.key, value: type.value } };
}

