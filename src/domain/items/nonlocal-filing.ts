import { BEIJING_CODE } from '../regions/provinces.ts';
import type { ApplicationType, AttachmentSlot, ItemDefinition } from './types.ts';
import { ACCEPT_LIMIT_DAYS, FILING_CHECK_DAYS } from '../workflow/variants.ts';
import { CONTACT, DEPARTMENT, FEES, GROUP, LEGAL_DAYS, PDF_ONLY_HINT, REVIEW_STEP, attachmentsStep } from './common.ts';

/** Why a 北京 enterprise is refused: it needs no 外埠 filing. */
const NOT_NONLOCAL = '北京市企业无需办理外埠企业进京备案';

/** A filing has no 申请内容 choice; its single type keeps every item's data shape the same. */
const APPLICATION_TYPES: readonly ApplicationType[] = [{ value: 'filing', label: '备案', workflow: 'filing', outcome: 'none' }];

/** Manual 3.3 step 3: three slots, one PDF each. */
const SLOTS: readonly AttachmentSlot[] = [
  {
    key: 'integrityPledge',
    title: '企业诚信守法承诺书',
    hint: `加盖企业公章后扫描上传。${PDF_ONLY_HINT}`,
    accept: 'application/pdf',
    required: true,
  },
  {
    key: 'localManagerAppointment',
    title: '在本地承揽业务负责人的任命书',
    hint: `企业任命在京承揽业务负责人的文件，加盖企业公章后扫描上传。${PDF_ONLY_HINT}`,
    accept: 'application/pdf',
    required: true,
  },
  {
    key: 'qualificationSummary',
    title: '外埠建设工程勘察设计企业资质信息汇总表',
    hint: `填写企业持有的全部工程勘察、工程设计资质信息，加盖企业公章后扫描上传。${PDF_ONLY_HINT}`,
    accept: 'application/pdf',
    required: true,
  },
];

/**
 * 外埠企业进京从事勘察设计活动备案.
 * A filing (备案), not a licence: acknowledged rather than approved, so no 公示/公告.
 * Legal basis, validity and review depth are unconfirmed (REFERENCE §1.3, §5 item 6) —
 * the guide text here is seed data to reconcile with the commission's published 办事指南.
 */
export const nonlocalFiling: ItemDefinition = {
  code: 'nonlocal-filing',
  numberPrefix: 'WB',
  // A filing is acknowledged, not a licence: nothing enters the register (REFERENCE §1.3, §6.3).
  result: { kind: 'filing-certificate', title: '备案证明', approvalTitle: '备案证明', refusalTitle: '不予备案通知书', act: '备案' },
  title: '外埠企业进京从事勘察设计活动备案',
  department: DEPARTMENT,
  group: GROUP,
  applicantKind: 'enterprise',
  applicationTypes: APPLICATION_TYPES,
  guide: {
    summary:
      '外埠企业进京从事勘察设计活动备案是指在北京市以外注册、持有工程勘察或者工程设计资质的企业，' +
      '在北京市行政区域内承揽建设工程勘察设计业务前，向北京市规划和自然资源委员会办理的备案。' +
      '企业在网上填报单位信息和资质信息并上传备案材料，材料齐全、信息一致的予以备案；备案不作实质审批，不设公示、公告。',
    applicants: ['在北京市以外依法注册、持有工程勘察或者工程设计资质，拟在北京市从事建设工程勘察设计活动的企业。'],
    conditions: [
      '企业在北京市以外依法登记注册：统一社会信用代码第3至8位的登记管理机关行政区划码不属于北京市，申请单位信息中的行政所属区划与之相符。',
      '持有国务院住房和城乡建设主管部门或者外省、自治区、直辖市住房和城乡建设主管部门颁发的有效工程勘察或者工程设计资质证书。',
      '已任命在本地承揽业务的负责人。',
      '作出诚信守法承诺，在资质证书许可的范围内承揽建设工程勘察设计业务。',
      '申请人对所提交备案材料的真实性负责。',
    ],
    materials: [
      {
        name: '企业诚信守法承诺书',
        slot: 'integrityPledge',
        note: '加盖企业公章后扫描上传，PDF 格式，限一个文件。',
      },
      {
        name: '在本地承揽业务负责人的任命书',
        slot: 'localManagerAppointment',
        note: '企业任命在京承揽业务负责人的文件，加盖企业公章后扫描上传，PDF 格式，限一个文件。',
      },
      {
        name: '外埠建设工程勘察设计企业资质信息汇总表',
        slot: 'qualificationSummary',
        note: '填写企业持有的全部工程勘察、工程设计资质信息，加盖企业公章后扫描上传，PDF 格式，限一个文件。',
      },
    ],
    timeLimit: {
      // Brief: 20 working days shown for every item; a 备案 is not a 行政许可, so this is the upper bound.
      legalDays: LEGAL_DAYS,
      // The limit the workflow tracks (guides.test.ts); the commission's own figure is unconfirmed.
      promisedDays: 5,
    },
    fees: FEES,
    // Unconfirmed (REFERENCE §5 item 6): no Beijing-specific instrument found; national basis only.
    legalBasis: [
      '《建设工程勘察设计管理条例》（国务院令第293号）',
      '《建设工程勘察设计资质管理规定》（建设部令第160号）',
    ],
    process: [
      '网上申报：申请人通过北京市统一身份认证登录，填写申请单位信息和申请内容，上传三项备案材料后提交。',
      `受理：在${ACCEPT_LIMIT_DAYS}个工作日内办理。备案材料齐全、符合要求的，予以受理；材料不齐全或者不符合要求的，一次性告知需要补正的全部内容；在北京市登记注册的企业无需办理本备案，不予受理。`,
      `核对：在${FILING_CHECK_DAYS}个工作日内核对备案信息与所附材料、资质证书信息是否一致。一致的，予以备案；不一致或者需要补充的，退回补正，申请人按补正通知修改后重新提交。`,
      '办结：予以备案的，出具备案证明，可在“办事进度”中通过“结果领取”下载。',
    ],
    contact: CONTACT,
  },
  steps: [
    {
      key: 'applicant',
      title: '申请单位',
      kind: 'form',
      fields: [
        { name: 'orgName', label: '申请单位名称', kind: 'text', nameKind: 'org-name', required: true, prefill: 'org_name', lockedWhenPrefilled: true, maxLength: 100 },
        {
          name: 'uscc',
          label: '统一社会信用代码',
          kind: 'uscc',
          required: true,
          prefill: 'uscc',
          lockedWhenPrefilled: true,
          // Characters 3–8 name the registration authority's division (GB 32100): 北京 is not 外埠.
          excludeRegisteredIn: { provinces: [BEIJING_CODE], reason: NOT_NONLOCAL },
        },
        { name: 'address', label: '详细地址', kind: 'text', nameKind: 'address', required: true, maxLength: 200, basicInfo: 'registeredAddress' },
        // GB/T 2260 province → city → county; a 外埠 firm is registered outside 北京 (REFERENCE §1.3),
        // where its USCC says (same province, same prefecture where the code names one).
        {
          name: 'region',
          label: '行政所属区划',
          kind: 'region',
          required: true,
          excludeProvinces: { codes: [BEIJING_CODE], message: '外埠企业的行政所属区划不能为北京市' },
          agreesWithUscc: 'uscc',
          hint: '选择企业登记注册地所在的省、市、区县，应与统一社会信用代码第3至8位的登记管理机关行政区划码相符。',
        },
        {
          name: 'orgNature',
          label: '单位性质',
          kind: 'select',
          required: true,
          // Common government-form list (REFERENCE §1.3, [M]); no official Beijing list found.
          options: ['国有企业', '集体企业', '股份有限公司', '有限责任公司', '私营企业', '外商投资企业', '港澳台投资企业', '事业单位', '其他'],
        },
        { name: 'postalCode', label: '邮政编码', kind: 'postal', required: true, basicInfo: 'postalCode' },
        { name: 'contactName', label: '联系人', kind: 'text', nameKind: 'person-name', required: true, prefill: 'agent_name', maxLength: 50, basicInfo: 'contactName' },
        { name: 'mobile', label: '手机', kind: 'mobile', required: true, prefill: 'phone_number', maxLength: 20, basicInfo: 'mobile' },
        { name: 'email', label: 'Email', kind: 'email', required: true, prefill: 'email', maxLength: 254, basicInfo: 'email' },
      ],
    },
    {
      key: 'content',
      title: '申请内容',
      kind: 'form',
      fields: [
        { name: 'enterpriseName', label: '企业名称', kind: 'text', nameKind: 'org-name', required: true, prefill: 'org_name', lockedWhenPrefilled: true, maxLength: 100 },
        { name: 'legalRepresentative', label: '法定代表人', kind: 'text', nameKind: 'person-name', required: true, prefill: 'legal_rep', maxLength: 50 },
        { name: 'technicalDirector', label: '技术负责人', kind: 'text', nameKind: 'person-name', required: true, maxLength: 50, basicInfo: 'technicalDirector' },
        { name: 'unitAddress', label: '单位地址', kind: 'text', nameKind: 'address', required: true, maxLength: 200, basicInfo: 'registeredAddress' },
        {
          // Manual: 资质证书编号 …; a firm may hold several certificates (勘察 and 设计, several issuers).
          name: 'certificates',
          label: '资质证书',
          kind: 'group',
          required: true,
          minItems: 1,
          maxItems: 10,
          fields: [
            { name: 'certificateNumber', label: '资质证书编号', kind: 'cert-number', required: true, maxLength: 40 },
            { name: 'issuer', label: '发证机关', kind: 'text', nameKind: 'org-name', required: true, maxLength: 100 },
            // An expired certificate cannot back a filing.
            { name: 'validUntil', label: '有效期至', kind: 'date', required: true, dateBounds: { notBeforeToday: true } },
            // Free text: a 外埠 firm may hold 甲级 or another province's grades, outside this system's catalogue.
            {
              name: 'scope',
              label: '资质类别及等级',
              kind: 'textarea',
              required: true,
              maxLength: 500,
              hint: '按资质证书填写，如：工程设计建筑行业（建筑工程）甲级。',
            },
          ],
        },
      ],
    },
    attachmentsStep(SLOTS),
    REVIEW_STEP,
  ],
  attachmentSlots: SLOTS,
};
