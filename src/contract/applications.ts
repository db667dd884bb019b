/** 网上申报: drafts (暂存), attachments, 提交, 我的申报 (/api/applications, /api/items/:code/start). */
import { z } from 'zod';
import type { Prefill } from '../domain/items/index.ts';
import { ApplicationStatusSchema, CorrectionRequestSchema, IdSchema, TimestampSchema } from './common.ts';
import { RegisterOffersSchema } from './register.ts';

/** Form values of one step, free-form here: the item definition validates each field. */
const StepValuesSchema = z.record(z.string(), z.unknown());

export const ItemParamsSchema = z.strictObject({ code: z.string().max(64) });
/** An item's generated form, by the attachment slot it is for. */
export const FormParamsSchema = z.strictObject({ code: z.string().max(64), slot: z.string().regex(/^[A-Za-z0-9-]{1,64}$/) });
export const StepParamsSchema = z.strictObject({ id: IdSchema, step: z.string().regex(/^[A-Za-z0-9-]{1,40}$/) });

/** A new application of an item, with the values of its first step. */
export const CreateApplicationInputSchema = z.strictObject({ item: z.string().max(40), values: StepValuesSchema });
export type CreateApplicationInput = z.infer<typeof CreateApplicationInputSchema>;

/** 暂存 of one step, at the version the page read (a stale one is refused). */
export const SaveStepInputSchema = z.strictObject({ version: z.int().min(1), values: StepValuesSchema });
export type SaveStepInput = z.infer<typeof SaveStepInputSchema>;

/** 重新提交 after 补正. */
export const ResubmitInputSchema = z.strictObject({ version: z.int().min(1) });
export type ResubmitInput = z.infer<typeof ResubmitInputSchema>;

export const AttachmentViewSchema = z.object({
  slot: z.string(),
  originalName: z.string(),
  size: z.number(),
  pages: z.number(),
  sha256: z.string(),
  uploadedAt: TimestampSchema,
});
export type AttachmentView = z.infer<typeof AttachmentViewSchema>;

/** One application as its applicant edits and reads it. */
export const ApplicationViewSchema = z.object({
  id: z.string(),
  item: z.string(),
  number: z.string().nullable(),
  applicationType: z.string().nullable(),
  status: ApplicationStatusSchema,
  version: z.number(),
  data: z.record(z.string(), z.record(z.string(), z.unknown())),
  savedSteps: z.array(z.string()),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  submittedAt: TimestampSchema.nullable(),
  node: z.string().nullable(),
  outcome: z.string().nullable(),
  /** Open 补正 request: the parts reopened and the staff's message. */
  correction: CorrectionRequestSchema.nullable(),
  attachments: z.array(AttachmentViewSchema),
});
export type ApplicationView = z.infer<typeof ApplicationViewSchema>;

/** 我的申报. */
export const ApplicationSummarySchema = z.object({
  id: z.string(),
  item: z.string(),
  number: z.string().nullable(),
  applicationType: z.string().nullable(),
  status: ApplicationStatusSchema,
  isOpen: z.boolean(),
  savedSteps: z.array(z.string()),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  submittedAt: TimestampSchema.nullable(),
  /** The staff's 补正 message while the applicant has to correct. */
  correctionMessage: z.string().nullable(),
});
export type ApplicationSummary = z.infer<typeof ApplicationSummarySchema>;
export const ApplicationListSchema = z.object({ applications: z.array(ApplicationSummarySchema) });
export type ApplicationList = z.infer<typeof ApplicationListSchema>;

/** What /items/:code/apply needs: the prefill, the open application of this item, the register's offers. */
export const StartInfoSchema = z.object({
  item: z.string(),
  /** The first step, which the prefill is for. */
  step: z.string(),
  prefill: z.custom<Prefill>(),
  open: z.object({ id: z.string(), status: ApplicationStatusSchema, number: z.string().nullable() }).nullable(),
  /** Items whose result enters the register: the applicant's certificate and each type's offer. */
  register: RegisterOffersSchema.nullable(),
});
export type StartInfo = z.infer<typeof StartInfoSchema>;

/** 提交: idempotent, the number and the application as the server judged it. */
export const SubmitResultSchema = z.object({ number: z.string(), alreadySubmitted: z.boolean(), application: ApplicationViewSchema });
export type SubmitResult = z.infer<typeof SubmitResultSchema>;

/** 在线整合材料: the dossier of a slot (其他附件), per person in the manual's order. */
export const DossierGroupSchema = z.enum(['lead', 'registered', 'unregistered', 'enterprise']);
export const DossierPartViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(['pdf', 'jpeg', 'png']),
  originalName: z.string(),
  size: z.number(),
  pages: z.number(),
  uploadedAt: TimestampSchema,
});
export type DossierPartView = z.infer<typeof DossierPartViewSchema>;
export const DossierViewSchema = z.object({
  sections: z.array(z.object({ group: DossierGroupSchema, person: z.string(), title: z.string(), parts: z.array(DossierPartViewSchema) })),
});
export type DossierView = z.infer<typeof DossierViewSchema>;

/** `:id`, `:slot` and a dossier document's `:partId`. */
export const DossierPartParamsSchema = z.strictObject({ id: IdSchema, slot: z.string().regex(/^[A-Za-z0-9-]{1,64}$/), partId: IdSchema });

/** One place up or down: a document within its person, or a person within their group. */
export const DossierMoveInputSchema = z.strictObject({
  direction: z.enum(['up', 'down']),
  /** A document, by id… */
  part: IdSchema.optional(),
  /** …or a person, by group and name. */
  group: DossierGroupSchema.optional(),
  person: z.string().max(50).optional(),
});
export type DossierMoveInput = z.infer<typeof DossierMoveInputSchema>;

/** The fields that come with a dossier document's file (multipart). */
export const DossierPartFieldsSchema = z.strictObject({
  group: DossierGroupSchema,
  person: z.string().max(50),
  title: z.string().trim().min(1).max(60),
});
export type DossierPartFields = z.infer<typeof DossierPartFieldsSchema>;
