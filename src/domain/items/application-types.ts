/** Steps and 申请内容 of an item, looked up the same way by wizard, server and workflow. */
import type { ApplicationData } from '../forms/types.ts';
import type { WorkflowVariantName } from '../workflow/variant-names.ts';
import { APPLICATION_TYPE_FIELD } from './common.ts';
import type { ApplicationType, AttachmentsStepDefinition, FormStepDefinition, ItemDefinition, StepDefinition } from './types.ts';

export function findStep(item: ItemDefinition, key: string): StepDefinition | undefined {
  return item.steps.find((s) => s.key === key);
}

export function formSteps(item: ItemDefinition): FormStepDefinition[] {
  return item.steps.filter((s): s is FormStepDefinition => s.kind === 'form');
}

export function attachmentsStepOf(item: ItemDefinition): AttachmentsStepDefinition | undefined {
  return item.steps.find((s): s is AttachmentsStepDefinition => s.kind === 'attachments');
}

export function findApplicationType(item: ItemDefinition, value: string): ApplicationType | undefined {
  return item.applicationTypes.find((t) => t.value === value);
}

/**
 * The 申请内容 of an application: the step field's value, or the item's only type when it has
 * one (外埠备案); undefined while nothing valid is chosen.
 */
export function applicationTypeOf(item: ItemDefinition, data: ApplicationData): ApplicationType | undefined {
  if (item.applicationTypes.length === 1) return item.applicationTypes[0];
  for (const step of formSteps(item)) {
    if (!step.fields.some((f) => f.name === APPLICATION_TYPE_FIELD)) continue;
    const value = data[step.key]?.[APPLICATION_TYPE_FIELD];
    return typeof value === 'string' ? findApplicationType(item, value.trim()) : undefined;
  }
  return undefined;
}

/** The workflow variant an application follows; undefined for an unknown type. */
export function workflowOf(item: ItemDefinition, applicationType: string): WorkflowVariantName | undefined {
  return findApplicationType(item, applicationType)?.workflow;
}
