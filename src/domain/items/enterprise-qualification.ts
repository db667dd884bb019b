import type { ItemDefinition } from './types.ts';
import {
  ACCEPT_STEP_TEXT,
  CONTACT,
  DEPARTMENT,
  ENTERPRISE_APPLICANT_STEP,
  FEES,
  FORM_AND_OTHER_SLOTS,
  GROUP,
  LICENCE_LAWS,
  LICENCE_TIME_LIMIT,
  LICENCE_DECISIONS,
  REVIEW_STEP,
  SCAN_ONLY_NOTE,
  SURVEY_DESIGN_ATTACHMENT_NOTICE,
  TABLE_OF_CONTENTS_NOTE,
  TECH_PERSONNEL_NOTE,
  attachmentsStep,
  enterpriseApplicationTypes,
  enterpriseContentStep,
  enterpriseRegister,
} from './common.ts';

/** 申请内容 reviewed against the standard (人员、业绩、技术装备): they need the enterprise's full materials. */
const FULL_REVIEW = ['first', 'upgrade', 'add', 'renew', 'restructure'];

/** What differs between 建设工程勘察 and 建设工程设计 企业资质认定; the rest is one text. */
export interface EnterpriseQualificationSpec {
  code: 'survey-b' | 'design-b';
  title: string;
  numberPrefix: string;
  /** 勘察 or 设计. */
  work: '勘察' | '设计';
  /** Catalogue of the 申请内容 step and letter of the register's certificate numbers. */
  catalogue: 'survey' | 'design';
  registerLetter: 'A' | 'B';
  /** What the item covers ("工程勘察专业乙级资质"), as the summary and the applicants say it, and what the ministry approves instead. */
  scope: string;
  applicantScope: string;
  ministryScope: string;
  /** Grades the standard names for the conditions (相应专业乙级 / 相应行业、专业或专项乙级). */
  standardGrades: string;
  /** Conditions only this item has, placed after the standard's. */
  extraConditions?: readonly string[];
  standard: string;
}

/**
 * 建设工程勘察/设计企业资质认定: the guide follows REFERENCE §1.1; the material list inside 其他附件
 * is common practice under 建市〔2007〕202号 [M] — seed data to reconcile with the commission's
 * published 办事指南.
 */
export function enterpriseQualificationItem(spec: EnterpriseQualificationSpec): ItemDefinition {
  const field = `工程${spec.work}` as const;
  const applicationTypes = enterpriseApplicationTypes(field);
  return {
    code: spec.code,
    title: spec.title,
    numberPrefix: spec.numberPrefix,
    result: { kind: 'qualification-certificate', title: `${field}资质证书`, ...LICENCE_DECISIONS, register: enterpriseRegister(spec.registerLetter) },
    department: DEPARTMENT,
    group: GROUP,
    applicantKind: 'enterprise',
    guide: {
      summary:
        `${spec.title}是对在本市注册的企业申请${spec.scope}作出的行政许可，` +
        '申请内容包括首次申请、资质晋升、增加其他资质、资质延续、名称变更、企业合并（分立、改制、重组）后重新核定、' +
        '跨省变更和资质注销。申请由北京市规划和自然资源委员会受理、审查并作出决定。' +
        `${spec.ministryScope}由国务院住房和城乡建设主管部门审批，不在本事项办理范围内。`,
      applicants: [`在北京市注册、申请${spec.applicantScope}的企业法人。`, `已取得${field}资质、需办理资质晋升、增项、延续、名称变更、重新核定、跨省变更或注销的本市企业。`],
      conditions: [
        '具有独立企业法人资格，在北京市依法登记注册。',
        `企业资信、主要专业技术人员（注册执业人员和非注册专业技术人员）、技术装备及管理水平符合《${field}资质标准》规定的${spec.standardGrades}资质条件。`,
        ...(spec.extraConditions ?? []),
        `首次申请或者增项申请${field}资质的，申请资质等级最高不超过乙级，且不考核企业${field}业绩。`,
        '申请资质晋升或者增加其他资质的，自申请之日起前一年内不得有《建设工程勘察设计资质管理规定》所列违法违规行为。',
        '申请资质延续的，应当在资质证书有效期届满60日前提出申请。',
        '企业名称发生变化的，应当在办理工商变更手续后30日内申请资质证书变更。',
        '申请人对所提交申请材料的真实性负责。',
      ],
      materials: [
        { name: '资质申请表', slot: 'applicationForm', note: '上传至“申请表”栏，PDF 格式，限一个文件。' },
        {
          name: '其他附件',
          slot: 'otherAttachments',
          note: '申请表以外的全部材料依申请内容整合为一个 PDF 文件上传，通常包括以下各项。' + SCAN_ONLY_NOTE + TABLE_OF_CONTENTS_NOTE,
        },
        { name: '企业法人营业执照', slot: 'otherAttachments' },
        { name: '企业章程', slot: 'otherAttachments', types: FULL_REVIEW },
        { name: '原资质证书正、副本', slot: 'otherAttachments', note: '申请晋升、增项、延续、变更时提供。', types: ['upgrade', 'add', 'renew', 'rename'] },
        {
          name: '主要专业技术人员材料',
          slot: 'otherAttachments',
          note: '每人包括身份证、毕业证、职称证、注册执业证书（注册人员）、劳动合同或社会保险证明、' + '《专业技术人员基本情况及业绩表》等。' + TECH_PERSONNEL_NOTE,
          types: FULL_REVIEW,
        },
        { name: '技术负责人任职文件', slot: 'otherAttachments', types: FULL_REVIEW },
        {
          name: `${field}业绩证明材料`,
          slot: 'otherAttachments',
          note: `需考核业绩的申请提供，包括${spec.work}合同、竣工验收或施工图审查合格证明等；首次申请和增项申请不考核业绩。`,
          types: ['upgrade', 'renew', 'restructure'],
        },
        { name: '技术装备及办公场所证明材料', slot: 'otherAttachments', types: FULL_REVIEW },
        { name: '质量管理体系文件', slot: 'otherAttachments', types: FULL_REVIEW },
        { name: '资质证书变更申请及工商变更核准文件', slot: 'otherAttachments', note: '申请资质证书变更时提供。', types: ['rename'] },
        {
          name: '企业改制重组方案、上级主管部门或股东会批准文件、职工代表大会决议',
          slot: 'otherAttachments',
          note: '企业合并、分立、改制、重组后申请重新核定资质时提供。',
          types: ['restructure'],
        },
      ],
      timeLimit: LICENCE_TIME_LIMIT,
      fees: FEES,
      legalBasis: [
        ...LICENCE_LAWS,
        '《建设工程勘察设计资质管理规定》（建设部令第160号）',
        '《建设工程勘察设计资质管理规定实施意见》（建市〔2007〕202号）',
        spec.standard,
      ],
      process: [
        '网上申报：申请人通过北京市统一身份认证登录，填写申请单位信息和申请内容，上传申请表及其他附件后提交。',
        ACCEPT_STEP_TEXT,
        '审查：对企业资信、主要专业技术人员、技术装备等是否符合资质标准进行审查；需要专家评审的，专家评审所需时间不计入办理时限。',
        '公示：在“资质资格公示”栏目公示审查意见；申请人对审查意见有异议的，可在公示期间通过“陈述”模块在线提交陈述材料。',
        '公告：在“资质资格公告”栏目公告审批结果。',
        '制证、办结：准予许可的，颁发资质证书；不予许可的，书面说明理由，并告知申请人依法申请行政复议或者提起行政诉讼的权利。',
        '注：不同的申请内容，办理流程不尽相同，以“办事进度”中的“流程跟踪”显示为准。',
      ],
      contact: CONTACT,
    },
    applicationTypes,
    steps: [ENTERPRISE_APPLICANT_STEP, enterpriseContentStep(spec.catalogue, applicationTypes), attachmentsStep(FORM_AND_OTHER_SLOTS, SURVEY_DESIGN_ATTACHMENT_NOTICE), REVIEW_STEP],
    attachmentSlots: FORM_AND_OTHER_SLOTS,
  };
}
