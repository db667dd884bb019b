import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type AccountKind = 'legal' | 'natural' | 'staff';

export interface AccountsTable {
  id: string;
  issuer: string;
  subject: string;
  kind: AccountKind;
  displayName: string;
  profile: Json<Record<string, string>>;
  roles: Json<string[]>;
  createdAt: Generated<Date>;
  lastLoginAt: Timestamp | null;
  /** 完善基本信息: kept by the applicant, never overwritten by a login (domain/items/basic-info.ts). */
  basicInfo: ColumnType<Record<string, string>, string | undefined, string>;
  basicInfoUpdatedAt: Timestamp | null;
}

export interface SessionsTable {
  idHash: string;
  accountId: string | null;
  csrfToken: string;
  data: Json<Record<string, unknown>>;
  createdAt: Timestamp;
  lastSeenAt: Timestamp;
  expiresAt: Timestamp;
}

export interface IdpUsersTable {
  id: string;
  kind: AccountKind;
  uscc: string | null;
  idType: string | null;
  idNumber: string | null;
  mobile: string;
  email: string | null;
  username: string | null;
  passwordHash: string;
  profile: Json<Record<string, string>>;
  roles: Json<string[]>;
  disabled: Generated<boolean>;
  createdAt: Generated<Date>;
  /** Staff second factor: base32 TOTP secret, null until enrolled. Never leaves the server. */
  totpSecret: string | null;
  totpEnrolledAt: Timestamp | null;
  /** Last accepted TOTP time step (30 s units since the epoch): replay protection. */
  totpLastStep: number | null;
}

export type LoginFailureScope = 'pair' | 'address' | 'subject';

/** One login-failure counter: per (identifier, client address), per address or per identifier (login-throttle.service.ts). */
export interface IdpLoginFailuresTable {
  /** sha256 of the counter's scope and what it counts. */
  identifierHash: string;
  scope: LoginFailureScope;
  /** Pair counters: the identifier's counter key, to count the addresses it was tried from. */
  subjectHash: string | null;
  failures: number;
  windowStartedAt: Timestamp;
  lastFailureAt: Timestamp;
  /** No attempt is checked before this time (growing delay). */
  delayedUntil: Timestamp | null;
  /** Identifier counters: when the account holder was last told about failures. */
  alertedAt: Timestamp | null;
}

/** Solved login challenges (人机验证), kept until they expire so that each solution works once. */
export interface IdpLoginChallengesTable {
  id: string;
  expiresAt: Timestamp;
}

export interface IdpStoreTable {
  model: string;
  id: string;
  payload: Json<Record<string, unknown>>;
  grantId: string | null;
  userCode: string | null;
  uid: string | null;
  accountId: string | null;
  expiresAt: Timestamp | null;
  consumedAt: Timestamp | null;
}

export interface AppSecretsTable {
  name: string;
  value: Json<unknown>;
  createdAt: Generated<Date>;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Generated<Date>;
  actorAccountId: string | null;
  actorLabel: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  outcome: Generated<string>;
  clientIp: string | null;
  requestId: string | null;
  details: Json<Record<string, unknown>>;
}

/** draft → submitted (in the workflow) ⇄ correction (补正, the applicant's turn) → closed. */
export type ApplicationStatus = 'draft' | 'submitted' | 'correction' | 'closed';

export interface ApplicationsTable {
  id: string;
  accountId: string;
  item: string;
  number: string | null;
  applicationType: string | null;
  data: Json<Record<string, Record<string, unknown>>>;
  savedSteps: Json<string[]>;
  status: ApplicationStatus;
  isOpen: Generated<boolean>;
  version: Generated<number>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  submittedAt: Timestamp | null;
  workflow: string | null;
  node: string | null;
  nodeEnteredAt: Timestamp | null;
  outcome: string | null;
  correction: Json<CorrectionRequest> | null;
  /** Art.42: working days added to the decision limit by an approved 延期 (case_extensions). */
  extensionDays: Generated<number>;
  /** Computed by PostgreSQL from `data` (migration 2026-11-28T05): the staff queue's display and search. */
  applicantName: ColumnType<string | null, never, never>;
  applicantUscc: ColumnType<string | null, never, never>;
  /** Computed by PostgreSQL (migration 2026-12-07T00): distinct character pairs of number, name and USCC, under GIN. */
  searchBigrams: ColumnType<string[], never, never>;
  /** 认领: the staff member who alone works the case at its node now (migration 2026-12-07T01). */
  holderAccountId: string | null;
  heldSince: Timestamp | null;
  /** 中止审查: since when the open suspension (case_suspensions) stops the case; null while it runs. */
  suspendedAt: Timestamp | null;
}

/** An open 补正 request: what to correct (step fields / attachment slots) and the staff's message. */
export interface CorrectionRequest {
  items: string[];
  message: string;
  requestedAt: string;
}

/** Request counters shared by every instance (@fastify/rate-limit store on PostgreSQL). */
export interface RateLimitsTable {
  key: string;
  count: number;
  resetsAt: Timestamp;
}

export type ExtensionStatus = 'pending' | 'approved' | 'refused';

/** Art.42 延期: asked by a 审查/复核 handler, decided by the 负责人; one approval per case. */
export interface CaseExtensionsTable {
  id: string;
  applicationId: string;
  node: string;
  reason: string;
  days: number;
  requestedBy: string;
  requestedAt: Timestamp;
  /** YYYY-MM-DD: the statutory due date when asked, and the one the approval set. */
  dueBefore: string;
  dueAfter: string | null;
  status: Generated<ExtensionStatus>;
  decidedBy: string | null;
  decidedAt: Timestamp | null;
  decisionOpinion: string | null;
  documentId: string | null;
}

export interface ApplicationCountersTable {
  item: string;
  year: number;
  last: number;
}

/** The columns of a kept upload: its name, what the check found, and where its bytes are. */
interface StoredFileColumns {
  originalName: string;
  size: ColumnType<string, number | string, number | string>;
  sha256: string;
  pages: number;
  blobKey: string;
}

export interface AttachmentsTable extends StoredFileColumns {
  id: string;
  applicationId: string;
  slot: string;
  createdAt: Timestamp;
}

/** A document of the dossier an applicant assembles for a slot (migration 2026-12-08T00). */
export interface DossierPartsTable extends StoredFileColumns {
  id: string;
  applicationId: string;
  slot: string;
  personGroup: 'lead' | 'registered' | 'unregistered' | 'enterprise';
  /** The person's name; '' for the enterprise's own materials. */
  person: string;
  personOrder: number;
  partOrder: number;
  title: string;
  kind: 'pdf' | 'jpeg' | 'png';
  createdAt: Timestamp;
}

/** What one 提交 or 重新提交 sent (migration 2026-12-07T05): round 1 is the first 提交. */
export interface SubmissionsTable {
  applicationId: string;
  round: number;
  data: Json<Record<string, Record<string, unknown>>>;
  /** The attachment rows sent: in attachments while current, in attachment_versions once replaced. */
  attachments: Json<SubmittedAttachment[]>;
  submittedAt: Timestamp;
}

export interface SubmittedAttachment {
  slot: string;
  id: string;
}

/** A submitted file replaced or removed later; its blob is kept (migration 2026-12-07T05). */
export interface AttachmentVersionsTable extends AttachmentsTable {
  supersededAt: Timestamp;
}

export interface CaseEventsTable {
  id: Generated<string>;
  applicationId: string;
  node: string;
  action: string;
  actorAccountId: string | null;
  opinion: string | null;
  details: Json<Record<string, unknown>>;
  actorRole: string | null;
  at: Timestamp;
}

export type CaseAssignmentKind = 'claim' | 'release' | 'assign' | 'transfer';

/** Each change of a case's holder: 认领, 释放, 指派 (by the 负责人), 转办 (with a reason). */
export interface CaseAssignmentsTable {
  id: Generated<string>;
  applicationId: string;
  node: string;
  kind: CaseAssignmentKind;
  fromAccountId: string | null;
  toAccountId: string | null;
  byAccountId: string;
  reason: string | null;
  at: Timestamp;
}

/** 中止审查 and its 恢复: while open (no resumedAt) no step is taken and no period runs. */
/** 全部案件's name index: one row per distinct character pair of a submitted case's name (kept by triggers). */
export interface CaseNamePairsTable {
  pair: string;
  submittedAt: Timestamp;
  applicationId: string;
  /** The case's applicant name, carried in the index so a longer fragment is checked there. */
  applicantName: string;
}

export interface CaseSuspensionsTable {
  id: Generated<string>;
  applicationId: string;
  node: string;
  reason: string;
  suspendedBy: string;
  suspendedAt: Timestamp;
  resumedBy: string | null;
  resumedAt: Timestamp | null;
  resumeNote: string | null;
}

/** 一次性告知 phrase templates, per role, kept by the 负责人. */
export interface OpinionTemplatesTable {
  id: Generated<string>;
  /** One of TEMPLATE_ROLES (src/contract/staff.ts). */
  role: string;
  title: string;
  body: string;
  /** Null for the templates the system seeded. */
  updatedBy: string | null;
  updatedAt: Timestamp;
}

/** One warning per held case per stay in a node, two working days before its deadline. */
export interface DeadlineWarningsTable {
  applicationId: string;
  nodeEnteredAt: Timestamp;
  accountId: string;
  warnedAt: Timestamp;
}

export type HolidayKind = 'holiday' | 'workday';

/** Official holidays and make-up working days (调休); seeded, editable for later years. */
export interface HolidaysTable {
  /** 'YYYY-MM-DD' (the DATE type parser keeps it a string on both drivers). */
  date: string;
  kind: HolidayKind;
  name: string;
  source: string;
  updatedAt: Generated<Date>;
}

export type DocumentStatus = 'valid' | 'superseded' | 'revoked';

export interface IssuedDocumentsTable {
  id: string;
  /** Null for a document of the register itself (依职权注销). */
  applicationId: string | null;
  /** Certificates and register notices: the register entry the document belongs to. */
  registerCertificateId: string | null;
  caseEventId: string | null;
  kind: string;
  number: string;
  verificationCode: string;
  title: string;
  content: Json<Record<string, unknown>>;
  issuedAt: Timestamp;
  status: Generated<DocumentStatus>;
  revokedAt: Timestamp | null;
  revokedReason: string | null;
  blobKey: string | null;
  sha256: string | null;
  size: ColumnType<string | null, number | string | null, number | string | null>;
}

export type RegisterOrigin = 'case' | 'import' | 'migration' | 'seed';

/** The register (登记簿): a holder's current or past certificate of one item. */
export interface RegisterCertificatesTable {
  id: string;
  item: string;
  holderKind: 'enterprise' | 'engineer';
  /** 统一社会信用代码 or 证件号码. */
  holderId: string;
  holderName: string;
  number: string;
  /** YYYY-MM-DD (the DATE type parser keeps it a string on both drivers). */
  validFrom: string;
  validUntil: string;
  status: Generated<'valid' | 'void'>;
  voidedOn: string | null;
  voidReason: string | null;
  employer: string | null;
  /** legalRep, registeredAddress as last decided. */
  details: Json<Record<string, string>>;
  /** The document that carries it now. */
  documentId: string | null;
  origin: RegisterOrigin;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export type HoldingStatus = 'valid' | 'cancelled' | 'lapsed' | 'replaced';

export interface RegisterHoldingsTable {
  id: Generated<string>;
  certificateId: string;
  code: string;
  status: Generated<HoldingStatus>;
  since: string;
  sinceApplicationId: string | null;
  endedOn: string | null;
  endedApplicationId: string | null;
}

export interface RegisterEventsTable {
  id: Generated<string>;
  certificateId: string;
  applicationId: string | null;
  outcome: string;
  actorAccountId: string | null;
  documentId: string | null;
  details: Json<Record<string, unknown>>;
  at: Timestamp;
}

export interface RegisterRemindersTable {
  certificateId: string;
  validUntil: string;
  daysBefore: number;
  sentAt: Timestamp;
}

export interface DocumentCountersTable {
  series: string;
  year: number;
  last: number;
}

export type CollectionMethod = 'hall' | 'post';

export interface ResultCollectionsTable {
  applicationId: string;
  method: CollectionMethod;
  recipient: string;
  phone: string;
  address: string | null;
  postalCode: string | null;
  chosenAt: Timestamp;
  updatedAt: Timestamp;
}

export interface NotificationsTable {
  id: Generated<string>;
  accountId: string;
  applicationId: string | null;
  kind: string;
  title: string;
  body: string;
  createdAt: Timestamp;
  readAt: Timestamp | null;
}

export type OutboxChannel = 'email' | 'sms';
export type OutboxStatus = 'pending' | 'sent' | 'failed';

export interface OutboxTable {
  id: Generated<string>;
  channel: OutboxChannel;
  recipient: string;
  subject: string;
  body: string;
  notificationId: string | null;
  status: Generated<OutboxStatus>;
  attempts: Generated<number>;
  nextAttemptAt: Timestamp;
  lockedUntil: Timestamp | null;
  lastError: string | null;
  createdAt: Timestamp;
  sentAt: Timestamp | null;
}

export type NoticeKind = 'notice' | 'announcement';
/** 公示: published → closed when the period ends; 公告: published. */
export type NoticeBatchStatus = 'published' | 'closed';

export interface NoticeBatchesTable {
  id: string;
  kind: NoticeKind;
  year: number;
  seq: number;
  title: string;
  body: string;
  status: NoticeBatchStatus;
  periodDays: number | null;
  /** 'YYYY-MM-DD' (Asia/Shanghai). */
  startsOn: string | null;
  endsOn: string | null;
  entryCount: Generated<number>;
  publishedAt: Timestamp;
  publishedBy: string | null;
  closedAt: Timestamp | null;
  /** Computed by PostgreSQL (migration 2026-12-07T07): the title's character pairs, under GIN. */
  titleBigrams: ColumnType<string[], never, never>;
}

export interface NoticeEntriesTable {
  id: Generated<string>;
  batchId: string;
  applicationId: string;
  position: number;
  subjectName: string;
  uscc: string | null;
  item: string;
  applicationType: string | null;
  qualification: string | null;
  opinion: string;
  reason: string | null;
  /** Computed by PostgreSQL (migration 2026-12-07T07): pairs of the name and USCC, under GIN. */
  searchBigrams: ColumnType<string[], never, never>;
}

export type StatementStatus = 'pending' | 'replied';
export type StatementOutcome = 'kept' | 'returned';

export interface StatementsTable {
  id: string;
  applicationId: string;
  batchId: string;
  accountId: string;
  text: string;
  submittedAt: Timestamp;
  status: StatementStatus;
  reply: string | null;
  outcome: StatementOutcome | null;
  repliedBy: string | null;
  repliedAt: Timestamp | null;
}

export interface StatementAttachmentsTable extends StoredFileColumns {
  id: string;
  statementId: string;
  position: number;
}

/** One row per public column (notice | announcement), bumped by triggers on every batch or entry change. */
export interface NoticeColumnVersionsTable {
  kind: NoticeKind;
  version: ColumnType<string, never, never>;
  changedAt: ColumnType<Date, never, never>;
}

export type RatingLevel = 'very-satisfied' | 'satisfied' | 'basically-satisfied' | 'dissatisfied' | 'very-dissatisfied';

/** 政务服务好差评: one per case, by its applicant, after it ended; append-only (a trigger refuses UPDATE/DELETE). */
export interface ServiceRatingsTable {
  id: string;
  applicationId: string;
  accountId: string;
  item: string;
  /** The case's end when rated (approved, not-accepted …). */
  outcome: string;
  level: RatingLevel;
  comment: string | null;
  ratedAt: Timestamp;
}

/** 差评整改: opened by a 不满意/非常不满意 rating, closed once by the 负责人 with the 回访. */
export interface RatingRectificationsTable {
  id: string;
  ratingId: string;
  status: Generated<'open' | 'closed'>;
  openedAt: Timestamp;
  /** 'YYYY-MM-DD' (Asia/Shanghai): 15 working days after the rating. */
  dueOn: string;
  /** 整改措施. */
  measures: string | null;
  followUpOn: string | null;
  followUpMethod: 'phone' | 'sms' | 'visit' | 'hall' | 'online' | null;
  followUpResponse: 'satisfied' | 'basically-satisfied' | 'dissatisfied' | null;
  followUpNote: string | null;
  closedBy: string | null;
  closedAt: Timestamp | null;
}

export interface DB {
  accounts: AccountsTable;
  sessions: SessionsTable;
  idpUsers: IdpUsersTable;
  idpLoginFailures: IdpLoginFailuresTable;
  idpLoginChallenges: IdpLoginChallengesTable;
  idpStore: IdpStoreTable;
  appSecrets: AppSecretsTable;
  auditLog: AuditLogTable;
  applications: ApplicationsTable;
  applicationCounters: ApplicationCountersTable;
  attachments: AttachmentsTable;
  dossierParts: DossierPartsTable;
  attachmentVersions: AttachmentVersionsTable;
  submissions: SubmissionsTable;
  caseEvents: CaseEventsTable;
  caseAssignments: CaseAssignmentsTable;
  caseSuspensions: CaseSuspensionsTable;
  caseNamePairs: CaseNamePairsTable;
  opinionTemplates: OpinionTemplatesTable;
  deadlineWarnings: DeadlineWarningsTable;
  holidays: HolidaysTable;
  issuedDocuments: IssuedDocumentsTable;
  caseExtensions: CaseExtensionsTable;
  rateLimits: RateLimitsTable;
  registerCertificates: RegisterCertificatesTable;
  registerHoldings: RegisterHoldingsTable;
  registerEvents: RegisterEventsTable;
  registerReminders: RegisterRemindersTable;
  documentCounters: DocumentCountersTable;
  resultCollections: ResultCollectionsTable;
  notifications: NotificationsTable;
  outbox: OutboxTable;
  noticeBatches: NoticeBatchesTable;
  noticeEntries: NoticeEntriesTable;
  noticeColumnVersions: NoticeColumnVersionsTable;
  statements: StatementsTable;
  statementAttachments: StatementAttachmentsTable;
  serviceRatings: ServiceRatingsTable;
  ratingRectifications: RatingRectificationsTable;
}

export type Account = Selectable<AccountsTable>;
export type IdpUser = Selectable<IdpUsersTable>;
export type NewAuditRow = Insertable<AuditLogTable>;
/** An application as the services use it; the derived search columns are read only by the staff's lists. */
export type Application = Omit<Selectable<ApplicationsTable>, 'applicantName' | 'applicantUscc' | 'searchBigrams'>;
export type AttachmentRow = Selectable<AttachmentsTable>;
export type AttachmentVersionRow = Selectable<AttachmentVersionsTable>;
export type SubmissionRow = Selectable<SubmissionsTable>;
export type IssuedDocument = Selectable<IssuedDocumentsTable>;
export type RegisterCertificate = Selectable<RegisterCertificatesTable>;
export type OutboxRow = Selectable<OutboxTable>;
/** A batch as the code reads it: the search column stays in the database. */
export type NoticeBatch = Omit<Selectable<NoticeBatchesTable>, 'titleBigrams'>;
export type NoticeEntry = Selectable<NoticeEntriesTable>;
