/** 我的资质 and 延续 (/api/register), the 依职权注销 queue (/api/staff/register). */
import { z } from 'zod';
import type { HeldCertificate, Standing, TypeOffer } from '../domain/register/index.ts';
import { DaySchema } from './common.ts';

/** What the register holds for this applicant and what each 申请内容 offers (domain/register). */
export const RegisterOffersSchema = z.object({ held: z.custom<HeldCertificate>().nullable(), types: z.record(z.string(), z.custom<TypeOffer>()) });
export type RegisterOffers = z.infer<typeof RegisterOffersSchema>;

/** A certificate of the holder, current or void, with its qualifications. */
export const MyCertificateSchema = z.object({
  id: z.string(),
  item: z.string(),
  itemTitle: z.string(),
  title: z.string(),
  number: z.string(),
  holderName: z.string(),
  validFrom: DaySchema,
  validUntil: DaySchema,
  employer: z.string().nullable(),
  standing: z.custom<Standing>(),
  voidedOn: DaySchema.nullable(),
  renewBeforeDays: z.number().nullable(),
  holdings: z.array(z.object({ code: z.string(), name: z.string() })),
  documentId: z.string().nullable(),
  /** 核验码 of the current electronic certificate (/verify/<code>). */
  verificationCode: z.string().nullable(),
});
export type MyCertificate = z.infer<typeof MyCertificateSchema>;
export const MyCertificatesSchema = z.object({ holderKind: z.enum(['enterprise', 'engineer']).nullable(), certificates: z.array(MyCertificateSchema) });
export type MyCertificates = z.infer<typeof MyCertificatesSchema>;

/** The 延续 draft made from a certificate. */
export const RenewalDraftSchema = z.object({ id: z.string(), item: z.string() });
export type RenewalDraft = z.infer<typeof RenewalDraftSchema>;

/** A certificate past its validity without a 延续: 依职权注销 (制证岗). */
export const ExpiredCertificateSchema = z.object({
  id: z.string(),
  title: z.string(),
  itemTitle: z.string(),
  number: z.string(),
  holderName: z.string(),
  validUntil: DaySchema,
  daysOverdue: z.number(),
  employer: z.string().nullable(),
});
export type ExpiredCertificate = z.infer<typeof ExpiredCertificateSchema>;
export const ExpiredCertificatesSchema = z.object({ certificates: z.array(ExpiredCertificateSchema) });
export type ExpiredCertificates = z.infer<typeof ExpiredCertificatesSchema>;
/** 导入存量资质: `dryRun` checks the file and imports nothing. */
export const RegisterImportQuerySchema = z.strictObject({ dryRun: z.boolean().optional() });

export const CancelledSchema = z.object({ documentId: z.string() });
export type Cancelled = z.infer<typeof CancelledSchema>;
