/**
 * The workflow variants (REFERENCE §1.1.5: 不同的申请内容，对应的流程图不一样), as data.
 *
 * Node keys are shared across variants and mean the same node everywhere (same kind, role and
 * queue), so queues and reports can select by key. Time limits are working days: 受理 5
 * (行政许可法 Art.32); the running nodes between 受理 and 制证 sum to the 20 days of Art.42 (Art.43
 * for forwarding to MOHURD); 制证 10 (Art.44). How the 20 days are split between nodes is our
 * seed data, not a legal rule. The 公示 period (default 10 working days) is unconfirmed
 * (REFERENCE §5 item 3).
 */
import type { ActionDefinition, EndDefinition, EndOutcome, NodeDefinition, WorkflowVariant } from './types.ts';
import type { WorkflowVariantName } from './variant-names.ts';

/** 受理: Art.32 gives 5 working days to accept, refuse, or ask for all corrections at once. */
export const ACCEPT_LIMIT_DAYS = 5;
/** Art.42: decision within 20 working days of 受理 (Art.43: the same for a forwarding review). */
export const DECISION_LIMIT_DAYS = 20;
/** Art.44: certificate issued within 10 working days of the decision. */
export const ISSUE_LIMIT_DAYS = 10;
/** 核对 of a 外埠 filing, working days. */
export const FILING_CHECK_DAYS = 5;
/** 公示 period, REFERENCE §1.4.3 default; Beijing's practice is unconfirmed. */
export const NOTICE_PERIOD_DAYS = 10;
/** Art.42: the 负责人 may extend the decision limit once, by 10 working days. */
export const EXTENSION_DAYS = 10;
/** An extension's reason (told to the applicant), at least this many characters. */
export const EXTENSION_REASON_MIN = 5;
/**
 * 补正期限: working days from the 补正材料通知书 to correct and resubmit. The law is silent
 * (REFERENCE §5 item 8); 20 working days (four weeks) is the default, a commission's to change.
 */
export const CORRECTION_LIMIT_DAYS = 20;
/** What the 补正材料通知书 says happens when the 补正期限 passes. */
export const CORRECTION_LAPSE_TEXT = '逾期未补正的，视为撤回申请，本机关终止办理；申请人可以重新提出申请';
/** Longest expected 特别程序 (专家评审) a handler may state, working days. */
export const MAX_SPECIAL_PROCEDURE_DAYS = 60;

const WITHDRAW: ActionDefinition = { key: 'withdraw', label: '撤回申请', to: 'end:withdrawn', opinion: 'optional', roles: ['applicant'] };

function acceptNode(next: string): NodeDefinition {
  return {
    key: 'accept',
    label: '受理',
    kind: 'accept',
    role: 'acceptor',
    timeLimitDays: ACCEPT_LIMIT_DAYS,
    clock: 'runs',
    applicantStatus: '已提交，等待受理',
    queue: '待受理',
    actions: [
      { key: 'accept', label: '受理', to: next, opinion: 'optional' },
      { key: 'reject', label: '不予受理', to: 'end:not-accepted', opinion: 'required', negative: true },
      // Art.32(四): all corrections at once; the opinion is the message to the applicant.
      { key: 'request-correction', label: '补正', to: 'correction', opinion: 'required', negative: true, requestsCorrection: true },
      WITHDRAW,
    ],
  };
}

/**
 * 补正: the applicant has CORRECTION_LIMIT_DAYS to resubmit; past it the 受理 clerk, who watches
 * the node in 补正中, ends the case as 视为撤回.
 */
const CORRECTION: NodeDefinition = {
  key: 'correction',
  label: '补正',
  kind: 'correction',
  role: 'applicant',
  timeLimitDays: CORRECTION_LIMIT_DAYS,
  clock: 'stopped',
  applicantStatus: '需要补正材料，请按补正通知修改后重新提交',
  queue: '补正中',
  watchedBy: 'acceptor',
  actions: [
    { key: 'resubmit', label: '重新提交', to: 'accept', opinion: 'optional' },
    WITHDRAW,
    { key: 'lapse', label: '逾期未补正，视为撤回', to: 'end:withdrawn', opinion: 'required', negative: true, roles: ['acceptor'], afterNodeDeadline: true },
  ],
};

interface ReviewOptions {
  label?: string;
  timeLimitDays: number;
  pass: Pick<ActionDefinition, 'to'> & Partial<Pick<ActionDefinition, 'label' | 'opinion'>>;
  fail: Pick<ActionDefinition, 'to'> & Partial<Pick<ActionDefinition, 'label'>>;
  expertReview?: boolean;
  applicantStatus?: string;
}

function reviewNode(o: ReviewOptions): NodeDefinition {
  const actions: ActionDefinition[] = [
    { key: 'pass', label: o.pass.label ?? '通过', to: o.pass.to, opinion: o.pass.opinion ?? 'optional' },
    { key: 'fail', label: o.fail.label ?? '不通过', to: o.fail.to, opinion: 'required', negative: true },
    // Back to 受理, where the acceptor may ask for 补正 (补正 happens before 受理, Art.32).
    { key: 'return', label: '退回受理', to: 'accept', opinion: 'required', negative: true },
  ];
  if (o.expertReview) actions.push({ key: 'expert-review', label: '专家评审', to: 'expert-review', opinion: 'optional', expectedPeriod: true });
  return {
    key: 'review',
    label: o.label ?? '审查',
    kind: 'review',
    role: 'reviewer',
    timeLimitDays: o.timeLimitDays,
    clock: 'runs',
    applicantStatus: o.applicantStatus ?? '已受理，审查中',
    queue: '待审查',
    actions,
  };
}

/** Art.45: 专家评审 time is not counted; the applicant is told in writing (特别程序告知书). */
const EXPERT_REVIEW: NodeDefinition = {
  key: 'expert-review',
  label: '专家评审',
  kind: 'expert-review',
  role: 'reviewer',
  clock: 'stopped',
  applicantStatus: '专家评审中（评审时间不计入办理时限）',
  queue: '专家评审中',
  actions: [{ key: 'complete-expert-review', label: '评审完成', to: 'review', opinion: 'optional' }],
};

function recheckNode(timeLimitDays: number, next: string): NodeDefinition {
  return {
    key: 'recheck',
    label: '复核',
    kind: 'recheck',
    role: 'rechecker',
    timeLimitDays,
    clock: 'runs',
    applicantStatus: '已受理，复核中',
    queue: '待复核',
    actions: [
      { key: 'pass', label: '通过', to: next, opinion: 'optional' },
      { key: 'fail', label: '不通过', to: 'end:rejected', opinion: 'required', negative: true },
      { key: 'return', label: '退回', to: 'review', opinion: 'required', negative: true },
    ],
  };
}

/** Waiting for a 公示 batch; staff time still counts. `back` is the node that finished the review. */
function preNoticeNode(timeLimitDays: number, back: string): NodeDefinition {
  return {
    key: 'pre-notice',
    label: '拟公示',
    kind: 'pre-notice',
    role: 'publisher',
    timeLimitDays,
    clock: 'runs',
    applicantStatus: '审查完成，等待公示',
    queue: '待公示',
    actions: [
      { key: 'publish', label: '发布公示', to: 'notice', opinion: 'none', batch: 'notice' },
      { key: 'return', label: '退回', to: back, opinion: 'required', negative: true },
    ],
  };
}

/** 公示: 陈述 may be filed (Art.36); a statement may send the case back to 审查 and a new 公示. */
const NOTICE: NodeDefinition = {
  key: 'notice',
  label: '公示',
  kind: 'notice',
  role: 'publisher',
  timeLimitDays: NOTICE_PERIOD_DAYS,
  clock: 'stopped',
  applicantStatus: '审查意见公示中，如有异议，可在公示期内提交陈述材料',
  queue: '公示中',
  actions: [
    // The period-closing job (or the reply to the last statement after the period) acts as 'system'.
    { key: 'close-notice', label: '公示结束', to: 'announce', opinion: 'none', roles: ['system'] },
    { key: 'return-to-review', label: '退回审查', to: 'review', opinion: 'required', negative: true },
  ],
};

/**
 * 公告: the decision takes effect (Art.40). Where a 不同意 审查意见 can reach the 公示 (a confirmed
 * refusal, full review), the 公告 publishes either decision: 准予 goes on to 制证, 不予 ends the case.
 */
function announceNode(o: { timeLimitDays: number; to: string; label?: string; applicantStatus: string; refusal?: boolean }): NodeDefinition {
  const actions: ActionDefinition[] = [{ key: 'publish', label: o.label ?? '发布公告', to: o.to, opinion: 'none', batch: 'announcement' }];
  if (o.refusal) actions.push({ key: 'publish-refusal', label: '发布公告（不予许可）', to: 'end:rejected', opinion: 'required', negative: true, batch: 'announcement' });
  return {
    key: 'announce',
    label: '公告',
    kind: 'announce',
    role: 'publisher',
    timeLimitDays: o.timeLimitDays,
    clock: 'runs',
    applicantStatus: o.applicantStatus,
    queue: '待公告',
    actions,
  };
}

function issueNode(applicantStatus: string): NodeDefinition {
  return {
    key: 'issue',
    label: '制证',
    kind: 'issue',
    role: 'issuer',
    timeLimitDays: ISSUE_LIMIT_DAYS,
    clock: 'runs',
    applicantStatus,
    queue: '待制证',
    actions: [{ key: 'issue', label: '制证完成', to: 'end:approved', opinion: 'none' }],
  };
}

const END_DEFAULTS: Record<EndOutcome, Omit<EndDefinition, 'key' | 'outcome'>> = {
  approved: { label: '准予许可', applicantStatus: '已办结，准予许可，请领取结果' },
  rejected: { label: '不予许可', applicantStatus: '已办结，不予许可。如不服，可依法申请行政复议或者提起行政诉讼' },
  'not-accepted': { label: '不予受理', applicantStatus: '不予受理，请查看不予受理通知书' },
  filed: { label: '已备案', applicantStatus: '已办结，备案完成，请领取备案证明' },
  cancelled: { label: '已注销', applicantStatus: '已办结，准予注销' },
  withdrawn: { label: '已撤回', applicantStatus: '申请已撤回' },
  forwarded: { label: '已转报', applicantStatus: '已转报住房和城乡建设部，审批结果请关注住房和城乡建设部' },
};

function end(outcome: EndOutcome, override: Partial<Omit<EndDefinition, 'key' | 'outcome'>> = {}): EndDefinition {
  return { key: `end:${outcome}`, outcome, ...END_DEFAULTS[outcome], ...override };
}

/** 首次、晋升、增项、延续、重新核定: 受理 → 审查（专家评审）→ 复核 → 拟公示 → 公示 → 公告 → 制证. */
const FULL_REVIEW: WorkflowVariant = {
  name: 'full-review',
  label: '资质审批（审查、复核、公示、公告）',
  start: 'accept',
  nodes: [
    acceptNode('review'),
    CORRECTION,
    // 审查 不通过 goes to 复核 too: a refusal needs a second staff member (Art.34).
    reviewNode({ timeLimitDays: 9, pass: { to: 'recheck' }, fail: { to: 'recheck' }, expertReview: true }),
    EXPERT_REVIEW,
    recheckNode(4, 'pre-notice'),
    preNoticeNode(2, 'recheck'),
    NOTICE,
    announceNode({ timeLimitDays: 5, to: 'issue', applicantStatus: '公示结束，等待公告审批结果', refusal: true }),
    issueNode('准予许可，制证中'),
  ],
  ends: [end('approved'), end('rejected'), end('not-accepted'), end('withdrawn')],
};

/** 名称变更: a document check, no 公示/公告 (REFERENCE §1.1.5, variant-names). */
const DOCUMENT_CHECK: WorkflowVariant = {
  name: 'document-check',
  label: '资质证书变更（材料核对）',
  start: 'accept',
  nodes: [
    acceptNode('review'),
    CORRECTION,
    reviewNode({ label: '审查（材料核对）', timeLimitDays: 20, pass: { to: 'issue' }, fail: { to: 'end:rejected' } }),
    issueNode('准予变更，制证中'),
  ],
  ends: [
    end('approved', { label: '准予变更', applicantStatus: '已办结，准予变更，请领取变更后的资质证书' }),
    end('rejected', { label: '不予变更', applicantStatus: '已办结，不予变更。如不服，可依法申请行政复议或者提起行政诉讼' }),
    end('not-accepted'),
    end('withdrawn'),
  ],
};

/**
 * 跨省变更: MOHURD decides; Beijing checks and forwards its preliminary opinion with all
 * materials within 20 days (Art.43) and may not refuse, so both opinions forward. The 公告 is
 * the deciding authority's (Art.40), so none here.
 */
const FORWARD_MOHURD: WorkflowVariant = {
  name: 'forward-mohurd',
  label: '跨省变更（核对并转报住房和城乡建设部）',
  start: 'accept',
  nodes: [
    acceptNode('review'),
    CORRECTION,
    reviewNode({
      label: '审查（核对并转报）',
      timeLimitDays: 20,
      pass: { to: 'end:forwarded', label: '同意并转报', opinion: 'required' },
      fail: { to: 'end:forwarded', label: '不同意并转报' },
      applicantStatus: '已受理，核对中，核对后转报住房和城乡建设部',
    }),
  ],
  ends: [end('forwarded'), end('not-accepted'), end('withdrawn')],
};

/** 注销: 受理 → 审查 → 注销公告 → 已注销; the same shape for a qualification and a registration. */
function cancelVariant(name: 'cancel' | 'engineer-cancel', label: string, cancelledStatus: string): WorkflowVariant {
  return {
    name,
    label,
    start: 'accept',
    nodes: [
      acceptNode('review'),
      CORRECTION,
      reviewNode({ timeLimitDays: 15, pass: { to: 'announce' }, fail: { to: 'end:rejected' } }),
      announceNode({ timeLimitDays: 5, to: 'end:cancelled', label: '发布注销公告', applicantStatus: '审查通过，等待注销公告' }),
    ],
    ends: [
      end('cancelled', { applicantStatus: cancelledStatus }),
      end('rejected', { label: '不予注销', applicantStatus: '已办结，不予注销。如不服，可依法申请行政复议或者提起行政诉讼' }),
      end('not-accepted'),
      end('withdrawn'),
    ],
  };
}

/** 注销 of an enterprise qualification. */
const CANCEL = cancelVariant('cancel', '资质注销（审查、注销公告）', '已办结，资质已注销');

/** 二级注册结构工程师 初始、延续、变更、预注册: as the item's 办事指南 lists, without 复核. */
const ENGINEER_REGISTRATION: WorkflowVariant = {
  name: 'engineer-registration',
  label: '注册（审查、公示、公告）',
  start: 'accept',
  nodes: [
    acceptNode('review'),
    CORRECTION,
    reviewNode({ timeLimitDays: 13, pass: { to: 'pre-notice' }, fail: { to: 'end:rejected' } }),
    preNoticeNode(2, 'review'),
    NOTICE,
    announceNode({ timeLimitDays: 5, to: 'issue', applicantStatus: '公示结束，等待公告审批结果' }),
    issueNode('准予注册，注册证书和执业印章制作中'),
  ],
  ends: [
    end('approved', { label: '准予注册', applicantStatus: '已办结，准予注册，请领取注册证书和执业印章' }),
    end('rejected', { label: '不予注册', applicantStatus: '已办结，不予注册。如不服，可依法申请行政复议或者提起行政诉讼' }),
    end('not-accepted'),
    end('withdrawn'),
  ],
};

/** 二级注册结构工程师 更改、补办: the certificate or seal is reissued. */
const ENGINEER_REISSUE: WorkflowVariant = {
  name: 'engineer-reissue',
  label: '更改、补办注册（审查、制证）',
  start: 'accept',
  nodes: [
    acceptNode('review'),
    CORRECTION,
    reviewNode({ timeLimitDays: 20, pass: { to: 'issue' }, fail: { to: 'end:rejected' } }),
    issueNode('准予更改、补办，注册证书或者执业印章制作中'),
  ],
  ends: [
    end('approved', { label: '准予更改、补办', applicantStatus: '已办结，准予更改、补办，请领取注册证书或者执业印章' }),
    end('rejected', { label: '不予更改、补办', applicantStatus: '已办结，不予更改、补办。如不服，可依法申请行政复议或者提起行政诉讼' }),
    end('not-accepted'),
    end('withdrawn'),
  ],
};

/** 二级注册结构工程师 注销注册: 受理 → 审查 → 注销公告. */
const ENGINEER_CANCEL = cancelVariant('engineer-cancel', '注销注册（审查、注销公告）', '已办结，注册已注销');

/**
 * 核对 of a 备案: complete and consistent materials are 予以备案 within the filing's time limit;
 * anything missing or wrong goes back to the applicant (退回补正, all at once, the same 补正 as at
 * 受理; the corrected filing is checked at 受理 again). No substantive refusal: 不予备案 is retired.
 */
function filingCheckNode(): NodeDefinition {
  const review = reviewNode({
    label: '核对',
    timeLimitDays: FILING_CHECK_DAYS,
    pass: { to: 'end:filed', label: '予以备案' },
    fail: { to: 'end:rejected', label: '不予备案' },
    applicantStatus: '已受理，核对中',
  });
  const correct: ActionDefinition = { key: 'request-correction', label: '退回补正', to: 'correction', opinion: 'required', negative: true, requestsCorrection: true };
  return {
    ...review,
    actions: review.actions.flatMap((a) => (a.key === 'fail' ? [] : a.key === 'pass' ? [a, correct] : [a])),
    retiredActions: review.actions.filter((a) => a.key === 'fail'),
  };
}

/**
 * 外埠备案: acknowledged, not approved — 受理, a short 核对, no 公示/公告 and no 不予备案
 * (REFERENCE §1.3, §6.3). 不予受理 stays for what is not ours to file (a 北京 enterprise, Art.32).
 */
const FILING: WorkflowVariant = {
  name: 'filing',
  label: '备案（核对）',
  start: 'accept',
  nodes: [acceptNode('review'), CORRECTION, filingCheckNode()],
  ends: [
    end('filed'),
    // Reached only by the retired 不予备案: kept so cases closed that way still display.
    end('rejected', { label: '不予备案', applicantStatus: '已办结，不予备案，请查看不予备案的理由' }),
    end('not-accepted'),
    end('withdrawn'),
  ],
};

export const VARIANTS: Readonly<Record<WorkflowVariantName, WorkflowVariant>> = {
  'full-review': FULL_REVIEW,
  'document-check': DOCUMENT_CHECK,
  'forward-mohurd': FORWARD_MOHURD,
  cancel: CANCEL,
  'engineer-registration': ENGINEER_REGISTRATION,
  'engineer-reissue': ENGINEER_REISSUE,
  'engineer-cancel': ENGINEER_CANCEL,
  filing: FILING,
};

/** The variant of that name; throws for a name no variant has (e.g. a corrupted row). */
export function getVariant(name: string): WorkflowVariant {
  const variant = Object.hasOwn(VARIANTS, name) ? VARIANTS[name as WorkflowVariantName] : undefined;
  if (!variant) throw new Error(`Unknown workflow variant: ${name}`);
  return variant;
}

export function findNode(variant: WorkflowVariant, key: string): NodeDefinition | undefined {
  return variant.nodes.find((n) => n.key === key);
}

export function findEnd(variant: WorkflowVariant, key: string): EndDefinition | undefined {
  return variant.ends.find((e) => e.key === key);
}

export function isEndKey(key: string): boolean {
  return key.startsWith('end:');
}
