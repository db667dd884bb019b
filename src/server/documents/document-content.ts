/**
 * The text of each official document a case produces (REFERENCE §1.4.4), built from the case as it
 * stands when the document is issued. The result is frozen in issued_documents.content and never
 * rebuilt: a later change of the case does not change a document already issued.
 */
import { correctionLabels, findApplicationType, findItem, type ItemDefinition } from '../../domain/items/index.ts';
import { findQualification } from '../../domain/qualifications/index.ts';
import { qualificationName } from '../../domain/register/index.ts';
import { chineseDate, shanghaiDateOf } from '../../domain/calendar/index.ts';
import { CORRECTION_LAPSE_TEXT } from '../../domain/workflow/index.ts';
import type { DocumentBlock, OfficialDocument } from './render/official-document.ts';

export const AUTHORITY = '北京市规划和自然资源委员会';

/** Art.38 / 行政复议法 Art.20, 24 / 行政诉讼法 Art.46: every refusal tells the remedies. */
export const REMEDY =
  '如不服本决定，可以自收到本文书之日起六十日内向北京市人民政府申请行政复议，或者自收到本文书之日起六个月内依法向人民法院提起行政诉讼。';

export type DocumentKind =
  | 'acceptance'
  | 'not-accepted'
  | 'correction'
  | 'special-procedure'
  | 'extension'
  | 'approval'
  | 'refusal'
  | 'cancellation'
  | 'ex-officio-cancellation'
  | 'qualification-certificate'
  | 'registration-certificate'
  | 'filing-certificate';

/** Certificates can be superseded or revoked (注销); notices stay what they were. */
export const CERTIFICATE_KINDS: ReadonlySet<DocumentKind> = new Set(['qualification-certificate', 'registration-certificate', 'filing-certificate']);

/** What the public verification page may show: never an ID number, a natural person's name masked. */
export interface PublicFacts {
  kindLabel: string;
  holder: string;
  item: string;
  applicationType: string | null;
  /** Certificates: the qualifications or registration it covers. */
  scope?: string;
  validUntil?: string;
}

export interface FrozenDocument {
  document: OfficialDocument;
  public: PublicFacts;
}

export interface CaseFacts {
  item: string;
  applicationType: string | null;
  number: string;
  data: Record<string, Record<string, unknown>>;
  submittedAt: Date;
  attachments: ReadonlyArray<{ slot: string; originalName: string; pages: number }>;
}

export interface IssueFacts {
  kind: DocumentKind;
  number: string;
  verification: { code: string; url: string };
  /** Date of issue, YYYY-MM-DD in Asia/Shanghai. */
  date: string;
  /** The staff opinion that goes to the applicant (reasons of a refusal, the 补正 message). */
  opinion?: string;
  correctionItems?: readonly string[];
  /** 受理通知书: the statutory limit and the computed due date. */
  limitDays?: number;
  dueDate?: string;
  /** Years up to the due date whose 放假安排 is not published: the date is provisional. */
  provisionalYears?: readonly number[];
  /** 受理通知书: who accepted it. */
  handler?: string;
  hotline?: string;
  /** 准予注销决定书 of a partial 注销: the qualifications that stay (a new certificate lists them). */
  remaining?: readonly string[];
  /** 特别程序告知书: the procedure (专家评审, 公示). */
  procedure?: string;
  /** 延期审批告知书: the due date before the extension (dueDate is the new one). */
  previousDueDate?: string;
}

/**
 * A certificate is a snapshot of the register after the change (never of the case alone): who
 * holds it, what, and until when.
 */
export interface CertificateFacts {
  item: string;
  number: string;
  holderName: string;
  /** 统一社会信用代码, or the engineer's 证件号码 (masked when printed). */
  holderId: string;
  legalRep?: string;
  registeredAddress?: string;
  /** Catalogue codes held (enterprises). */
  holdings: readonly string[];
  employer?: string;
  validFrom: string;
  validUntil: string;
  /** The case that caused this issue, if any (申报编号). */
  caseNumber?: string;
  /** 发证日期, YYYY-MM-DD. */
  date: string;
  verification: { code: string; url: string };
}

const KIND_TITLES: Record<DocumentKind, string> = {
  acceptance: '受理通知书',
  'not-accepted': '不予受理通知书',
  correction: '补正材料通知书',
  'special-procedure': '特别程序告知书',
  extension: '延期审批告知书',
  approval: '准予行政许可决定书',
  refusal: '不予行政许可决定书',
  cancellation: '准予注销决定书',
  'ex-officio-cancellation': '注销决定书',
  'qualification-certificate': '资质证书',
  'registration-certificate': '注册证书',
  'filing-certificate': '备案证明',
};

/** Titles of a kind for an item: the decisions and results are named by the item's definition. */
export function documentTitle(kind: DocumentKind, itemCode: string): string {
  const item = findItem(itemCode);
  if (item) {
    if (kind === 'approval') return item.result.approvalTitle;
    if (kind === 'refusal') return item.result.refusalTitle;
    if (kind === item.result.kind) return item.result.title;
  }
  return KIND_TITLES[kind];
}


/** A date running into a year whose 放假安排 is unpublished says so (REFERENCE §6.2). */
function provisional(issue: Pick<IssueFacts, 'provisionalYears'>): string {
  return issue.provisionalYears?.length ? `（暂定：${issue.provisionalYears.join('、')}年放假安排尚未公布，按法定节假日推算，以办事进度显示为准）` : '';
}

/** 张结构 → 张**: the public sees a natural person's surname only. */
export function maskPersonName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join('');
  return chars[0] + '*'.repeat(Math.min(chars.length - 1, 3));
}

/** 110105198503071230 → 110105********1230 */
export function maskIdNumber(id: string): string {
  return id.length > 10 ? `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}` : '*'.repeat(id.length);
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

interface Parties {
  item: ItemDefinition;
  typeLabel: string | null;
  /** The applicant as addressed: enterprise name or the engineer's name. */
  name: string;
  natural: boolean;
  idLabel: string;
  idValue: string;
  qualifications: string[];
}

function partiesOf(facts: CaseFacts): Parties {
  const item = findItem(facts.item);
  if (!item) throw new Error(`unknown item ${facts.item}`);
  const applicant = facts.data.applicant ?? {};
  const content = facts.data.content ?? {};
  const natural = item.applicantKind === 'engineer';
  const codes = Array.isArray(content.qualifications) ? (content.qualifications as unknown[]).map(String) : [];
  return {
    item,
    typeLabel: (facts.applicationType && findApplicationType(item, facts.applicationType)?.label) || null,
    name: natural ? str(applicant.applicantName) : str(applicant.orgName),
    natural,
    idLabel: natural ? '证件号码' : '统一社会信用代码',
    idValue: natural ? maskIdNumber(str(applicant.idNumber)) : str(applicant.uscc),
    qualifications: codes.map((c) => findQualification(c)?.name ?? c),
  };
}

function caseRows(p: Parties, facts: CaseFacts): Array<[string, string]> {
  const rows: Array<[string, string]> = [
    ['申报编号', facts.number],
    [p.natural ? '申请人' : '申请单位', p.name],
    [p.idLabel, p.idValue],
    ['申请事项', p.item.title],
  ];
  if (p.typeLabel && p.item.applicationTypes.length > 1) rows.push(['申请内容', p.typeLabel]);
  if (p.qualifications.length > 0) rows.push(['申请资质', p.qualifications.join('；')]);
  return rows;
}

function what(p: Parties, facts: CaseFacts): string {
  const type = p.typeLabel && p.item.applicationTypes.length > 1 ? `（${p.typeLabel}）` : '';
  return `${p.natural ? '你' : '你单位'}于${chineseDate(shanghaiDateOf(facts.submittedAt))}提交的“${p.item.title}”${type}申请`;
}

function blocksFor(p: Parties, facts: CaseFacts, issue: IssueFacts): DocumentBlock[] {
  // Kept short (two lines): the 申报编号 is in the table, the QR code's caption says how to verify.
  const queries: DocumentBlock = {
    type: 'paragraph',
    text: `查询方式：登录北京市勘察设计资质申报审批系统“办事进度”查询。${issue.hotline ? `咨询电话：${issue.hotline}。` : ''}`,
  };
  switch (issue.kind) {
    case 'acceptance':
      return [
        { type: 'paragraph', text: `${what(p, facts)}，申请材料齐全、符合法定形式。根据《中华人民共和国行政许可法》第三十二条的规定，决定予以受理。` },
        {
          type: 'fields',
          rows: [
            ...caseRows(p, facts),
            ['受理日期', chineseDate(issue.date)],
            ['法定办理时限', `${issue.limitDays}个工作日（补正、专家评审、公示等期间不计入）`],
            [
              '预计办结日期',
              issue.dueDate ? `${chineseDate(issue.dueDate)}${provisional(issue)}` : '以办事进度显示为准',
            ],
            ...(issue.handler ? ([['经办人', issue.handler]] as Array<[string, string]>) : []),
          ],
        },
        {
          type: 'list',
          caption: '已收到的申请材料',
          items: facts.attachments.map((a) => {
            const slot = p.item.attachmentSlots.find((s) => s.key === a.slot);
            return `${slot?.title ?? a.slot}（${a.originalName}，${a.pages}页）`;
          }),
        },
        queries,
      ];
    case 'not-accepted':
      return [
        { type: 'paragraph', text: `${what(p, facts)}，经审查，根据《中华人民共和国行政许可法》第三十二条的规定，决定不予受理。` },
        { type: 'paragraph', text: `不予受理的理由：${issue.opinion ?? ''}` },
        { type: 'fields', rows: caseRows(p, facts) },
        { type: 'paragraph', text: REMEDY },
        queries,
      ];
    case 'correction':
      return [
        {
          type: 'paragraph',
          text: `${what(p, facts)}，申请材料不齐全或者不符合法定形式。根据《中华人民共和国行政许可法》第三十二条第一款第四项的规定，现一次性告知需要补正的全部内容：`,
        },
        // The sentence above introduces the list: no caption of its own.
        { type: 'list', items: correctionLabels(p.item, issue.correctionItems ?? []) },
        { type: 'paragraph', text: `补正说明：${issue.opinion ?? ''}` },
        {
          type: 'fields',
          rows: [
            ...caseRows(p, facts),
            [
              '补正期限',
              issue.dueDate
                ? `${chineseDate(issue.dueDate)}前（自本通知出具之日起${issue.limitDays}个工作日）${provisional(issue)}`
                : '以办事进度显示为准',
            ],
          ],
        },
        // Says where to log in already: the 查询方式 paragraph is reduced to the hotline.
        {
          type: 'paragraph',
          text: `请登录北京市勘察设计资质申报审批系统，在“办事进度”中点击“补正”，按上述要求修改后在补正期限内重新提交。${CORRECTION_LAPSE_TEXT}。补正期间不计入办理时限；补正材料提交后，本机关依法重新审查是否受理。${issue.hotline ? `咨询电话：${issue.hotline}。` : ''}`,
        },
      ];
    case 'special-procedure':
      return [
        {
          type: 'paragraph',
          text: `${what(p, facts)}，本机关已依法受理。因办理需要，该申请进入${issue.procedure ?? '特别程序'}。根据《中华人民共和国行政许可法》第四十五条的规定，${issue.procedure ?? '特别程序'}所需时间不计入行政许可办理期限，现书面告知如下：`,
        },
        {
          type: 'fields',
          rows: [
            ...caseRows(p, facts),
            ['特别程序', issue.procedure ?? ''],
            ['起始日期', chineseDate(issue.date)],
            [
              issue.limitDays ? '预计所需时间' : '期间',
              issue.limitDays
                ? `${issue.limitDays}个工作日，预计至${issue.dueDate ? chineseDate(issue.dueDate) : ''}${provisional(issue)}`
                : issue.dueDate
                  ? `${chineseDate(issue.date)}至${chineseDate(issue.dueDate)}（含首尾两日）`
                  : '以办事进度显示为准',
            ],
            ...(issue.opinion ? ([['理由', issue.opinion]] as Array<[string, string]>) : []),
          ],
        },
        {
          type: 'paragraph',
          text: `${issue.procedure ?? '特别程序'}结束后，办理时限恢复计算，本机关将通过站内消息告知；预计办结日期以“办事进度”显示为准。`,
        },
        queries,
      ];
    case 'extension':
      return [
        {
          type: 'paragraph',
          text: `${what(p, facts)}，因情况复杂，不能在法定期限内作出决定。根据《中华人民共和国行政许可法》第四十二条第一款的规定，经本机关负责人批准，办理期限延长${issue.limitDays ?? 10}个工作日，现将延长期限的理由告知如下：`,
        },
        { type: 'paragraph', text: `延期理由：${issue.opinion ?? ''}` },
        {
          type: 'fields',
          rows: [
            ...caseRows(p, facts),
            ['原预计办结日期', issue.previousDueDate ? chineseDate(issue.previousDueDate) : ''],
            ['延长期限', `${issue.limitDays ?? 10}个工作日`],
            ['延期后预计办结日期', issue.dueDate ? `${chineseDate(issue.dueDate)}${provisional(issue)}` : '以办事进度显示为准'],
            ['批准日期', chineseDate(issue.date)],
          ],
        },
        queries,
      ];
    case 'approval':
      return [
        {
          type: 'paragraph',
          text: `${what(p, facts)}，经审查，符合法定条件、标准。根据《中华人民共和国行政许可法》第三十八条第一款的规定，决定准予${p.item.result.act}。`,
        },
        { type: 'fields', rows: [...caseRows(p, facts), ['决定日期', chineseDate(issue.date)]] },
        {
          type: 'paragraph',
          text: `本机关将自本决定作出之日起十个工作日内颁发${p.item.result.title}（《中华人民共和国行政许可法》第四十四条）。请在“办事进度”中通过“结果领取”下载电子证书，并选择窗口领取或邮寄送达纸质证书。`,
        },
        queries,
      ];
    case 'refusal':
      return [
        {
          type: 'paragraph',
          text: `${what(p, facts)}，经审查，不符合法定条件、标准。根据《中华人民共和国行政许可法》第三十八条第二款的规定，决定不予${p.item.result.act}。`,
        },
        { type: 'paragraph', text: `理由：${issue.opinion ?? ''}` },
        { type: 'fields', rows: caseRows(p, facts) },
        { type: 'paragraph', text: REMEDY },
        queries,
      ];
    case 'cancellation':
      return [
        { type: 'paragraph', text: `${what(p, facts)}，经审查，符合注销条件。根据《中华人民共和国行政许可法》第七十条的规定，决定予以注销。` },
        { type: 'fields', rows: [...caseRows(p, facts), ['注销日期', chineseDate(issue.date)]] },
        issue.remaining && issue.remaining.length > 0
          ? {
              type: 'paragraph',
              text: `自本决定作出之日起，所注销的资质失效；其余资质（${issue.remaining.map(qualificationName).join('；')}）不受影响，本机关换发${p.item.result.title}，有效期不变，原证书同时失效。`,
            }
          : { type: 'paragraph', text: '自本决定作出之日起，原证书失效，不得继续使用。' },
        queries,
      ];
    case 'ex-officio-cancellation':
    case 'qualification-certificate':
    case 'registration-certificate':
      throw new Error('certificates are built from the register: buildCertificate');
    case 'filing-certificate': {
      const content = facts.data.content ?? {};
      const certs = Array.isArray(content.certificates) ? (content.certificates as Array<Record<string, unknown>>) : [];
      return [
        {
          type: 'fields',
          rows: [
            ['企业名称', str(content.enterpriseName) || p.name],
            ['统一社会信用代码', p.idValue],
            ['法定代表人', str(content.legalRepresentative)],
            ['技术负责人', str(content.technicalDirector)],
            ['单位地址', str(content.unitAddress)],
            // One certificate a line, numbered when there are several.
            ['备案资质', certs.map((c, i) => `${certs.length > 1 ? `${i + 1}．` : ''}${str(c.scope)}（${str(c.certificateNumber)}，${str(c.issuer)}）`).join('\n')],
          ],
        },
        { type: 'paragraph', text: `该企业已完成进京从事建设工程勘察设计活动备案（申报编号 ${facts.number}）。本证明可扫描二维码核验。` },
      ];
    }
  }
}

/** The document and the public facts of one issue. */
export function buildDocument(facts: CaseFacts, issue: IssueFacts): FrozenDocument {
  const p = partiesOf(facts);
  const certificate = CERTIFICATE_KINDS.has(issue.kind);
  const document: OfficialDocument = {
    layout: certificate ? 'certificate' : 'notice',
    title: documentTitle(issue.kind, facts.item),
    authority: AUTHORITY,
    number: issue.number,
    ...(certificate ? {} : { addressee: p.name }),
    blocks: blocksFor(p, facts, issue),
    date: issue.date,
    verification: issue.verification,
  };
  return {
    document,
    public: {
      kindLabel: document.title,
      holder: p.natural ? maskPersonName(p.name) : p.name,
      item: p.item.title,
      applicationType: p.typeLabel,
    },
  };
}

/** A 资质证书 or 注册证书 from the register's state after the change. */
export function buildCertificate(c: CertificateFacts): FrozenDocument {
  const item = findItem(c.item);
  if (!item?.result.register) throw new Error(`no register for ${c.item}`);
  const engineer = item.result.register.holder === 'engineer';
  const validity = `${chineseDate(c.validFrom)}至${chineseDate(c.validUntil)}`;
  const rows: Array<[string, string]> = engineer
    ? [
        ['姓名', c.holderName],
        ['证件号码', maskIdNumber(c.holderId)],
        ['注册类别', '二级注册结构工程师'],
        ['注册单位', c.employer ?? ''],
        ['有效期', validity],
      ]
    : [
        ['企业名称', c.holderName],
        ['统一社会信用代码', c.holderId],
        ['法定代表人', c.legalRep ?? ''],
        ['注册地址', c.registeredAddress ?? ''],
        ['资质类别及等级', c.holdings.map(qualificationName).join('；')],
        ['有效期', validity],
      ];
  rows.push(['发证机关', AUTHORITY], ['发证日期', chineseDate(c.date)]);
  const document: OfficialDocument = {
    layout: 'certificate',
    title: item.result.title,
    authority: AUTHORITY,
    number: c.number,
    blocks: [
      { type: 'fields', rows },
      {
        type: 'paragraph',
        text: `${c.caseNumber ? `申报编号 ${c.caseNumber}。` : ''}本证书为电子证书，与纸质证书具有同等效力，可扫描二维码核验。证书内容以北京市规划和自然资源委员会资质登记簿记载为准。`,
      },
    ],
    date: c.date,
    verification: c.verification,
  };
  return {
    document,
    public: {
      kindLabel: item.result.title,
      holder: engineer ? maskPersonName(c.holderName) : c.holderName,
      item: item.title,
      applicationType: null,
      scope: engineer ? `二级注册结构工程师（注册单位：${c.employer ?? ''}）` : c.holdings.map(qualificationName).join('；'),
      validUntil: c.validUntil,
    },
  };
}

/**
 * 依职权注销 (行政许可法 Art. 70(一)): the authority cancels a licence whose validity ended without
 * 延续. A register document with no application behind it.
 */
export function buildExOfficioCancellation(c: Omit<CertificateFacts, 'caseNumber'> & { kind: DocumentKind; reason: string; documentNumber: string }): FrozenDocument {
  const item = findItem(c.item);
  if (!item?.result.register) throw new Error(`no register for ${c.item}`);
  const engineer = item.result.register.holder === 'engineer';
  const what = engineer ? '二级注册结构工程师注册' : c.holdings.map(qualificationName).join('；');
  const document: OfficialDocument = {
    layout: 'notice',
    title: KIND_TITLES['ex-officio-cancellation'],
    authority: AUTHORITY,
    number: c.documentNumber,
    addressee: c.holderName,
    blocks: [
      {
        type: 'paragraph',
        text: `${engineer ? '你' : '你单位'}持有的${item.result.title}（证书编号${c.number}）有效期至${chineseDate(c.validUntil)}。有效期届满，${engineer ? '你' : '你单位'}未依法申请延续（或者延续申请未获准予）。根据《中华人民共和国行政许可法》第七十条第（一）项的规定，本机关决定依职权注销该证书载明的行政许可。`,
      },
      {
        type: 'fields',
        rows: [
          [engineer ? '姓名' : '企业名称', c.holderName],
          [engineer ? '证件号码' : '统一社会信用代码', engineer ? maskIdNumber(c.holderId) : c.holderId],
          ['证书编号', c.number],
          ['注销的许可', what],
          ['注销原因', c.reason],
          ['注销日期', chineseDate(c.date)],
        ],
      },
      { type: 'paragraph', text: '自本决定作出之日起，原证书失效，不得继续使用。需要继续从事相关活动的，应当依法重新申请。' },
      { type: 'paragraph', text: REMEDY },
    ],
    date: c.date,
    verification: c.verification,
  };
  return {
    document,
    public: { kindLabel: document.title, holder: engineer ? maskPersonName(c.holderName) : c.holderName, item: item.title, applicationType: null, scope: what },
  };
}
