/**
 * Valid sample applications, one per item and 申请内容, for unit, integration and browser tests:
 * `sampleApplication(code, type)` passes validateApplication together with `sampleAttachmentSlots(code)`.
 */
import { addToIsoDate, shanghaiDate } from '../forms/dates.ts';
import { idNumberCheckChar, orgCodeCheckChar, usccCheckChar } from '../identifiers/index.ts';
import { findItem } from './catalog.ts';
import type { ItemCode } from './types.ts';

type Values = Record<string, unknown>;

export interface SampleOptions {
  /** The day the sample must be valid on (dates are set relative to it); defaults to now. */
  today?: Date | string;
  /** Replaces step-1 values, e.g. the USCC or ID number of the test's own account. */
  applicant?: Values;
}

/** A valid 统一社会信用代码 registered in `region` (6 digits) with the 8-character organisation base. */
export function sampleUscc(region: string, orgBase: string): string {
  const first17 = `91${region}${orgBase}${orgCodeCheckChar(orgBase)}`;
  return first17 + usccCheckChar(first17);
}

/** A valid 居民身份证号码 from its first 17 digits. */
export function sampleIdNumber(first17: string): string {
  return first17 + idNumberCheckChar(first17);
}

/** Same values as the demo accounts of src/server/seed.ts. */
const BEIJING_USCC = sampleUscc('110108', 'MA01D3M0');
const ENGINEER_ID = sampleIdNumber('11010519850307123');
const HEBEI_USCC = sampleUscc('130102', 'MA0HB001');

function enterpriseApplicant(): Values {
  return {
    orgName: '北京示范勘察设计有限公司',
    uscc: BEIJING_USCC,
    postalCode: '100044',
    email: 'demo-enterprise@example.cn',
    mailingAddress: '北京市西城区示范路1号',
    registeredAddress: '北京市海淀区示范路2号',
    agent: '刘经办',
    phone: '010-12345678',
    mobile: '13800000001',
  };
}

function enterpriseContent(item: 'survey-b' | 'design-b', type: string, today: string): Values {
  const survey = item === 'survey-b';
  const certificateNumber = survey ? 'B211012345' : 'A211012345';
  const base: Values = { applicationType: type };
  if (type !== 'relocate-province') base.qualifications = survey ? ['B203B', 'B202B'] : ['A32101B', 'A31701B'];
  if (type !== 'first' && type !== 'restructure') base.certificateNumber = certificateNumber;
  switch (type) {
    case 'renew':
      return { ...base, certificateExpiry: addToIsoDate(today, 0, 60) };
    case 'rename':
      return { ...base, formerName: '北京示范勘察设计研究所' };
    case 'restructure':
      return { ...base, restructureDescription: `由北京示范勘察院与北京示范测绘有限公司合并设立，原资质证书编号${certificateNumber}。` };
    case 'relocate-province':
      return { ...base, heldQualifications: survey ? '工程勘察岩土工程专业甲级' : '工程设计建筑行业（建筑工程）甲级', targetProvince: '130000' };
    case 'cancel':
      return { ...base, cancelReason: '企业经营方向调整，申请注销全部资质。' };
    default:
      return base;
  }
}

function engineerContent(type: string, today: string): Values {
  const values: Values = { applicationType: type };
  if (['renew', 'change', 'amend-reissue', 'cancel'].includes(type)) {
    values.formerCertificateNumber = 'S2111000123';
    values.formerExpiry = addToIsoDate(today, 1);
  }
  if (type === 'change') values.formerEmployer = '北京原单位建筑设计院有限公司';
  return values;
}

function steps(code: ItemCode, type: string, today: string): Record<string, Values> {
  switch (code) {
    case 'survey-b':
    case 'design-b':
      return { applicant: enterpriseApplicant(), content: enterpriseContent(code, type, today) };
    case 'struct-eng-2':
      return {
        applicant: {
          applicantName: '张结构',
          idType: '居民身份证',
          idNumber: ENGINEER_ID,
          contact: '13800000002',
          employer: '北京示范勘察设计有限公司',
          mailingAddress: '北京市西城区示范路1号',
        },
        content: engineerContent(type, today),
      };
    case 'nonlocal-filing':
      return {
        applicant: {
          orgName: '河北示范工程勘察设计有限公司',
          uscc: HEBEI_USCC,
          address: '河北省石家庄市长安区示范街1号',
          region: '130102',
          orgNature: '有限责任公司',
          postalCode: '050000',
          contactName: '王联系',
          mobile: '13800000003',
          email: 'filing@example.cn',
        },
        content: {
          enterpriseName: '河北示范工程勘察设计有限公司',
          legalRepresentative: '赵法人',
          technicalDirector: '钱技术',
          unitAddress: '河北省石家庄市长安区示范街1号',
          certificates: [
            {
              certificateNumber: 'A113000001',
              issuer: '河北省住房和城乡建设厅',
              validUntil: addToIsoDate(today, 3),
              scope: '工程设计建筑行业（建筑工程）甲级',
            },
          ],
        },
      };
  }
}

/**
 * Step values (by step key) of a valid application. `applicationType` defaults to the item's
 * first type; an unknown one throws.
 */
export function sampleApplication(code: ItemCode, applicationType?: string, options: SampleOptions = {}): Record<string, Values> {
  const item = findItem(code);
  if (!item) throw new RangeError(`unknown item ${code}`);
  const type = applicationType ?? item.applicationTypes[0]?.value ?? '';
  if (!item.applicationTypes.some((t) => t.value === type)) throw new RangeError(`${code} has no application type ${type}`);
  const data = steps(code, type, shanghaiDate(options.today));
  if (options.applicant) data.applicant = { ...data.applicant, ...options.applicant };
  return data;
}

/** Keys of every attachment slot of the item: the uploads a complete application has. */
export function sampleAttachmentSlots(code: ItemCode): Set<string> {
  return new Set(findItem(code)?.attachmentSlots.map((s) => s.key) ?? []);
}
