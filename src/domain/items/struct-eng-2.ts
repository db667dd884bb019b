import type { ApplicationType, ItemDefinition } from './types.ts';
import { ACCEPT_STEP_TEXT, CONTACT, DEPARTMENT, FEES, FORM_AND_OTHER_SLOTS, GROUP, LICENCE_LAWS, LICENCE_TIME_LIMIT, REVIEW_STEP, applicationTypeField, attachmentsStep, whenType } from './common.ts';

/**
 * 申请内容 of manual 3.2. 预注册 is unconfirmed (REFERENCE §5 item 4): it follows the registration
 * flow until the commission says otherwise; 更改、补办 only reissues the certificate or seal.
 */
const APPLICATION_TYPES: readonly ApplicationType[] = [
  { value: 'initial', label: '初始注册', workflow: 'engineer-registration', outcome: 'issue' },
  // 延续 from the old expiry (行政许可法 Art. 50); 变更 keeps the original expiry (our 办事指南:
  // 变更注册后仍延续原注册有效期; REFERENCE §6.1).
  { value: 'renew', label: '延续注册', workflow: 'engineer-registration', outcome: 'renew' },
  { value: 'change', label: '变更注册', workflow: 'engineer-registration', outcome: 'change' },
  { value: 'amend-reissue', label: '更改、补办注册', workflow: 'engineer-reissue', outcome: 'reissue' },
  { value: 'cancel', label: '注销注册', workflow: 'engineer-cancel', outcome: 'cancel' },
  // Unconfirmed meaning (REFERENCE §5 item 4): treated as a first registration until the commission says otherwise.
  { value: 'pre', label: '预注册', workflow: 'engineer-registration', outcome: 'issue' },
];

/** Manual 3.2: 延续、变更、更改补办、注销 need 原注册证书号 and 原注册有效期. */
const HOLDS_REGISTRATION = whenType('renew', 'change', 'amend-reissue', 'cancel');

/**
 * 二级注册结构工程师执业资格认定.
 * Conditions, 不予注册 situations and materials follow REFERENCE §1.2, mostly tagged [M] —
 * seed data to reconcile with the commission's published 办事指南. The meaning of 预注册 is
 * unconfirmed (REFERENCE §5 item 4), so the guide names it without describing it.
 */
export const structEng2: ItemDefinition = {
  code: 'struct-eng-2',
  title: '二级注册结构工程师执业资格认定',
  numberPrefix: 'JG',
  result: {
    kind: 'registration-certificate',
    title: '注册证书',
    approvalTitle: '准予注册决定书',
    refusalTitle: '不予注册决定书',
    act: '注册',
    // 注册证书 valid 3 years, 延续 due 30 days before expiry (REFERENCE §1.2 [M]). Numbers as the
    // samples show them (REFERENCE §6.1 [M]): S2 + two-digit year + province 11 + five digits.
    register: {
      holder: 'engineer',
      validityYears: 3,
      numbering: { template: 'S2{year2}11{serial:5}', series: 'cert-S2-11', perYear: true },
      reminderDays: [90, 60, 30],
      renewBeforeDays: 30,
      fields: { number: 'formerCertificateNumber', expiry: 'formerExpiry', employer: 'formerEmployer' },
    },
  },
  department: DEPARTMENT,
  group: GROUP,
  applicantKind: 'engineer',
  applicationTypes: APPLICATION_TYPES,
  guide: {
    summary:
      '二级注册结构工程师执业资格认定是对取得二级注册结构工程师执业资格证书的人员申请注册作出的行政许可，' +
      '申请内容包括初始注册、延续注册、变更注册、更改、补办注册、注销注册和预注册。' +
      '申请由北京市规划和自然资源委员会受理、审查并作出决定。' +
      '经注册取得注册证书和执业印章后，方可以二级注册结构工程师的名义执业。',
    applicants: [
      '取得二级注册结构工程师执业资格证书、受聘于本市一个具有建设工程勘察、设计、施工、监理、招标代理、造价咨询等一项或者多项资质的单位的专业技术人员。',
      '已在本市注册、需办理延续、变更、更改、补办或注销注册的二级注册结构工程师。',
    ],
    conditions: [
      '取得二级注册结构工程师执业资格证书。',
      '受聘于一个具有建设工程勘察、设计、施工、监理、招标代理、造价咨询等一项或者多项资质的单位；注册人员只能受聘于一个单位。',
      '取得执业资格证书超过3年申请初始注册的，应当达到继续教育要求。',
      '注册有效期为3年；有效期届满需要继续执业的，应当在届满30日前申请延续注册，并达到注册有效期内的继续教育要求。',
      '变更聘用单位的，应当与原聘用单位解除劳动关系后申请变更注册；变更注册后仍延续原注册有效期。',
      '有下列情形之一的，不予注册：（一）不具有完全民事行为能力的；（二）因从事勘察设计或者相关业务受到刑事处罚，自刑事处罚执行完毕之日起至申请注册之日止不满2年的；（三）因在勘察设计或者相关业务中犯有错误受到行政处罚或者撤职以上行政处分，自处罚、处分决定之日起至申请注册之日止不满2年的；（四）受吊销注册证书处罚，自处罚决定之日起至申请注册之日止不满5年的。',
      '申请人对所提交申请材料的真实性负责。',
    ],
    materials: [
      { name: '注册申请表', slot: 'applicationForm', note: '上传至“申请表”栏，PDF 格式，限一个文件。' },
      {
        name: '其他附件',
        slot: 'otherAttachments',
        note: '申请表以外的全部材料依申请内容整合为一个 PDF 文件上传，通常包括以下各项；材料全部以电子扫描件上传，页面清晰、可识别。',
      },
      { name: '二级注册结构工程师执业资格证书', slot: 'otherAttachments', note: '申请初始注册时提供。', types: ['initial', 'pre'] },
      {
        name: '与聘用单位签订的劳动（聘用）合同',
        slot: 'otherAttachments',
        note: '申请初始注册、延续注册时提供；申请变更注册的，提供与新聘用单位签订的劳动（聘用）合同。',
        types: ['initial', 'pre', 'renew', 'change'],
      },
      {
        name: '继续教育证明',
        slot: 'otherAttachments',
        note: '取得执业资格证书超过3年申请初始注册的，以及申请延续注册的，提供达到继续教育要求的证明。',
        types: ['initial', 'pre', 'renew'],
      },
      {
        name: '与原聘用单位解除劳动关系的证明、工作调动证明或者退休证明',
        slot: 'otherAttachments',
        note: '申请变更注册时提供。',
        types: ['change'],
      },
      {
        name: '更改事项证明材料或者遗失声明',
        slot: 'otherAttachments',
        note: '申请更改注册信息的，提供需要更改事项的证明材料；注册证书或者执业印章遗失、损毁申请补办的，提供遗失声明或者损毁的原件。',
        types: ['amend-reissue'],
      },
    ],
    timeLimit: LICENCE_TIME_LIMIT,
    fees: FEES,
    legalBasis: [
      ...LICENCE_LAWS,
      '《勘察设计注册工程师管理规定》（建设部令第137号）',
      '《注册结构工程师执业资格制度暂行规定》',
    ],
    process: [
      '网上申报：申请人通过北京市统一身份认证登录，填写申请人员信息和申请内容，上传申请表及其他附件后提交。',
      ACCEPT_STEP_TEXT,
      '审查：对申请人是否符合注册条件进行审查。',
      '公示：在“资质资格公示”栏目公示审查意见；申请人对审查意见有异议的，可在公示期间通过“陈述”模块在线提交陈述材料。',
      '公告：在“资质资格公告”栏目公告审批结果。',
      '制证、办结：准予注册的，核发注册证书和执业印章；不予注册的，书面说明理由，并告知申请人依法申请行政复议或者提起行政诉讼的权利。',
      '注：不同的申请内容，办理流程不尽相同，以“办事进度”中的“流程跟踪”显示为准。',
    ],
    contact: CONTACT,
  },
  steps: [
    {
      key: 'applicant',
      title: '申请人员信息',
      kind: 'form',
      fields: [
        { name: 'applicantName', label: '申请人', kind: 'text', nameKind: 'person-name', required: true, prefill: 'name', lockedWhenPrefilled: true, maxLength: 50 },
        {
          name: 'idType',
          label: '证件类型',
          kind: 'select',
          required: true,
          prefill: 'id_type',
          lockedWhenPrefilled: true,
          options: ['居民身份证', '港澳居民来往内地通行证', '台湾居民来往大陆通行证', '港澳台居民居住证', '外国人永久居留身份证', '护照'],
        },
        { name: 'idNumber', label: '证件号码', kind: 'id-number', required: true, prefill: 'id_number', lockedWhenPrefilled: true, maxLength: 30 },
        { name: 'contact', label: '联系方式', kind: 'mobile', required: true, prefill: 'phone_number', maxLength: 20, basicInfo: 'mobile' },
        { name: 'employer', label: '注册单位', kind: 'text', nameKind: 'org-name', required: true, maxLength: 100, basicInfo: 'employer' },
        { name: 'mailingAddress', label: '通讯地址', kind: 'text', nameKind: 'address', required: true, maxLength: 200, basicInfo: 'mailingAddress' },
      ],
    },
    {
      key: 'content',
      title: '申请内容',
      kind: 'form',
      fields: [
        applicationTypeField(APPLICATION_TYPES),
        // The registration-number format is unconfirmed (REFERENCE §1.2): no structural check.
        { name: 'formerCertificateNumber', label: '原注册证书号', kind: 'cert-number', required: true, visibleWhen: HOLDS_REGISTRATION, maxLength: 40 },
        // Any real date: 注销 or a late 延续 may concern an expired registration.
        {
          name: 'formerExpiry',
          label: '原注册有效期',
          kind: 'date',
          required: true,
          visibleWhen: HOLDS_REGISTRATION,
          hint: '填写原注册证书载明的有效期截止日期。',
        },
        // Not in the manual's text: 变更注册 moves to a new employer, so the old one is asked too.
        { name: 'formerEmployer', label: '原注册单位', kind: 'text', nameKind: 'org-name', required: true, visibleWhen: whenType('change'), maxLength: 100 },
      ],
    },
    attachmentsStep(FORM_AND_OTHER_SLOTS),
    REVIEW_STEP,
  ],
  attachmentSlots: FORM_AND_OTHER_SLOTS,
};
