import type { Kysely } from 'kysely';
import { idNumberCheckChar, orgCodeCheckChar, usccCheckChar } from '../domain/identifiers/index.ts';
import { STAFF_ROLES, type StaffRole } from '../domain/roles.ts';
import type { DB } from './db/schema.ts';
import { addCalendarDays, addYears, shanghaiDateOf } from '../domain/calendar/index.ts';
import { designB, structEng2, surveyB } from '../domain/items/index.ts';
import { formatCertificateNumber } from '../domain/register/index.ts';
import { nextCounter } from './db/counters.ts';
import { insertSeedCertificate } from './db/seed.repository.ts';
import { buildCertificate } from './documents/document-content.ts';
import { newVerificationCode } from './documents/documents.service.ts';
import { countIdpUsers, insertIdpUser } from './auth/idp/idp-users.writes.ts';
import { hashPassword } from './auth/idp/passwords.ts';
import { insertTemplate } from './templates/templates.writes.ts';

export const DEMO_PASSWORD = 'Zizhi@2026';

function demoUscc(): string {
  const org = `MA01D3M0${orgCodeCheckChar('MA01D3M0')}`;
  const first17 = `91110108${org}`;
  return first17 + usccCheckChar(first17);
}

function demoIdNumber(): string {
  const first17 = '11010519850307123';
  return first17 + idNumberCheckChar(first17);
}

const STAFF: readonly { username: string; name: string; role: StaffRole; mobile: string }[] = [
  { username: 'shouli', name: '李受理', role: 'acceptor', mobile: '13900000001' },
  { username: 'shencha', name: '王审查', role: 'reviewer', mobile: '13900000002' },
  { username: 'fuhe', name: '赵复核', role: 'rechecker', mobile: '13900000003' },
  { username: 'gongshi', name: '钱公示', role: 'publisher', mobile: '13900000004' },
  { username: 'zhizheng', name: '孙制证', role: 'issuer', mobile: '13900000005' },
  { username: 'fuzeren', name: '冯负责', role: 'head', mobile: '13900000009' },
  { username: 'xitong', name: '周系统', role: 'sysadmin', mobile: '13900000006' },
  { username: 'anquan', name: '吴安全', role: 'secadmin', mobile: '13900000007' },
  { username: 'shenji', name: '郑审计', role: 'auditor', mobile: '13900000008' },
];

/** 常用意见 a newcomer finds in the console (the 负责人 edits or removes them like any other). */
const DEMO_TEMPLATES = [
  { role: 'acceptor', title: '缺少技术负责人职称证', body: '其他附件缺少技术负责人的职称证书扫描件，请按“个人”为单位补充后整合上传。' },
  { role: 'acceptor', title: '申请表未盖章', body: '申请表未加盖申请单位公章，请打印后加盖公章、扫描上传。' },
  { role: 'reviewer', title: '业绩不满足标准', body: '申请人所报技术负责人的工程业绩不满足资质标准要求，不予通过。' },
] as const;

export interface DemoAccount {
  kind: string;
  login: string;
  name: string;
}

/** Demo identities for a newcomer's first start; only ever on an empty identity store. */
export async function seedDemoAccounts(db: Kysely<DB>, opts: { publicUrl?: string } = {}): Promise<DemoAccount[] | undefined> {
  if ((await countIdpUsers(db)) > 0) return undefined;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const uscc = demoUscc();
  const idNumber = demoIdNumber();
  const accounts: DemoAccount[] = [];
  await db.transaction().execute(async (tx) => {
    await insertIdpUser(tx, {
      id: crypto.randomUUID(),
      kind: 'legal',
      uscc,
      mobile: '13800000001',
      email: 'demo-enterprise@example.cn',
      passwordHash,
      profile: { orgName: '北京示范勘察设计有限公司', legalRep: '陈法人', agentName: '刘经办' },
    });
    accounts.push({ kind: '法人（企业）', login: uscc, name: '北京示范勘察设计有限公司' });
    await insertIdpUser(tx, {
      id: crypto.randomUUID(),
      kind: 'natural',
      idType: '居民身份证',
      idNumber,
      mobile: '13800000002',
      email: 'demo-engineer@example.cn',
      passwordHash,
      profile: { name: '张结构' },
    });
    accounts.push({ kind: '自然人（工程师）', login: idNumber, name: '张结构' });
    await seedDemoRegister(tx, { uscc, idNumber, today: shanghaiDateOf(new Date()), publicUrl: opts.publicUrl ?? 'http://localhost:3000' });
    for (const t of DEMO_TEMPLATES) await insertTemplate(tx, { ...t, updatedBy: null, updatedAt: new Date() });
    for (const staff of STAFF) {
      await insertIdpUser(tx, {
        id: crypto.randomUUID(),
        kind: 'staff',
        username: staff.username,
        mobile: staff.mobile,
        passwordHash,
        profile: { name: staff.name },
        roles: [staff.role],
      });
      accounts.push({ kind: `工作人员（${STAFF_ROLES[staff.role]}）`, login: staff.username, name: staff.name });
    }
  });
  return accounts;
}

/**
 * What the demo holders hold, so every register path can be tried at once after `npm start`: the
 * enterprise's 工程勘察资质证书 (two qualifications) expires in 45 days — the 60-day reminder, the
 * 延续 link, 增项 and partial 注销 all apply — and its 工程设计资质证书 has years left; the engineer
 * has a registration.
 */
async function seedDemoRegister(tx: Kysely<DB>, who: { uscc: string; idNumber: string; today: string; publicUrl: string }) {
  const now = new Date();
  const grants = [
    { item: surveyB, holderId: who.uscc, holderName: '北京示范勘察设计有限公司', codes: ['B201B', 'B202B'], validUntil: addCalendarDays(who.today, 45) },
    { item: designB, holderId: who.uscc, holderName: '北京示范勘察设计有限公司', codes: ['A31701B', 'A32101B'], validUntil: addCalendarDays(who.today, 3 * 365) },
    { item: structEng2, holderId: who.idNumber, holderName: '张结构', codes: [], validUntil: addCalendarDays(who.today, 2 * 365), employer: '北京示范勘察设计有限公司' },
  ];
  for (const g of grants) {
    const rules = g.item.result.register!;
    const validFrom = addCalendarDays(addYears(g.validUntil, -rules.validityYears), 1);
    const year = Number(validFrom.slice(0, 4));
    const number = formatCertificateNumber(rules.numbering, year, await nextCounter(tx, rules.numbering.series, rules.numbering.perYear ? year : 0));
    const id = crypto.randomUUID();
    // Its electronic certificate (rendered on first download), so /verify and 下载电子证书 work at once.
    const code = newVerificationCode();
    const details = rules.holder === 'enterprise' ? { legalRep: '陈法人', registeredAddress: '北京市海淀区示范路2号' } : {};
    const frozen = buildCertificate({ item: g.item.code, number, holderName: g.holderName, holderId: g.holderId, ...details, holdings: g.codes, employer: g.employer, validFrom, validUntil: g.validUntil, date: validFrom, verification: { code, url: `${who.publicUrl}/verify/${code}` } });
    await insertSeedCertificate(tx, {
      certificate: {
        id,
        item: g.item.code,
        holderKind: rules.holder,
        holderId: g.holderId,
        holderName: g.holderName,
        number,
        validFrom,
        validUntil: g.validUntil,
        employer: g.employer ?? null,
        details: JSON.stringify(details),
        origin: 'seed',
        createdAt: now,
        updatedAt: now,
      },
      codes: g.codes,
      document: { id: crypto.randomUUID(), applicationId: null, registerCertificateId: id, caseEventId: null, kind: g.item.result.kind, number, verificationCode: code, title: frozen.document.title, content: JSON.stringify(frozen), issuedAt: new Date(`${validFrom}T09:00:00+08:00`) },
      at: now,
    });
  }
}

export function formatDemoAccounts(accounts: readonly DemoAccount[]): string {
  const rows = accounts.map((a) => `  ${a.kind.padEnd(12, '　')}  账号 ${a.login.padEnd(20)}  ${a.name}`);
  return ['已创建演示账号（密码均为 ' + DEMO_PASSWORD + '）：', ...rows].join('\n');
}
