/**
 * Benchmark seed: realistic volume with set-based SQL, runnable on PostgreSQL and PGlite.
 *
 * Accounts, the case plan and notice batches are generated here (small rows sent as JSON and
 * unpacked with jsonb_to_recordset); everything large — application data, case_events,
 * attachments, issued_documents — is produced by INSERT … SELECT inside the database from
 * templates. Case histories are random walks through the real workflow engine, so every stored
 * history replays (pathOf) and every open case sits at a node of its own variant.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { ITEMS, attachmentsStepOf, findItem, workflowOf } from '../../src/domain/items/index.ts';
import { sampleApplication, sampleIdNumber, sampleUscc } from '../../src/domain/items/fixtures.ts';
import type { ItemCode } from '../../src/domain/items/types.ts';
import { VARIANTS, allowedRoles, applyAction, type ActorRole, type CaseEventInput, type WorkflowVariantName } from '../../src/domain/workflow/index.ts';
import { formatApplicationNumber } from '../../src/server/applications/numbering.ts';
import { hashPassword } from '../../src/server/auth/idp/passwords.ts';
import type { DB } from '../../src/server/db/schema.ts';
import { buildDocument, type DocumentKind } from '../../src/server/documents/document-content.ts';
import { categoryLabel } from '../../src/server/notices/notice-entries.ts';
import { DEMO_PASSWORD } from '../../src/server/seed.ts';

export interface SeedOptions {
  /** 1 = the full volume (100 000 accounts, 300 000 applications, ~2 000 000 case events). */
  scale: number;
  /** Issuer of the bundled IdP (PUBLIC_URL + /idp), stored on the accounts like a real login would. */
  issuer: string;
  postgres: boolean;
  log?: (line: string) => void;
}

export interface SeedCounts {
  accounts: number;
  applications: number;
  caseEvents: number;
  attachments: number;
  issuedDocuments: number;
  noticeBatches: number;
  noticeEntries: number;
  byStatus: Record<string, number>;
}

/** Accounts and cases the scenarios act on. */
export interface SeedHandles {
  /** Legal accounts with a survey-b draft each (暂存). */
  drafts: Array<{ accountId: string; applicationId: string; version: number; applicant: Record<string, unknown> }>;
  /** Busy applicants (many cases) and some of their submitted cases (办事进度, 流程跟踪). */
  applicants: Array<{ accountId: string; cases: number; tracked: string[] }>;
  /** A reviewer (审查) staff account. */
  reviewerId: string;
  /** The 负责人 (统计). */
  headId: string;
  /** A name fragment that some applicants share (search terms). */
  searchTerm: string;
  /** Login ids (统一社会信用代码) of seeded IdP users; they all have `password`. */
  logins: string[];
  password: string;
}

// ------------------------------------------------------------------------------- randomness

/** Deterministic PRNG (mulberry32): the same seed gives the same data on every run. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    weighted: <T>(pairs: ReadonlyArray<readonly [T, number]>): T => {
      const total = pairs.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [v, w] of pairs) if ((r -= w) < 0) return v;
      return pairs[pairs.length - 1]![0];
    },
  };
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

// ------------------------------------------------------------------------------- names

const BRANDS = '华鼎 中诚 京城 恒远 博达 正元 宏图 建华 金石 远洋 天成 中建 城建 长城 首创 燕山 京西 通达 兴业 鑫源 泰和 隆盛 新纪元 中科 北方 华夏 京诚 信达 永安 东方 瑞丰 明德 安泰 国信 华勘 中地 地矿 润泽 卓越 鸿业'.split(' ');
const TRADES = ['勘察设计', '建筑设计', '工程设计', '岩土工程', '工程勘察', '勘测', '市政设计', '结构设计'];
const FORMS = ['有限公司', '有限责任公司', '研究院有限公司', '股份有限公司'];
const BEIJING_DISTRICTS = ['110101', '110102', '110105', '110106', '110107', '110108', '110109', '110111', '110112', '110113', '110114', '110115'];
/** 外埠 firms: the county in their USCC is also their filing's 行政所属区划 (the seed copies it). */
const PROVINCES = [
  ['河北', '130102'],
  ['天津', '120101'],
  ['山东', '370102'],
  ['江苏', '320102'],
  ['浙江', '330102'],
  ['河南', '410102'],
  ['四川', '510104'],
  ['广东', '440103'],
] as const;
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文'.split('');
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌宇浩凯鹏飞俊博翔晨昊然泽'.split('');

/** Base-31 digits in the USCC alphabet, fixed width: unique organisation codes from a counter. */
function orgBase(n: number): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let out = '';
  for (let i = 0; i < 6; i++) {
    out = alphabet[n % 31] + out;
    n = Math.floor(n / 31);
  }
  return `MA${out}`;
}

// ------------------------------------------------------------------------------- case walks

interface WalkEvent {
  node: string;
  action: string;
  role: ActorRole;
  opinion: string | null;
  details: Record<string, unknown>;
}

interface WalkState {
  status: 'submitted' | 'correction' | 'closed';
  node: string | null;
  outcome: string | null;
  correction: { items: string[]; message: string } | null;
}

interface Walk {
  id: number;
  workflow: WorkflowVariantName;
  events: WalkEvent[];
  /** states[k]: the case after its first k events. */
  states: WalkState[];
}

/** How often each action is taken where it is offered (the rest of the weight goes forward). */
const ACTION_WEIGHTS: Record<string, number> = {
  accept: 66,
  'request-correction': 30,
  reject: 4,
  withdraw: 2,
  resubmit: 95,
  pass: 80,
  fail: 6,
  return: 8,
  'return-to-review': 4,
  'expert-review': 22,
  'complete-expert-review': 1,
  publish: 93,
  'publish-refusal': 7,
  'close-notice': 96,
  issue: 1,
};

const OPINIONS: Record<string, string[]> = {
  reject: ['申请事项不属于本机关职权范围，不予受理。', '申请人不具备申请资格，不予受理。'],
  'request-correction': ['请补正加盖公章的营业执照副本扫描件。', '技术负责人职称证书扫描件不清晰，请重新上传。', '申请表缺少法定代表人签字，请补正。'],
  fail: ['主要专业技术人员数量不满足资质标准要求。', '技术装备不满足资质标准要求。'],
  return: ['材料需补正，退回受理环节。', '复核意见：审查意见依据不充分，请重新审查。'],
  'return-to-review': ['公示期间收到陈述，退回审查。'],
  'publish-refusal': ['经审查和公示，不符合法定条件、标准。'],
  withdraw: ['申请人主动撤回。'],
  pass: ['经审查，符合资质标准要求，同意。', '材料齐全，符合要求。'],
  accept: ['材料齐全，符合法定形式，予以受理。'],
};

const CORRECTION_ITEMS = [['content'], ['attachments'], ['applicant', 'attachments']];

function buildWalks(perVariant: number, rnd: ReturnType<typeof prng>): Walk[] {
  const walks: Walk[] = [];
  for (const variant of Object.values(VARIANTS)) {
    for (let w = 0; w < perVariant; w++) {
      const history: CaseEventInput[] = [];
      const events: WalkEvent[] = [];
      const states: WalkState[] = [{ status: 'submitted', node: variant.start, outcome: null, correction: null }];
      let node = variant.nodes.find((n) => n.key === variant.start)!;
      let corrections = 0;
      for (let step = 0; step < 40; step++) {
        // Loops get rarer as the case goes on, so every walk ends.
        const options = node.actions.map((a) => {
          let weight = ACTION_WEIGHTS[a.key] ?? 1;
          if (a.key === 'request-correction' && corrections > 0) weight /= 3;
          if ((a.negative || a.key === 'expert-review') && step > 12) weight /= 10;
          return [a, weight] as const;
        });
        const action = rnd.weighted(options);
        const role = allowedRoles(node, action)[0]!;
        const texts = OPINIONS[action.key];
        const opinion =
          action.opinion === 'none' ? null : action.opinion === 'required' || rnd.next() < 0.4 ? (texts ? rnd.pick(texts) : '同意。') : null;
        const correctionItems = action.requestsCorrection ? rnd.pick(CORRECTION_ITEMS) : undefined;
        const result = applyAction(variant, history, '2026-01-05T01:00:00.000Z', {
          action: action.key,
          actorRoles: [role],
          node: node.key,
          ...(opinion ? { opinion } : {}),
          ...(correctionItems ? { correctionItems } : {}),
          at: new Date(Date.UTC(2026, 0, 5 + step)).toISOString(),
        });
        if (!result.ok) throw new Error(`walk ${variant.name}: ${result.message}`);
        history.push(result.event);
        if (action.requestsCorrection) corrections += 1;
        events.push({ node: node.key, action: action.key, role, opinion, details: correctionItems ? { correctionItems } : {} });
        if (result.state.status === 'ended') {
          states.push({ status: 'closed', node: null, outcome: result.state.end.outcome, correction: null });
          break;
        }
        node = result.state.node;
        const inCorrection = node.kind === 'correction';
        states.push({
          status: inCorrection ? 'correction' : 'submitted',
          node: node.key,
          outcome: null,
          correction: inCorrection ? { items: correctionItems ?? [], message: opinion ?? '' } : null,
        });
      }
      if (states[states.length - 1]!.status !== 'closed') continue; // a runaway walk: dropped
      walks.push({ id: walks.length + 1, workflow: variant.name, events, states });
    }
  }
  return walks;
}

// ------------------------------------------------------------------------------- plan

interface AccountRow {
  id: string;
  kind: 'legal' | 'natural' | 'staff';
  displayName: string;
  profile: Record<string, string>;
  roles: string[];
  uscc: string | null;
  idNumber: string | null;
  mobile: string;
  username: string | null;
  employer?: string;
}

interface PlanRow {
  seq: number;
  id: string;
  account_id: string;
  item: string;
  app_type: string;
  workflow: string | null;
  status: 'draft' | 'submitted' | 'correction' | 'closed';
  node: string | null;
  outcome: string | null;
  correction: unknown;
  walk: number | null;
  k: number;
  gap_h: number;
  steps: string[];
  number: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  node_entered_at: string | null;
}

const ITEM_TYPES: Record<ItemCode, ReadonlyArray<readonly [string, number]>> = {
  'survey-b': [['first', 20], ['upgrade', 12], ['add', 15], ['renew', 28], ['rename', 8], ['restructure', 6], ['relocate-province', 3], ['cancel', 8]],
  'design-b': [['first', 20], ['upgrade', 12], ['add', 15], ['renew', 28], ['rename', 8], ['restructure', 6], ['relocate-province', 3], ['cancel', 8]],
  'struct-eng-2': [['initial', 32], ['renew', 27], ['change', 20], ['amend-reissue', 8], ['cancel', 5], ['pre', 8]],
  'nonlocal-filing': [['filing', 1]],
};

const STAFF: ReadonlyArray<readonly [string, string, number]> = [
  ['acceptor', '受理', 4],
  ['reviewer', '审查', 5],
  ['rechecker', '复核', 3],
  ['publisher', '公示', 3],
  ['issuer', '制证', 3],
  ['sysadmin', '系统管理', 1],
  ['secadmin', '安全管理', 1],
  ['auditor', '审计管理', 1],
  ['head', '负责人', 1],
];

// ------------------------------------------------------------------------------- seeding

type Exec = Kysely<DB> | Transaction<DB>;

async function insertJson(db: Exec, table: string, columns: string, rows: unknown[], chunk = 5000): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) {
    const json = JSON.stringify(rows.slice(i, i + chunk));
    await sql`insert into ${sql.raw(table)} select * from jsonb_to_recordset(${json}::jsonb) as x(${sql.raw(columns)})`.execute(db);
  }
}

async function count(db: Exec, table: string): Promise<number> {
  const r = await sql<{ n: string }>`select count(*)::text as n from ${sql.raw(table)}`.execute(db);
  return Number(r.rows[0]!.n);
}

export async function seed(db: Kysely<DB>, options: SeedOptions): Promise<{ counts: SeedCounts }> {
  const log = options.log ?? (() => {});
  const rnd = prng(20261127);
  const s = options.scale;
  const now = Date.now();
  const nLegalBj = Math.round(55_000 * s);
  const nLegalOut = Math.round(15_000 * s);
  const nNatural = Math.round(100_000 * s) - nLegalBj - nLegalOut - 21;
  const nApps = Math.round(300_000 * s);
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  // ---- accounts (app side) and the IdP users they log in as
  const accounts: AccountRow[] = [];
  let serial = 0;
  for (const [role, label, n] of STAFF) {
    for (let i = 1; i <= n; i++) {
      const name = `${rnd.pick(SURNAMES)}${label}${i}`;
      accounts.push({ id: randomUUID(), kind: 'staff', displayName: name, profile: { name, mobile: `139${String(++serial).padStart(8, '0')}` }, roles: [role], uscc: null, idNumber: null, mobile: `139${String(serial).padStart(8, '0')}`, username: `${role}${i}` });
    }
  }
  const enterprise = (region: string, prefix: string, i: number): AccountRow => {
    const uscc = sampleUscc(region, orgBase(i));
    const orgName = `${prefix}${rnd.pick(BRANDS)}${rnd.pick(TRADES)}${rnd.pick(FORMS)}`;
    const mobile = `135${String(i).padStart(8, '0')}`;
    const agent = `${rnd.pick(SURNAMES)}${rnd.pick(GIVEN)}${rnd.pick(GIVEN)}`;
    return {
      id: randomUUID(),
      kind: 'legal',
      displayName: orgName,
      profile: { orgName, uscc, legalRep: `${rnd.pick(SURNAMES)}${rnd.pick(GIVEN)}`, agentName: agent, mobile, email: `org${i}@example.cn` },
      roles: [],
      uscc,
      idNumber: null,
      mobile,
      username: null,
    };
  };
  const legalBj: AccountRow[] = [];
  for (let i = 0; i < nLegalBj; i++) legalBj.push(enterprise(rnd.pick(BEIJING_DISTRICTS), '北京', i));
  const legalOut: AccountRow[] = [];
  for (let i = 0; i < nLegalOut; i++) {
    const [province, region] = rnd.pick(PROVINCES);
    legalOut.push(enterprise(region, province, nLegalBj + i));
  }
  const naturals: AccountRow[] = [];
  for (let i = 0; i < nNatural; i++) {
    const birth = new Date(Date.UTC(1965, 0, 1) + (i % 12_000) * DAY).toISOString().slice(0, 10).replace(/-/g, '');
    const idNumber = sampleIdNumber(`${rnd.pick(BEIJING_DISTRICTS)}${birth}${String(Math.floor(i / 12_000) * 100 + (i % 97)).padStart(3, '0')}`);
    const name = `${rnd.pick(SURNAMES)}${rnd.pick(GIVEN)}${rnd.next() < 0.6 ? rnd.pick(GIVEN) : ''}`;
    const mobile = `136${String(i).padStart(8, '0')}`;
    naturals.push({
      id: randomUUID(),
      kind: 'natural',
      displayName: name,
      profile: { name, idType: '居民身份证', idNumber, mobile, email: `eng${i}@example.cn` },
      roles: [],
      uscc: null,
      idNumber,
      mobile,
      username: null,
      employer: legalBj.length ? rnd.pick(legalBj).displayName : '北京示范勘察设计有限公司',
    });
  }
  accounts.push(...legalBj, ...legalOut, ...naturals);
  const byId = new Map(accounts.map((a) => [a.id, a]));

  let t = Date.now();
  await db.connection().execute(async (conn) => {
    // Rows are consistent by construction: skip FK triggers, and do not wait for fsync per chunk.
    await sql`set session_replication_role = replica`.execute(conn);
    if (options.postgres) {
      await sql`set synchronous_commit = off`.execute(conn);
      await sql`set work_mem = '64MB'`.execute(conn);
      await sql`set maintenance_work_mem = '256MB'`.execute(conn);
    }
    const unlogged = options.postgres ? sql.raw('unlogged') : sql.raw('');

    await insertJson(
      conn,
      'accounts (id, issuer, subject, kind, display_name, profile, roles, created_at)',
      'id uuid, issuer text, subject text, kind text, display_name text, profile jsonb, roles jsonb, created_at timestamptz',
      accounts.map((a) => ({ id: a.id, issuer: options.issuer, subject: a.id, kind: a.kind, display_name: a.displayName, profile: a.profile, roles: a.roles, created_at: new Date(now - 800 * DAY).toISOString() })),
    );
    await insertJson(
      conn,
      'idp_users (id, kind, uscc, id_type, id_number, mobile, email, username, password_hash, profile, roles)',
      'id uuid, kind text, uscc text, id_type text, id_number text, mobile text, email text, username text, password_hash text, profile jsonb, roles jsonb',
      accounts.map((a) => ({
        id: a.id,
        kind: a.kind,
        uscc: a.uscc,
        id_type: a.idNumber ? '居民身份证' : null,
        id_number: a.idNumber,
        mobile: a.mobile,
        email: a.profile.email ?? null,
        username: a.username,
        password_hash: passwordHash,
        profile: a.kind === 'legal' ? { orgName: a.profile.orgName, legalRep: a.profile.legalRep, agentName: a.profile.agentName } : { name: a.profile.name },
        roles: a.roles,
      })),
    );
    log(`  accounts ${accounts.length} + idp_users: ${((Date.now() - t) / 1000).toFixed(1)} s`);

    // ---- templates: walks, sample data per (item, type), attachment slots, staff per role
    const walks = buildWalks(Math.max(40, Math.round(300 * Math.sqrt(s))), rnd);
    const walksOf = new Map<string, Walk[]>();
    for (const w of walks) walksOf.set(w.workflow, [...(walksOf.get(w.workflow) ?? []), w]);
    await sql`create ${unlogged} table bench_walks (id int primary key, events jsonb not null)`.execute(conn);
    await insertJson(conn, 'bench_walks', 'id int, events jsonb', walks.map((w) => ({ id: w.id, events: w.events })), 500);
    const today = new Date(now).toISOString().slice(0, 10);
    const dataRows = ITEMS.flatMap((item) => item.applicationTypes.map((tp) => ({ item: item.code, app_type: tp.value, data: sampleApplication(item.code, tp.value, { today }) })));
    await sql`create ${unlogged} table bench_data (item text, app_type text, data jsonb, primary key (item, app_type))`.execute(conn);
    await insertJson(conn, 'bench_data', 'item text, app_type text, data jsonb', dataRows);
    await sql`create ${unlogged} table bench_slots (item text, slot text, name text)`.execute(conn);
    await insertJson(
      conn,
      'bench_slots',
      'item text, slot text, name text',
      ITEMS.flatMap((item) => (attachmentsStepOf(item)?.slots ?? []).map((sl) => ({ item: item.code, slot: sl.key, name: `${sl.title}.pdf` }))),
    );
    await sql`create ${unlogged} table bench_staff (role text, idx int, id uuid)`.execute(conn);
    const staffRows: Array<{ role: string; idx: number; id: string }> = [];
    for (const [role] of STAFF) {
      const mine = accounts.filter((a) => a.roles[0] === role);
      for (let i = 0; i < 3; i++) staffRows.push({ role, idx: i, id: mine[i % mine.length]!.id });
    }
    await insertJson(conn, 'bench_staff', 'role text, idx int, id uuid', staffRows);

    // ---- the plan: which account files what, and where each case stands now
    t = Date.now();
    const ITEM_WEIGHTS: ReadonlyArray<readonly [ItemCode, number]> = [['survey-b', 32], ['design-b', 32], ['struct-eng-2', 24], ['nonlocal-filing', 12]];
    const poolOf = (item: ItemCode) => (item === 'struct-eng-2' ? naturals : item === 'nonlocal-filing' ? legalOut : legalBj);
    const busyOf = new Map<AccountRow[], AccountRow[]>();
    for (const pool of [legalBj, legalOut, naturals]) busyOf.set(pool, pool.slice(0, Math.max(1, Math.round(pool.length / 100))));
    const groups = new Map<string, Array<{ item: ItemCode; account: AccountRow; type: string }>>();
    for (let j = 0; j < nApps; j++) {
      const item = rnd.weighted(ITEM_WEIGHTS);
      const pool = poolOf(item);
      // 95% spread over all applicants, 5% over the busiest 1% (design institutes filing often).
      const account = rnd.next() < 0.05 ? rnd.pick(busyOf.get(pool)!) : rnd.pick(pool);
      const key = `${account.id}|${item}`;
      const list = groups.get(key) ?? [];
      list.push({ item, account, type: rnd.weighted(ITEM_TYPES[item]) });
      groups.set(key, list);
    }
    const plan: PlanRow[] = [];
    const start = Date.UTC(2023, 6, 1);
    const closedUntil = now - 45 * DAY;
    const pickWalk = (workflow: string, want: 'submitted' | 'correction' | 'closed') => {
      const candidates = walksOf.get(workflow)!;
      for (let tries = 0; tries < 50; tries++) {
        const walk = rnd.pick(candidates);
        if (want === 'closed') return { walk, k: walk.events.length };
        const ks = walk.states.map((st, k) => (st.status === want ? k : -1)).filter((k) => k >= 0);
        if (ks.length) return { walk, k: rnd.pick(ks) };
      }
      return undefined;
    };
    for (const list of groups.values()) {
      const times = list.map(() => start + rnd.next() * (closedUntil - start)).sort((a, b) => a - b);
      list.forEach((app, idx) => {
        const last = idx === list.length - 1;
        const want = last ? rnd.weighted([['closed', 56], ['submitted', 25], ['draft', 15], ['correction', 4]] as const) : 'closed';
        const workflow = workflowOf(findItem(app.item)!, app.type)!;
        const seq = plan.length + 1;
        const id = randomUUID();
        if (want === 'draft') {
          const created = now - rnd.next() * 60 * DAY;
          const steps = ['applicant', 'content', 'attachments'].slice(0, 1 + rnd.int(3));
          plan.push({
            seq, id, account_id: app.account.id, item: app.item, app_type: app.type, workflow: null, status: 'draft', node: null, outcome: null, correction: null,
            walk: null, k: 0, gap_h: 0, steps, number: null, version: steps.length + rnd.int(4),
            created_at: new Date(created).toISOString(), updated_at: new Date(Math.min(now - HOUR, created + rnd.next() * 5 * DAY)).toISOString(), submitted_at: null, node_entered_at: null,
          });
          return;
        }
        const chosen = pickWalk(workflow, want) ?? pickWalk(workflow, 'closed')!;
        const { walk, k } = chosen;
        const state = walk.states[k]!;
        const gapH = state.status === 'closed' ? 24 + rnd.int(72) : 20 + rnd.int(28);
        const submitted = state.status === 'closed' ? times[idx]! : now - k * gapH * HOUR - (2 + rnd.int(200)) * HOUR;
        const entered = submitted + k * gapH * HOUR;
        const correction = state.correction ? { ...state.correction, requestedAt: new Date(entered).toISOString() } : null;
        plan.push({
          seq, id, account_id: app.account.id, item: app.item, app_type: app.type, workflow: walk.workflow, status: state.status, node: state.node, outcome: state.outcome, correction,
          walk: walk.id, k, gap_h: gapH, steps: ['applicant', 'content', 'attachments'], number: null, version: 4 + k,
          created_at: new Date(submitted - (1 + rnd.int(96)) * HOUR).toISOString(), updated_at: new Date(entered).toISOString(),
          submitted_at: new Date(submitted).toISOString(), node_entered_at: new Date(entered).toISOString(),
        });
      });
    }
    // 申报编号 in submission order, per item and year (Asia/Shanghai), like the live counter.
    const counters = new Map<string, number>();
    for (const p of plan.filter((x) => x.submitted_at).sort((a, b) => a.submitted_at!.localeCompare(b.submitted_at!))) {
      const year = new Date(Date.parse(p.submitted_at!) + 8 * HOUR).getUTCFullYear();
      const n = (counters.get(`${p.item}|${year}`) ?? 0) + 1;
      counters.set(`${p.item}|${year}`, n);
      p.number = formatApplicationNumber(p.item, year, n);
    }
    await sql`create ${unlogged} table bench_plan (
      seq int primary key, id uuid, account_id uuid, item text, app_type text, workflow text, status text, node text, outcome text,
      correction jsonb, walk int, k int, gap_h int, steps jsonb, number text, version int,
      created_at timestamptz, updated_at timestamptz, submitted_at timestamptz, node_entered_at timestamptz)`.execute(conn);
    await insertJson(
      conn,
      'bench_plan',
      'seq int, id uuid, account_id uuid, item text, app_type text, workflow text, status text, node text, outcome text, correction jsonb, walk int, k int, gap_h int, steps jsonb, number text, version int, created_at timestamptz, updated_at timestamptz, submitted_at timestamptz, node_entered_at timestamptz',
      plan,
      20_000,
    );
    await insertJson(
      conn,
      'application_counters (item, year, last)',
      'item text, year int, last int',
      [...counters].map(([key, last]) => ({ item: key.split('|')[0], year: Number(key.split('|')[1]), last })),
    );
    await sql`analyze bench_plan`.execute(conn);
    await sql`analyze bench_walks`.execute(conn);
    log(`  plan ${plan.length} applications: ${((Date.now() - t) / 1000).toFixed(1)} s`);

    // ---- applications: the sample data of the item and type, the applicant's own identity in step 1
    t = Date.now();
    await sql`
      insert into applications (id, account_id, item, number, application_type, data, saved_steps, status, is_open, version,
        created_at, updated_at, submitted_at, workflow, node, node_entered_at, outcome, correction)
      select p.id, p.account_id, p.item, p.number,
        case when p.status = 'draft' and not (p.steps ? 'content') then null else p.app_type end,
        case when p.status = 'draft'
          then coalesce((select jsonb_object_agg(e.key, e.value) from jsonb_each(f.data) e where p.steps ? e.key), '{}'::jsonb)
          else f.data end,
        p.steps, p.status, p.status <> 'closed', p.version, p.created_at, p.updated_at, p.submitted_at, p.workflow, p.node,
        p.node_entered_at, p.outcome, p.correction
      from bench_plan p
      join accounts a on a.id = p.account_id
      join bench_data d on d.item = p.item and d.app_type = p.app_type
      cross join lateral (select case
        when p.item = 'struct-eng-2' then jsonb_set(d.data, '{applicant}', (d.data->'applicant') || jsonb_build_object(
          'applicantName', a.profile->>'name', 'idNumber', a.profile->>'idNumber', 'contact', a.profile->>'mobile'))
        when p.item = 'nonlocal-filing' then jsonb_set(jsonb_set(d.data, '{applicant}', (d.data->'applicant') || jsonb_build_object(
          'orgName', a.profile->>'orgName', 'uscc', a.profile->>'uscc', 'mobile', a.profile->>'mobile', 'email', a.profile->>'email',
          'contactName', a.profile->>'agentName', 'region', substring(a.profile->>'uscc' from 3 for 6))), '{content,enterpriseName}', to_jsonb(a.profile->>'orgName'))
        else jsonb_set(d.data, '{applicant}', (d.data->'applicant') || jsonb_build_object(
          'orgName', a.profile->>'orgName', 'uscc', a.profile->>'uscc', 'mobile', a.profile->>'mobile', 'email', a.profile->>'email',
          'agent', a.profile->>'agentName'))
        end as data) f`.execute(conn);
    log(`  applications: ${((Date.now() - t) / 1000).toFixed(1)} s`);

    // ---- case_events: the submit event plus the first k events of the case's walk, in order
    t = Date.now();
    await sql`
      insert into case_events (application_id, node, action, actor_account_id, actor_role, opinion, details, at)
      select application_id, node, action, actor_account_id, actor_role, opinion, details, at from (
        select p.seq, 0::bigint as ord, p.id as application_id, 'submit' as node, 'submit' as action, p.account_id as actor_account_id,
          'applicant' as actor_role, null::text as opinion, jsonb_build_object('applicationType', p.app_type, 'workflow', p.workflow) as details,
          p.submitted_at as at
        from bench_plan p where p.status <> 'draft'
        union all
        select p.seq, e.ord, p.id, e.node, e.action,
          case when e.role = 'applicant' then p.account_id when e.role = 'system' then null else st.id end,
          e.role, e.opinion, coalesce(e.details, '{}'::jsonb), p.submitted_at + make_interval(hours => (e.ord * p.gap_h)::int)
        from bench_plan p
        join bench_walks w on w.id = p.walk
        cross join lateral rows from (jsonb_to_recordset(w.events) as (node text, action text, role text, opinion text, details jsonb))
          with ordinality as e(node, action, role, opinion, details, ord)
        left join bench_staff st on st.role = e.role and st.idx = p.seq % 3
        where e.ord <= p.k
      ) x order by seq, ord`.execute(conn);
    log(`  case_events: ${((Date.now() - t) / 1000).toFixed(1)} s`);

    // ---- attachments metadata (no bytes): every slot of a submitted case, the saved ones of a draft
    t = Date.now();
    await sql`
      insert into attachments (id, application_id, slot, original_name, size, sha256, pages, blob_key, created_at)
      select gen_random_uuid(), p.id, sl.slot, sl.name,
        150000 + abs(hashtext(p.id::text || sl.slot)) % 12000000,
        md5(p.id::text || sl.slot) || md5(sl.slot || p.id::text),
        1 + abs(hashtext(sl.slot || p.id::text)) % 80,
        gen_random_uuid()::text,
        p.created_at + interval '2 hours'
      from bench_plan p join bench_slots sl on sl.item = p.item
      where p.status <> 'draft' or p.steps ? 'attachments'`.execute(conn);
    log(`  attachments: ${((Date.now() - t) / 1000).toFixed(1)} s`);

    // ---- issued documents of the last year: 受理通知书 of every accepted case, certificates of the approved
    t = Date.now();
    const docTemplates: Array<{ item: string; kind: string; title: string; content: unknown }> = [];
    for (const item of ITEMS) {
      // Certificates are snapshots of the register (buildCertificate), not of a case: the bench seeds
      // 受理通知书 and 备案证明 only.
      const kinds: DocumentKind[] = item.code === 'nonlocal-filing' ? ['acceptance', 'filing-certificate'] : ['acceptance'];
      for (const kind of kinds) {
        const type = item.applicationTypes[0]!.value;
        const frozen = buildDocument(
          {
            item: item.code,
            applicationType: type,
            number: formatApplicationNumber(item.code, 2026, 1),
            data: sampleApplication(item.code, type, { today }) as Record<string, Record<string, unknown>>,
            submittedAt: new Date(now - 10 * DAY),
            attachments: (attachmentsStepOf(item)?.slots ?? []).map((sl) => ({ slot: sl.key, originalName: `${sl.title}.pdf`, pages: 12 })),
          },
          {
            kind,
            number: 'N',
            verification: { code: 'K7QM-3XPD-9A2C-2222', url: `${options.issuer.replace(/\/idp$/, '')}/verify/K7QM-3XPD-9A2C-2222` },
            date: today,
            limitDays: 20,
            dueDate: today,
            handler: '李受理',
          },
        );
        docTemplates.push({ item: item.code, kind, title: frozen.document.title, content: frozen });
      }
    }
    await sql`create ${unlogged} table bench_doc_templates (item text, kind text, title text, content jsonb)`.execute(conn);
    await insertJson(conn, 'bench_doc_templates', 'item text, kind text, title text, content jsonb', docTemplates);
    await sql`analyze case_events`.execute(conn);
    await sql`
      create ${unlogged} table bench_docs as
      select e.id as case_event_id, e.application_id, e.at as issued_at, t.kind, t.title, t.content, p.item,
        case when t.kind = 'acceptance' then '受'
             when t.kind = 'filing-certificate' then '外备'
             when t.kind = 'registration-certificate' then 'cert-S2'
             when p.item = 'survey-b' then 'cert-B' else 'cert-A' end as series,
        extract(year from e.at at time zone 'Asia/Shanghai')::int as year
      from bench_plan p
      join case_events e on e.application_id = p.id
      join bench_doc_templates t on t.item = p.item
      where p.submitted_at > now() - interval '365 days'
        and ((t.kind = 'acceptance' and e.node = 'accept' and e.action = 'accept')
          or (t.kind <> 'acceptance' and p.outcome in ('approved', 'filed')
              and ((e.node = 'issue' and e.action = 'issue') or (p.item = 'nonlocal-filing' and e.node = 'review' and e.action = 'pass'))))`.execute(conn);
    await sql`
      insert into issued_documents (id, application_id, case_event_id, kind, number, verification_code, title, content, issued_at, status)
      select gen_random_uuid(), d.application_id, d.case_event_id, d.kind, d.number,
        regexp_replace(upper(translate(substr(md5(d.case_event_id::text || d.kind), 1, 16), '01', 'WX')), '(.{4})(.{4})(.{4})(.{4})', '\\1-\\2-\\3-\\4'),
        d.title, jsonb_set(d.content, '{document,number}', to_jsonb(d.number)), d.issued_at, 'valid'
      from (
        select b.*, case
          when b.series = 'cert-B' then 'B111' || lpad(n::text, 6, '0')
          when b.series = 'cert-A' then 'A111' || lpad(n::text, 6, '0')
          when b.series = 'cert-S2' then 'S211' || lpad((year % 100)::text, 2, '0') || lpad(n::text, 6, '0')
          else '京规自勘设' || b.series || '〔' || year || '〕' || n || '号' end as number
        from (select *, row_number() over (partition by series, case when series like 'cert-%' then 0 else year end order by issued_at, case_event_id) as n from bench_docs) b
      ) d`.execute(conn);
    await sql`
      insert into document_counters (series, year, last)
      select series, extract(year from now() at time zone 'Asia/Shanghai')::int, count(*) from bench_docs where series like 'cert-%' group by series
      union all
      select series, year, count(*) from bench_docs where series not like 'cert-%' group by series, year`.execute(conn);
    log(`  issued_documents: ${((Date.now() - t) / 1000).toFixed(1)} s`);

    // ---- 公示 and 公告 batches: the most recent cases that reached each, 20 per batch
    t = Date.now();
    const walkById = new Map(walks.map((w) => [w.id, w]));
    const perKind = Math.round(25_000 * s);
    const batchRows: unknown[] = [];
    const entryRows: unknown[] = [];
    const batchSeq = new Map<string, number>();
    for (const kind of ['notice', 'announcement'] as const) {
      const reached = plan
        .map((p) => {
          if (!p.walk) return undefined;
          const events = walkById.get(p.walk)!.events.slice(0, p.k);
          const at = events.findIndex((e) => (kind === 'notice' ? e.node === 'pre-notice' && e.action === 'publish' : e.node === 'announce'));
          if (at < 0) return undefined;
          const review = events.slice(0, at).reverse().find((e) => e.node === 'review' && (e.action === 'pass' || e.action === 'fail'));
          return { p, at: Date.parse(p.submitted_at!) + (at + 1) * p.gap_h * HOUR, event: events[at]!, review };
        })
        .filter((x): x is NonNullable<typeof x> => x !== undefined)
        .sort((a, b) => b.at - a.at)
        .slice(0, perKind)
        .reverse();
      for (let i = 0; i < reached.length; i += 20) {
        const members = reached.slice(i, i + 20);
        const publishedAt = members[members.length - 1]!.at;
        const year = new Date(publishedAt + 8 * HOUR).getUTCFullYear();
        const seq = (batchSeq.get(`${kind}|${year}`) ?? 0) + 1;
        batchSeq.set(`${kind}|${year}`, seq);
        const id = randomUUID();
        const category = categoryLabel(members.map((m) => m.p.item));
        const startsOn = new Date(publishedAt + 8 * HOUR).toISOString().slice(0, 10);
        const endsOn = new Date(publishedAt + 8 * HOUR + 14 * DAY).toISOString().slice(0, 10);
        const open = kind === 'notice' && publishedAt + 14 * DAY > now;
        batchRows.push({
          id,
          kind,
          year,
          seq,
          title: kind === 'notice' ? `关于${year}年第${seq}批${category}审查意见的公示` : `关于${year}年第${seq}批${category}审批结果的公告`,
          body:
            kind === 'notice'
              ? `根据《中华人民共和国行政许可法》和《建设工程勘察设计资质管理规定》等规定，我委对申请${category}的申请材料进行了审查，现将审查意见予以公示（见下表）。`
              : `根据《中华人民共和国行政许可法》等规定，经审查和公示，现将${category}审批结果予以公告（见下表）。`,
          status: kind === 'notice' && !open ? 'closed' : 'published',
          period_days: kind === 'notice' ? 10 : null,
          starts_on: kind === 'notice' ? startsOn : null,
          ends_on: kind === 'notice' ? endsOn : null,
          entry_count: members.length,
          published_at: new Date(publishedAt).toISOString(),
          published_by: staffRows.find((r) => r.role === 'publisher')!.id,
          closed_at: kind === 'notice' && !open ? new Date(publishedAt + 14 * DAY).toISOString() : null,
        });
        members.forEach((m, position) => {
          const account = byId.get(m.p.account_id)!;
          const engineer = m.p.item === 'struct-eng-2';
          const refused = kind === 'notice' ? m.review?.action === 'fail' : m.event.action === 'publish-refusal';
          const cancel = m.p.workflow === 'cancel' || m.p.workflow === 'engineer-cancel';
          entryRows.push({
            batch_id: id,
            application_id: m.p.id,
            position: position + 1,
            subject_name: account.displayName,
            uscc: engineer ? null : account.uscc,
            item: m.p.item,
            application_type: findItem(m.p.item)!.applicationTypes.find((x) => x.value === m.p.app_type)?.label ?? null,
            qualification: engineer ? `二级注册结构工程师（注册单位：${account.employer}）` : m.p.item === 'survey-b' ? '工程勘察专业类岩土工程（勘察）乙级' : '建筑行业（建筑工程）乙级',
            opinion:
              kind === 'notice' ? (refused ? '不同意' : '同意') : cancel ? '准予注销' : refused ? (engineer ? '不予注册' : '不予许可') : engineer ? '准予注册' : '准予许可',
            reason: refused ? (m.review?.opinion ?? m.event.opinion ?? '不符合法定条件、标准。') : null,
          });
        });
      }
    }
    await insertJson(
      conn,
      'notice_batches (id, kind, year, seq, title, body, status, period_days, starts_on, ends_on, entry_count, published_at, published_by, closed_at)',
      'id uuid, kind text, year int, seq int, title text, body text, status text, period_days int, starts_on date, ends_on date, entry_count int, published_at timestamptz, published_by uuid, closed_at timestamptz',
      batchRows,
    );
    await insertJson(
      conn,
      'notice_entries (batch_id, application_id, position, subject_name, uscc, item, application_type, qualification, opinion, reason)',
      'batch_id uuid, application_id uuid, position int, subject_name text, uscc text, item text, application_type text, qualification text, opinion text, reason text',
      entryRows,
      10_000,
    );
    await insertJson(
      conn,
      'document_counters (series, year, last)',
      'series text, year int, last int',
      [...batchSeq].map(([key, last]) => ({ series: `batch-${key.split('|')[0]}`, year: Number(key.split('|')[1]), last })),
    );
    log(`  notice batches ${batchRows.length} / entries ${entryRows.length}: ${((Date.now() - t) / 1000).toFixed(1)} s`);

    for (const table of ['bench_walks', 'bench_data', 'bench_slots', 'bench_staff', 'bench_plan', 'bench_doc_templates', 'bench_docs']) {
      await sql`drop table ${sql.raw(table)}`.execute(conn);
    }
    await sql`set session_replication_role = origin`.execute(conn);
    t = Date.now();
    await sql`vacuum analyze`.execute(conn);
    log(`  vacuum analyze: ${((Date.now() - t) / 1000).toFixed(1)} s`);
  });

  return { counts: await countRows(db) };
}

export async function countRows(db: Kysely<DB>): Promise<SeedCounts> {
  const statuses = await sql<{ status: string; n: string }>`select status, count(*)::text as n from applications group by status`.execute(db);
  return {
    accounts: await count(db, 'accounts'),
    applications: await count(db, 'applications'),
    caseEvents: await count(db, 'case_events'),
    attachments: await count(db, 'attachments'),
    issuedDocuments: await count(db, 'issued_documents'),
    noticeBatches: await count(db, 'notice_batches'),
    noticeEntries: await count(db, 'notice_entries'),
    byStatus: Object.fromEntries(statuses.rows.map((r) => [r.status, Number(r.n)])),
  };
}

/** A name fragment many seeded enterprises share (BRANDS[0]): the search term of the scenarios. */
export const SEARCH_TERM = BRANDS[0]!;

/** The accounts and cases the scenarios act on, found in a seeded database. */
export async function findHandles(db: Kysely<DB>): Promise<SeedHandles> {
  // (CamelCasePlugin: result columns arrive camelCased.)
  const drafts = await sql<{ id: string; accountId: string; version: number; profile: Record<string, string> }>`
    select a.id, a.account_id, a.version, ac.profile from applications a join accounts ac on ac.id = a.account_id
    where a.item = 'survey-b' and a.status = 'draft' order by a.created_at desc, a.id limit 40`.execute(db);
  // Enterprises with about a dozen applications: a design institute that files several times a
  // year (the mean applicant has 3; the busiest few have 30+).
  const busy = await sql<{ accountId: string; n: string }>`
    select account_id, count(*)::text as n from applications a join accounts ac on ac.id = a.account_id and ac.kind = 'legal'
    group by account_id order by abs(count(*) - 12), account_id limit 10`.execute(db);
  const applicants: SeedHandles['applicants'] = [];
  for (const row of busy.rows) {
    const tracked = await sql<{ id: string }>`
      select id from applications where account_id = ${row.accountId} and status <> 'draft' order by submitted_at desc limit 5`.execute(db);
    applicants.push({ accountId: row.accountId, cases: Number(row.n), tracked: tracked.rows.map((r) => r.id) });
  }
  const reviewer = await sql<{ id: string }>`select id from accounts where kind = 'staff' and roles ? 'reviewer' order by id limit 1`.execute(db);
  const head = await sql<{ id: string }>`select id from accounts where kind = 'staff' and roles ? 'head' order by id limit 1`.execute(db);
  const logins = await sql<{ uscc: string }>`select uscc from idp_users where kind = 'legal' and uscc like '911101%' order by uscc limit 50`.execute(db);
  return {
    drafts: drafts.rows.map((r) => {
      const p = r.profile;
      const applicant = { ...sampleApplication('survey-b').applicant, orgName: p.orgName, uscc: p.uscc, agent: p.agentName, mobile: p.mobile, email: p.email };
      return { accountId: r.accountId, applicationId: r.id, version: r.version, applicant };
    }),
    applicants,
    reviewerId: reviewer.rows[0]!.id,
    headId: head.rows[0]!.id,
    searchTerm: SEARCH_TERM,
    logins: logins.rows.map((r) => r.uscc),
    password: DEMO_PASSWORD,
  };
}

/** Sessions as a login would leave them: the cookie carries the raw id, the table its sha256. */
export async function createSessions(db: Kysely<DB>, accountIds: readonly string[]): Promise<Map<string, { cookie: string; csrf: string }>> {
  const out = new Map<string, { cookie: string; csrf: string }>();
  const now = new Date();
  for (const accountId of new Set(accountIds)) {
    const id = randomBytes(32).toString('base64url');
    const csrf = randomBytes(32).toString('base64url');
    await db
      .insertInto('sessions')
      .values({
        idHash: createHash('sha256').update(id).digest('base64url'),
        accountId,
        csrfToken: csrf,
        data: '{}',
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + 12 * HOUR),
      })
      .execute();
    out.set(accountId, { cookie: `zz_sid=${id}`, csrf });
  }
  return out;
}
