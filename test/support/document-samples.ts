/**
 * Every kind of official document built by document-content.ts from realistic case data: once of
 * ordinary length and once with long data (a 100-character enterprise name, 20 qualifications, a
 * 600-character opinion). Layout tests render these and count pages.
 */
import { sampleIdNumber, sampleUscc } from '../../src/domain/items/fixtures.ts';
import { buildCertificate, buildDocument, buildExOfficioCancellation, type CaseFacts, type DocumentKind, type IssueFacts } from '../../src/server/documents/document-content.ts';
import type { OfficialDocument } from '../../src/server/documents/render/official-document.ts';

export type SampleLength = 'ordinary' | 'long';

export interface DocumentSample {
  /** e.g. 'acceptance', 'special-procedure-publicity' */
  name: string;
  kind: DocumentKind;
  /** Item code, e.g. 'survey-b'. */
  item: string;
  length: SampleLength;
  doc: OfficialDocument;
}

const HOTLINE = '010-58511090（工作日：9:00 - 17:30）';
const verification = (n: number) => ({ code: `K7QM-3XPD-9A2C-${String(n).padStart(4, '0')}`, url: `https://zizhi.ghzrzyw.beijing.gov.cn/verify/K7QM3XPD9A2C${String(n).padStart(4, '0')}` });

/** Exactly `length` characters: `text` repeated, cut, ending with `tail`. */
function padded(text: string, length: number, tail = ''): string {
  const body = text.repeat(Math.ceil(length / text.length)).slice(0, length - tail.length);
  return body + tail;
}

const ORDINARY_NAME = '北京城建勘测设计研究院有限责任公司';
const LONG_NAME = padded('北京中外合作城乡规划建筑工程勘察设计研究总院集团股份', 100, '有限公司');
const USCC = sampleUscc('110108', 'MA01D3M0');

const SURVEY = ['B20301B', 'B202B'];
/** 20 乙级 design qualifications, names up to 30 characters. */
const DESIGN_20 = ['A201B', 'A202B', 'A203B', 'A204B', 'A205B', 'A207B', 'A208B', 'A21001B', 'A21002B', 'A21003B', 'A21101B', 'A21102B', 'A212B', 'A213B', 'A215B', 'A216B', 'A21701B', 'A21801B', 'A219B', 'A30209B'];

const ORDINARY_OPINION = {
  'not-accepted': '申请事项中的工程设计甲级资质不属于本机关审批权限，请向住房和城乡建设部提出申请。',
  correction: '申请表第3页缺少法定代表人签字，主要技术负责人的职称证书扫描件不清晰，请重新扫描后上传。',
  extension: '申请涉及的技术负责人业绩需向外省（市）住房城乡建设主管部门核查，核查结果尚未反馈。',
  refusal: '经核查，企业主要技术负责人的工程业绩不满足《建设工程勘察资质标准》规定的乙级资质条件，注册土木工程师（岩土）人数少于标准要求的3人。',
  'special-procedure': '技术负责人业绩需专家认定',
} as const;

/** 600 characters of staff opinion, made of real sentences. */
const LONG_OPINION = padded(
  '申请表第3页缺少法定代表人签字，请补签后重新扫描上传；主要技术负责人的职称证书、学历证书扫描件不清晰，请按原件重新扫描；企业近三年完成的工程勘察项目业绩表中，第2、5、7项缺少合同及竣工验收证明，请补充提交；注册土木工程师（岩土）的社会保险缴纳证明须覆盖最近连续三个月。',
  600,
  '。',
);

function caseFacts(length: SampleLength, item: string, applicationType: string, extra: Record<string, unknown> = {}): CaseFacts {
  const long = length === 'long';
  const engineer = item === 'struct-eng-2';
  return {
    item,
    applicationType,
    number: `${engineer ? 'JG' : item === 'nonlocal-filing' ? 'WB' : item === 'design-b' ? 'SJ' : 'KC'}2026000123`,
    data: {
      applicant: engineer ? { applicantName: long ? '欧阳建国' : '张结构', idNumber: sampleIdNumber('11010519850307123') } : { orgName: long ? LONG_NAME : ORDINARY_NAME, uscc: USCC },
      content: { qualifications: engineer ? [] : long ? DESIGN_20 : item === 'design-b' ? ['A221B', 'A217B'] : SURVEY, ...extra },
    },
    submittedAt: new Date('2026-11-20T02:00:00Z'),
    attachments: [
      { slot: 'applicationForm', originalName: long ? `${padded('资质申请表（法定代表人签字并加盖公章）', 60)}.pdf` : '资质申请表.pdf', pages: 12 },
      { slot: 'otherAttachments', originalName: long ? `${padded('申请材料汇总（含目录、营业执照、章程、技术负责人证明、业绩证明）', 60)}.pdf` : '申请材料汇总.pdf', pages: 186 },
    ],
  };
}

/** 文号 words as documents.service numbers them. */
const SERIES: Partial<Record<DocumentKind, string>> = { acceptance: '受', 'not-accepted': '不受', correction: '补', 'special-procedure': '特', extension: '延', approval: '许', refusal: '不许', cancellation: '销', 'filing-certificate': '外备' };

function issue(kind: DocumentKind, n: number, facts: Partial<IssueFacts> = {}): IssueFacts {
  return { kind, number: `京规自勘设${SERIES[kind] ?? ''}〔2026〕${n}号`, verification: verification(n), date: '2026-11-27', hotline: HOTLINE, ...facts };
}

function notices(length: SampleLength): DocumentSample[] {
  const long = length === 'long';
  const opinion = (kind: keyof typeof ORDINARY_OPINION) => (long ? LONG_OPINION : ORDINARY_OPINION[kind]);
  const design = long ? 'design-b' : 'survey-b';
  const provisionalYears = long ? [2027] : undefined;
  const build = (name: string, kind: DocumentKind, facts: CaseFacts, i: Partial<IssueFacts>, n: number): DocumentSample => ({ name, kind, item: facts.item, length, doc: buildDocument(facts, issue(kind, n, i)).document });
  return [
    build('acceptance', 'acceptance', caseFacts(length, design, 'first'), { limitDays: 20, dueDate: '2026-12-25', provisionalYears, handler: '张受理' }, 1),
    build('not-accepted', 'not-accepted', caseFacts(length, design, 'first'), { opinion: opinion('not-accepted') }, 2),
    build(
      'correction',
      'correction',
      caseFacts(length, design, 'first'),
      {
        opinion: opinion('correction'),
        correctionItems: long
          ? ['attachments.applicationForm', 'attachments.otherAttachments', 'applicant', 'applicant.postalCode', 'applicant.mailingAddress', 'applicant.registeredAddress', 'applicant.agent', 'applicant.phone', 'content.qualifications', 'content']
          : ['attachments.applicationForm', 'attachments.otherAttachments', 'applicant.postalCode'],
        limitDays: 20,
        dueDate: '2026-12-25',
        provisionalYears,
      },
      3,
    ),
    build('special-procedure', 'special-procedure', caseFacts(length, design, 'first'), { procedure: '专家评审', limitDays: 15, dueDate: '2026-12-18', provisionalYears, opinion: opinion('special-procedure') }, 4),
    build('special-procedure-publicity', 'special-procedure', caseFacts(length, design, 'first'), { procedure: '公示', dueDate: '2026-12-03' }, 5),
    build('extension', 'extension', caseFacts(length, design, 'first'), { opinion: opinion('extension'), limitDays: 10, previousDueDate: '2026-12-25', dueDate: '2027-01-11', provisionalYears }, 6),
    build('approval', 'approval', caseFacts(length, design, 'first'), {}, 7),
    build('refusal', 'refusal', caseFacts(length, design, 'first'), { opinion: opinion('refusal') }, 8),
    build('cancellation', 'cancellation', caseFacts(length, design, 'cancel', { cancelReason: '企业经营方向调整' }), { remaining: long ? DESIGN_20.slice(0, 12) : ['B202B'] }, 9),
    build('registration-approval', 'approval', caseFacts(length, 'struct-eng-2', 'initial'), {}, 10),
  ];
}

function filing(length: SampleLength, count = length === 'long' ? 5 : 2): DocumentSample {
  const long = length === 'long';
  const certificates = Array.from({ length: count }, (_, i) => ({
    certificateNumber: `A11300000${i + 1}`,
    issuer: i % 2 ? '中华人民共和国住房和城乡建设部' : '河北省住房和城乡建设厅',
    validUntil: '2029-06-30',
    scope: long ? ['工程设计建筑行业（建筑工程）甲级；工程设计市政行业（给水工程、排水工程）专业乙级', '工程勘察岩土工程专业（岩土工程勘察、岩土工程设计）甲级；工程勘察工程测量专业乙级'][i % 2] : ['工程设计建筑行业（建筑工程）甲级', '工程勘察岩土工程专业甲级'][i % 2],
  }));
  const facts = caseFacts(length, 'nonlocal-filing', 'filing', {
    enterpriseName: long ? LONG_NAME : '河北建设勘察研究院有限公司',
    legalRepresentative: '赵法人',
    technicalDirector: '钱技术',
    unitAddress: long ? '河北省石家庄市长安区建设北大街与和平东路交叉口东北角示范大厦A座18层1801室' : '河北省石家庄市长安区示范街1号',
    certificates,
  });
  return { name: long || count === 2 ? 'filing-certificate' : `filing-certificate-${count}`, kind: 'filing-certificate', item: 'nonlocal-filing', length, doc: buildDocument(facts, issue('filing-certificate', 11)).document };
}

function certificates(length: SampleLength): DocumentSample[] {
  const long = length === 'long';
  const common = { number: 'B211012345', validFrom: '2026-11-27', validUntil: '2031-11-26', caseNumber: 'KC2026000123', date: '2026-11-27' };
  const enterpriseItem = long ? 'design-b' : 'survey-b';
  const qualification = buildCertificate({
    ...common,
    item: enterpriseItem,
    number: long ? 'A211012345' : 'B211012345',
    holderName: long ? LONG_NAME : ORDINARY_NAME,
    holderId: USCC,
    legalRep: '王示范',
    registeredAddress: long ? '北京市海淀区西三环北路甲2号院中关村国防科技园2号楼11层1101、1102、1103、1105、1106室' : '北京市海淀区示范路2号',
    holdings: long ? DESIGN_20 : SURVEY,
    verification: verification(12),
  });
  const registration = buildCertificate({
    ...common,
    item: 'struct-eng-2',
    number: 'S2261100123',
    validUntil: '2029-11-26',
    caseNumber: 'JG2026000123',
    holderName: long ? '欧阳建国' : '张结构',
    holderId: sampleIdNumber('11010519850307123'),
    employer: long ? LONG_NAME : ORDINARY_NAME,
    holdings: [],
    verification: verification(13),
  });
  const exOfficio = buildExOfficioCancellation({
    ...common,
    item: enterpriseItem,
    kind: 'ex-officio-cancellation',
    documentNumber: '京规自勘设销〔2026〕14号',
    holderName: long ? LONG_NAME : ORDINARY_NAME,
    holderId: USCC,
    holdings: long ? DESIGN_20 : SURVEY,
    validUntil: '2026-11-26',
    reason: '有效期届满未延续',
    verification: verification(14),
  });
  return [
    { name: 'qualification-certificate', kind: 'qualification-certificate', item: enterpriseItem, length, doc: qualification.document },
    { name: 'registration-certificate', kind: 'registration-certificate', item: 'struct-eng-2', length, doc: registration.document },
    { name: 'ex-officio-cancellation', kind: 'ex-officio-cancellation', item: enterpriseItem, length, doc: exOfficio.document },
  ];
}

/** Every document kind, ordinary and long. */
export function documentSamples(): DocumentSample[] {
  return (['ordinary', 'long'] as const).flatMap((length) => [...notices(length), filing(length), ...(length === 'ordinary' ? [filing(length, 5)] : []), ...certificates(length)]);
}
