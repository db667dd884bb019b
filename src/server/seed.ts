import type { Kysely } from 'kysely';
import { idNumberCheckChar, orgCodeCheckChar, usccCheckChar } from '../domain/identifiers/index.ts';
import { STAFF_ROLES, type StaffRole } from '../domain/roles.ts';
import type { DB } from './db/schema.ts';
import { countIdpUsers, insertIdpUser } from './auth/idp/idp-users.repository.ts';
import { hashPassword } from './auth/idp/passwords.ts';

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
  { username: 'xitong', name: '周系统', role: 'sysadmin', mobile: '13900000006' },
  { username: 'anquan', name: '吴安全', role: 'secadmin', mobile: '13900000007' },
  { username: 'shenji', name: '郑审计', role: 'auditor', mobile: '13900000008' },
];

export interface DemoAccount {
  kind: string;
  login: string;
  name: string;
}

/** Demo identities for a newcomer's first start; only ever on an empty identity store. */
export async function seedDemoAccounts(db: Kysely<DB>): Promise<DemoAccount[] | undefined> {
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

export function formatDemoAccounts(accounts: readonly DemoAccount[]): string {
  const rows = accounts.map((a) => `  ${a.kind.padEnd(12, '　')}  账号 ${a.login.padEnd(20)}  ${a.name}`);
  return ['已创建演示账号（密码均为 ' + DEMO_PASSWORD + '）：', ...rows].join('\n');
}
