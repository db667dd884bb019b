/** The staff console's case work (/api/staff/queues, /api/staff/cases, Art.42 延期 /api/staff/extensions). */
import { z } from 'zod';
import { MAX_SPECIAL_PROCEDURE_DAYS } from '../domain/workflow/variants.ts';
import { CorrectionRequestSchema, DAY_PATTERN, DaySchema, TimestampSchema } from './common.ts';
import { CaseDeadlineSchema } from './progress.ts';
import { AttachmentViewSchema } from './applications.ts';

/** How a queue is ordered: by time in the node (its deadline, for one limit), by submission, by item. */
export const CASE_SORTS = ['entered', 'submitted', 'item'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];
export const CASE_PAGE_SIZES = [10, 20, 50, 100] as const;

/** A queue of the account's roles (待受理, 待审查 …) with its count. */
export const QueueViewSchema = z.object({ queue: z.string(), role: z.string(), count: z.number() });
export type QueueView = z.infer<typeof QueueViewSchema>;
export const QueueListSchema = z.object({ queues: z.array(QueueViewSchema) });
export type QueueList = z.infer<typeof QueueListSchema>;

/** The deadline of the node a case sits in. */
export const NodeDeadlineSchema = z.object({
  due: DaySchema.nullable(),
  remainingDays: z.number(),
  overdue: z.boolean(),
  nearDue: z.boolean(),
  /** 受理 past its days without a 补正 notice: 逾期未告知，视为受理 (Art.32). */
  deemedAccepted: z.boolean(),
  /** 中止审查: the node's clock stands until 恢复 (no due date meanwhile). */
  suspended: z.boolean(),
  unpublishedYears: z.array(z.number()),
});
export type NodeDeadline = z.infer<typeof NodeDeadlineSchema>;

/** 我认领的 / 未认领 in a queue. */
export const CASE_HOLDER_FILTERS = ['mine', 'free'] as const;

/** A queue's filters, order and page; every one runs in SQL over the whole queue. */
export const CaseListQuerySchema = z.strictObject({
  queue: z.string().max(20).optional(),
  /** 申报编号, name or 统一社会信用代码, contained. */
  q: z.string().max(100).optional(),
  item: z.string().max(40).optional(),
  /** 申请内容 (application type value). */
  type: z.string().max(40).optional(),
  /** 仅看逾期. */
  overdue: z.boolean().optional(),
  /** 认领: my cases, or the ones nobody holds. */
  holder: z.enum(CASE_HOLDER_FILTERS).optional(),
  sort: z.enum(CASE_SORTS).optional(),
  /** 1-based. */
  page: z.int().min(1).max(100_000).optional(),
  pageSize: z.literal(CASE_PAGE_SIZES).optional(),
});
export type CaseListQuery = z.infer<typeof CaseListQuerySchema>;
/** 导出 of a queue: its filters and order, every page. */
export const CaseListExportQuerySchema = CaseListQuerySchema.omit({ page: true, pageSize: true });
export type CaseListExportQuery = z.infer<typeof CaseListExportQuerySchema>;
/** The same query as URL parameters, as the browser keeps it in its address. */
export type CaseListSearch = { [K in keyof CaseListQuery]?: string };

/** A case in a queue. */
export const CaseRowSchema = z.object({
  id: z.string(),
  number: z.string().nullable(),
  item: z.string(),
  itemTitle: z.string(),
  applicationType: z.string().nullable(),
  applicationTypeLabel: z.string().nullable(),
  applicantName: z.string(),
  node: z.string().nullable(),
  nodeEnteredAt: TimestampSchema.nullable(),
  submittedAt: TimestampSchema.nullable(),
  version: z.number(),
  deadline: NodeDeadlineSchema.nullable(),
  /** 经办人: who holds the case (认领), if anyone. */
  holder: z.object({ name: z.string(), mine: z.boolean() }).nullable(),
});
export type CaseRow = z.infer<typeof CaseRowSchema>;

/** One page of a queue; `total` counts the whole queue. */
export const CasePageSchema = z.object({ cases: z.array(CaseRowSchema), total: z.number(), page: z.number(), pageSize: z.number() });
export type CasePage = z.infer<typeof CasePageSchema>;

/** 全部案件: whether a case is still being handled or has ended (办结). */
export const CASE_STATES = ['open', 'closed'] as const;
export type CaseState = (typeof CASE_STATES)[number];

/** 全部案件: any submitted case, open or closed, by fragment, item, 申请内容, submission days, state. */
export const CaseSearchQuerySchema = z.strictObject({
  /** A fragment of the 申报编号, the enterprise's or person's name, or the 统一社会信用代码. */
  q: z.string().max(100).optional(),
  item: z.string().max(40).optional(),
  type: z.string().max(40).optional(),
  /** Submitted on or after / on or before these days (Beijing time). */
  from: z.string().max(10).regex(DAY_PATTERN).optional(),
  to: z.string().max(10).regex(DAY_PATTERN).optional(),
  state: z.enum(CASE_STATES).optional(),
  /** 已办: only cases this account has acted on. */
  mine: z.boolean().optional(),
  page: z.int().min(1).max(100_000).optional(),
  pageSize: z.literal(CASE_PAGE_SIZES).optional(),
});
export type CaseSearchQuery = z.infer<typeof CaseSearchQuerySchema>;
export type CaseSearchParams = { [K in keyof CaseSearchQuery]?: string };

/** 全部案件 导出: the same filters, every match up to CASE_EXPORT_MAX, as an .xlsx file. */
export const CaseSearchExportQuerySchema = CaseSearchQuerySchema.omit({ page: true, pageSize: true });
export type CaseSearchExportQuery = z.infer<typeof CaseSearchExportQuerySchema>;
/** An export stops here, with a last line saying so (a narrower filter gets the rest). */
export const CASE_EXPORT_MAX = 10_000;

/** A case found by 全部案件. */
export const CaseSearchRowSchema = z.object({
  id: z.string(),
  number: z.string(),
  item: z.string(),
  itemTitle: z.string(),
  applicationTypeLabel: z.string().nullable(),
  applicantName: z.string(),
  applicantUscc: z.string().nullable(),
  submittedAt: TimestampSchema,
  isOpen: z.boolean(),
  /** The node it waits in, or how it ended (准予许可, 不予受理 …). */
  stage: z.string(),
});
export type CaseSearchRow = z.infer<typeof CaseSearchRowSchema>;
/**
 * 全部案件 counts matches exactly up to five pages past the page shown; past that the page says
 * “… 件以上” (totalCapped), and the pager still reaches them five pages at a time. Counting every match
 * of a frequent name costs a row read each, for a number nobody pages through.
 */
export const SEARCH_COUNT_PAGES_AHEAD = 5;
export function searchCountLimit(page: number, pageSize: number): number {
  return (page - 1 + SEARCH_COUNT_PAGES_AHEAD) * pageSize;
}
export const CaseSearchPageSchema = z.object({ cases: z.array(CaseSearchRowSchema), total: z.number(), totalCapped: z.boolean(), page: z.number(), pageSize: z.number() });
export type CaseSearchPage = z.infer<typeof CaseSearchPageSchema>;

/** A workflow action this account may take on the case now. */
export const CaseActionSchema = z.object({
  key: z.string(),
  label: z.string(),
  opinion: z.enum(['required', 'optional', 'none']),
  negative: z.boolean(),
  requestsCorrection: z.boolean(),
  /** Starts a 特别程序 (专家评审): the expected working days are asked for (Art.45). */
  expectedPeriod: z.boolean(),
});
export type CaseAction = z.infer<typeof CaseActionSchema>;

export const ExtensionStatusSchema = z.enum(['pending', 'approved', 'refused']);
export type ExtensionStatus = z.infer<typeof ExtensionStatusSchema>;

/** An Art.42 延期 request and its decision. */
export const ExtensionRequestSchema = z.object({
  id: z.string(),
  node: z.string(),
  reason: z.string(),
  days: z.number(),
  status: ExtensionStatusSchema,
  requestedAt: TimestampSchema,
  /** The statutory due date when asked, and the one the approval set. */
  dueBefore: DaySchema,
  dueAfter: DaySchema.nullable(),
  decidedAt: TimestampSchema.nullable(),
  decisionOpinion: z.string().nullable(),
  requestedByName: z.string().nullable(),
  decidedByName: z.string().nullable(),
});
export type ExtensionRequest = z.infer<typeof ExtensionRequestSchema>;

/** The 负责人's list: requests with their case. */
export const ExtensionQueueRowSchema = ExtensionRequestSchema.extend({
  applicationId: z.string(),
  number: z.string().nullable(),
  item: z.string(),
  itemTitle: z.string(),
  applicantName: z.string().nullable(),
});
export type ExtensionQueueRow = z.infer<typeof ExtensionQueueRowSchema>;
export const ExtensionQueueSchema = z.object({ pending: z.array(ExtensionQueueRowSchema), decided: z.array(ExtensionQueueRowSchema) });
export type ExtensionQueue = z.infer<typeof ExtensionQueueSchema>;

export const ExtensionRequestInputSchema = z.strictObject({ reason: z.string().max(1000) });
export type ExtensionRequestInput = z.infer<typeof ExtensionRequestInputSchema>;
export const ExtensionDecisionSchema = z.strictObject({ approve: z.boolean(), opinion: z.string().max(1000).optional() });
export type ExtensionDecision = z.infer<typeof ExtensionDecisionSchema>;

/** One file of a case: the slot's current one, or an earlier version (`id` opens either). */
export const AttachmentVersionSchema = AttachmentViewSchema.extend({ id: z.string() });
export type AttachmentVersion = z.infer<typeof AttachmentVersionSchema>;

/** 重新提交 against the round before: fields before → after, files old → new, each part asked for. */
export const ResubmissionSchema = z.object({
  resubmittedAt: TimestampSchema,
  previousAt: TimestampSchema,
  /** The 补正 this round answers: its message and each part it named, with whether that part changed. */
  request: z
    .object({
      at: TimestampSchema,
      message: z.string().nullable(),
      items: z.array(z.object({ value: z.string(), label: z.string(), changed: z.boolean() })),
    })
    .nullable(),
  fields: z.array(z.object({ step: z.string(), field: z.string(), before: z.unknown(), after: z.unknown(), requested: z.boolean() })),
  attachments: z.array(
    z.object({
      slot: z.string(),
      status: z.enum(['unchanged', 'replaced', 'added', 'removed']),
      requested: z.boolean(),
      before: AttachmentVersionSchema.nullable(),
      after: AttachmentVersionSchema.nullable(),
    }),
  ),
});
export type Resubmission = z.infer<typeof ResubmissionSchema>;

/** How many cases one 批量制证完成 takes: a page of the queue. */
export const BATCH_ISSUE_MAX = 50;

/** The case page: everything the applicant entered, attachments, history, and this account's actions. */
export const CaseViewSchema = z.object({
  id: z.string(),
  number: z.string().nullable(),
  item: z.string(),
  applicationType: z.string().nullable(),
  status: z.string(),
  version: z.number(),
  data: z.record(z.string(), z.record(z.string(), z.unknown())),
  correction: CorrectionRequestSchema.nullable(),
  submittedAt: TimestampSchema.nullable(),
  deadline: NodeDeadlineSchema.nullable(),
  caseDeadline: CaseDeadlineSchema.nullable(),
  /** What a 补正 may name: this case's fields and slots. */
  correctionChoices: z.array(z.object({ value: z.string(), label: z.string() })),
  /** Art.42 延期: this case's requests and whether this account may ask now. */
  extension: z.object({ requests: z.array(ExtensionRequestSchema.extend({ documentId: z.string().nullable() })), canRequest: z.boolean(), days: z.number() }),
  workflow: z.object({ name: z.string(), label: z.string() }),
  state: z.discriminatedUnion('status', [
    z.object({ status: z.literal('open'), node: z.string(), nodeLabel: z.string(), enteredAt: TimestampSchema }),
    z.object({ status: z.literal('ended'), end: z.string(), endLabel: z.string() }),
  ]),
  actions: z.array(CaseActionSchema),
  /** 认领: who holds the case and what this account may do about it. */
  holding: z.object({
    holder: z.object({ id: z.string(), name: z.string(), since: TimestampSchema, mine: z.boolean() }).nullable(),
    canClaim: z.boolean(),
    canRelease: z.boolean(),
    canTransfer: z.boolean(),
    canAssign: z.boolean(),
    /** Who the case may go to: staff on duty with the node's role. */
    assignees: z.array(z.object({ id: z.string(), name: z.string() })),
  }),
  /** 一次性告知: the 负责人's templates for the role working this node, to insert into an opinion. */
  opinionTemplates: z.array(z.object({ id: z.string(), title: z.string(), body: z.string() })),
  /** 制证: a 样张 of the certificate may be previewed before 制证完成. */
  issuePreview: z.boolean(),
  /** 中止审查: the open suspension, and whether this account may suspend or resume now. */
  suspension: z.object({
    current: z.object({ since: TimestampSchema, reason: z.string(), by: z.string() }).nullable(),
    canSuspend: z.boolean(),
    canResume: z.boolean(),
  }),
  attachments: z.array(AttachmentVersionSchema),
  /** Every earlier version of every slot (replaced or removed after 提交), oldest first; none is deleted. */
  attachmentVersions: z.array(AttachmentVersionSchema.extend({ supersededAt: TimestampSchema })),
  /** After 重新提交: what changed against the round before, and what the 补正 had asked for. */
  resubmission: ResubmissionSchema.nullable(),
  history: z.array(
    z.object({
      node: z.string(),
      nodeLabel: z.string(),
      action: z.string(),
      actionLabel: z.string(),
      actorRole: z.string().nullable(),
      actor: z.string().nullable(),
      opinion: z.string().nullable(),
      correctionItems: z.array(z.string()).nullable(),
      expectedDays: z.number().nullable(),
      remark: z.string().nullable(),
      at: TimestampSchema,
    }),
  ),
  documents: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      number: z.string(),
      title: z.string(),
      issuedAt: TimestampSchema,
      status: z.string(),
      revokedAt: TimestampSchema.nullable(),
      revokedReason: z.string().nullable(),
      sha256: z.string().nullable(),
      verificationCode: z.string(),
    }),
  ),
});
export type CaseView = z.infer<typeof CaseViewSchema>;

/** A workflow action on a case, at the version the page was read at (two staff at once: one wins). */
export const CaseActionInputSchema = z.strictObject({
  action: z.string().max(40),
  version: z.int().min(1),
  /** For the applicant: shown in 流程跟踪 and on refusals. */
  opinion: z.string().max(2000).optional(),
  /** 内部备注: stays in the staff history. */
  remark: z.string().max(2000).optional(),
  /** 补正: the fields and slots asked for. */
  correctionItems: z.array(z.string().max(100)).max(50).optional(),
  /** 特别程序: its expected working days. */
  expectedDays: z.int().min(1).max(MAX_SPECIAL_PROCEDURE_DAYS).optional(),
});
export type CaseActionInput = z.infer<typeof CaseActionInputSchema>;

/** 认领 at the node the page showed. */
export const CaseClaimInputSchema = z.strictObject({ node: z.string().max(40).optional() });
export type CaseClaimInput = z.infer<typeof CaseClaimInputSchema>;

/** 转办 (the holder, with a reason) or 指派 (the 负责人) to a staff member with the node's role. */
export const CaseHandOverInputSchema = z.strictObject({
  to: z.string().max(40),
  reason: z.string().max(500).optional(),
  node: z.string().max(40).optional(),
});
export type CaseHandOverInput = z.infer<typeof CaseHandOverInputSchema>;

/** 中止审查: the reason the applicant is told. */
export const CaseSuspendInputSchema = z.strictObject({ reason: z.string().max(500), node: z.string().max(40).optional() });
export type CaseSuspendInput = z.infer<typeof CaseSuspendInputSchema>;
/** 恢复审查, with a note for the applicant if any. */
export const CaseResumeInputSchema = z.strictObject({ note: z.string().max(500).optional() });
export type CaseResumeInput = z.infer<typeof CaseResumeInputSchema>;

/** 打印受理通知书: the cases chosen (ids separated by commas, at most BATCH_ISSUE_MAX). */
export const AcceptanceNoticesQuerySchema = z.strictObject({ ids: z.string().min(1).max(BATCH_ISSUE_MAX * 37) });
export type AcceptanceNoticesQuery = z.infer<typeof AcceptanceNoticesQuerySchema>;

/** 批量制证完成: the cases chosen in 待制证 (at most a page of them). */
export const BatchIssueInputSchema = z.strictObject({ ids: z.array(z.string().max(64)).min(1).max(BATCH_ISSUE_MAX) });
export type BatchIssueInput = z.infer<typeof BatchIssueInputSchema>;
/** One result per case, in the order asked: done, or refused with the reason; a refused case is untouched. */
export const BatchResultSchema = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      number: z.string().nullable(),
      ok: z.boolean(),
      code: z.string().nullable(),
      message: z.string().nullable(),
    }),
  ),
});
export type BatchResult = z.infer<typeof BatchResultSchema>;

/** Roles whose actions carry opinions to the applicant: the 负责人 keeps templates for each. */
export const TEMPLATE_ROLES = ['acceptor', 'reviewer', 'rechecker', 'publisher'] as const;
export type TemplateRole = (typeof TEMPLATE_ROLES)[number];
export const TEMPLATE_TITLE_MAX = 40;

/** 一次性告知 phrase template: a title staff pick it by, and the wording inserted into the opinion. */
export const OpinionTemplateSchema = z.object({
  id: z.string(),
  role: z.enum(TEMPLATE_ROLES),
  title: z.string(),
  body: z.string(),
  updatedAt: TimestampSchema,
  updatedBy: z.string().nullable(),
});
export type OpinionTemplate = z.infer<typeof OpinionTemplateSchema>;
export const OpinionTemplateListSchema = z.object({ templates: z.array(OpinionTemplateSchema) });
export type OpinionTemplateList = z.infer<typeof OpinionTemplateListSchema>;
export const OpinionTemplateInputSchema = z.strictObject({
  role: z.enum(TEMPLATE_ROLES),
  title: z.string().max(TEMPLATE_TITLE_MAX),
  body: z.string().max(2000),
});
export type OpinionTemplateInput = z.infer<typeof OpinionTemplateInputSchema>;
