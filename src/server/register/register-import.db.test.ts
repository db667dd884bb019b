import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import writeExcelFile from 'write-excel-file/node';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { ApplicantApi } from '../../../test/support/applicant.ts';
import { corruptDigit, newBrowser, validIdNumber, validUscc } from '../../../test/support/flows.ts';
import { postMultipart } from '../../../test/support/security.ts';
import { loggedInStaff } from '../../../test/support/staff.ts';

/** 导入存量资质 through the real app: one app, two staff logins. */

let t: TestApp;
let sysadmin: ApplicantApi;
let acceptor: ApplicantApi;
before(async () => {
  t = await buildTestApp();
  sysadmin = await loggedInStaff(t, ['sysadmin']);
  acceptor = await loggedInStaff(t, ['acceptor']);
});
after(() => t?.close());

const HEADER = ['事项', '名称', '统一社会信用代码', '证件号码', '证书编号', '有效期起', '有效期至', '资质', '注册单位', '法定代表人', '注册地址'];
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const xlsx = async (rows: unknown[][]) => Buffer.from(await writeExcelFile(rows as never).toBuffer());
const upload = (api: ApplicantApi, name: string, bytes: Buffer, dryRun = false, type = XLSX_TYPE) =>
  postMultipart(api, `/api/admin/register/import${dryRun ? '?dryRun=true' : ''}`, { files: [{ name, bytes, type }] });
const count = async (table: 'registerCertificates' | 'registerHoldings' | 'registerEvents') =>
  Number((await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const importAudits = () => t.database.db.selectFrom('auditLog').select(['details', 'actorAccountId']).where('action', '=', 'register.import').execute();

/** An ID number whose check character is X (written lower-case in the file). */
function idNumberWithX(): string {
  for (let i = 0; i < 500; i++) {
    const n = validIdNumber();
    if (n.endsWith('X')) return n;
  }
  return assert.fail('no ID number ending in X');
}

describe('导入存量资质', () => {
  const firmA = validUscc();
  const firmB = validUscc();
  const engineerId = idNumberWithX();
  // Serials 917 and 918 of the enterprise series, 42 of the 2024 engineer series.
  const clean = [
    HEADER,
    ['勘察', '北京甲勘察有限公司', firmA.toLowerCase(), null, 'B211009177', { value: new Date(Date.UTC(2023, 2, 1)), format: 'yyyy-mm-dd' }, '2028/2/29', 'B201B；工程勘察工程测量专业乙级、B201C', null, '王五', '北京市海淀区某路1号'],
    ['设计', '北京乙设计院有限公司', firmB, null, 'A211009183', '2024年5月10日', '2029-05-09', 'A221B', null, null, null],
    ['注册', '张三', null, engineerId.toLowerCase(), 'S2241100042', '2024-05-10', '2027-05-09', null, '北京乙设计院有限公司', null, null],
  ];

  test('a dry run checks a clean file and writes nothing', async () => {
    const before = await count('registerCertificates');
    const res = await upload(sysadmin, '存量资质.xlsx', await xlsx(clean), true);
    assert.equal(res.statusCode, 200, res.body);
    const report = res.json();
    assert.equal(report.dryRun, true);
    assert.equal(report.rows, 3);
    assert.equal(report.imported, 0);
    assert.deepEqual(report.problems, []);
    assert.deepEqual(report.items.map((i: { count: number }) => i.count), [1, 1, 1]);
    assert.equal(await count('registerCertificates'), before);
    assert.equal((await importAudits()).length, 0);
  });

  test('a clean file imports every row in one go: certificates, holdings, events, counters, one audit row', async () => {
    const res = await upload(sysadmin, '存量资质.xlsx', await xlsx(clean));
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().imported, 3);
    const db = t.database.db;
    const certs = await db.selectFrom('registerCertificates').selectAll().where('number', 'in', ['B211009177', 'A211009183', 'S2241100042']).orderBy('number').execute();
    assert.deepEqual(
      certs.map((c) => [c.number, c.holderKind, c.holderId, c.holderName, c.validFrom, c.validUntil, c.status, c.origin, c.employer, c.documentId]),
      [
        ['A211009183', 'enterprise', firmB, '北京乙设计院有限公司', '2024-05-10', '2029-05-09', 'valid', 'import', null, null],
        ['B211009177', 'enterprise', firmA, '北京甲勘察有限公司', '2023-03-01', '2028-02-29', 'valid', 'import', null, null],
        ['S2241100042', 'engineer', engineerId, '张三', '2024-05-10', '2027-05-09', 'valid', 'import', '北京乙设计院有限公司', null],
      ],
    );
    assert.deepEqual(certs[1]!.details, { legalRep: '王五', registeredAddress: '北京市海淀区某路1号' });
    const survey = certs[1]!;
    const holdings = await db.selectFrom('registerHoldings').select(['code', 'since', 'status']).where('certificateId', '=', survey.id).orderBy('id').execute();
    assert.deepEqual(holdings, [
      { code: 'B201B', since: '2023-03-01', status: 'valid' },
      { code: 'B202B', since: '2023-03-01', status: 'valid' },
      { code: 'B201C', since: '2023-03-01', status: 'valid' },
    ]);
    const events = await db.selectFrom('registerEvents').select(['certificateId', 'outcome', 'applicationId']).where('certificateId', 'in', certs.map((c) => c.id)).execute();
    assert.equal(events.length, 3);
    assert.ok(events.every((e) => e.outcome === 'import' && e.applicationId === null));
    const audits = await importAudits();
    assert.equal(audits.length, 1);
    assert.equal(audits[0]!.details.rows, 3);
    assert.equal(audits[0]!.details.fileName, '存量资质.xlsx');
    assert.ok(audits[0]!.actorAccountId);
    // Numbers issued from now on come after the imported serials.
    const counters = await db.selectFrom('documentCounters').selectAll().where('series', 'in', ['cert-B2-11', 'cert-A2-11', 'cert-S2-11']).orderBy('series').execute();
    assert.deepEqual(counters.map((c) => [c.series, c.year, c.last]), [['cert-A2-11', 0, 918], ['cert-B2-11', 0, 917], ['cert-S2-11', 2024, 42]]);
  });

  test('the same certificates again: refused as conflicts with the register, nothing written', async () => {
    const before = await count('registerCertificates');
    const res = await upload(sysadmin, '存量资质.xlsx', await xlsx(clean));
    assert.equal(res.statusCode, 422, res.body);
    const { error, report } = res.json();
    assert.equal(error.code, 'IMPORT_ROWS_INVALID');
    assert.deepEqual(error.details, { rows: 3, badRows: 3 });
    assert.match(error.message, /共 3 行，其中 3 行有问题，未导入任何数据/);
    const at = (row: number) => report.problems.filter((p: { row: number }) => p.row === row).map((p: { column: string; message: string }) => `${p.column}:${p.message}`);
    assert.deepEqual(at(2), ['C:该持有人已持有有效的工程勘察资质证书（B211009177），不能再导入', 'E:证书编号 B211009177 已在资质登记簿中（持有人：北京甲勘察有限公司）']);
    assert.deepEqual(at(4), ['D:该持有人已持有有效的注册证书（S2241100042），不能再导入', 'E:证书编号 S2241100042 已在资质登记簿中（持有人：张三）']);
    assert.equal(await count('registerCertificates'), before);
    assert.equal((await importAudits()).length, 1);
  });

  test('a file with bad rows imports nothing; the report names rows 3 and 5 and why (CSV, UTF-8 with BOM)', async () => {
    const before = await Promise.all([count('registerCertificates'), count('registerHoldings'), count('registerEvents')]);
    const csv = [
      HEADER.join(','),
      `勘察,北京丙勘察有限公司,${validUscc()},,B211009200,2023-01-01,2027-12-31,B202B,,,`,
      `设计,北京丁设计院,${corruptDigit(validUscc(), 4)},,A211009210,2023-01-01,2022-12-31,B201B,,,`,
      `注册,李四,,${validIdNumber()},S2231100007,2023-06-01,2026-05-31,,北京丁设计院,,`,
      `勘察,北京戊勘察有限公司,${validUscc()},,B211009200,2023-13-01,2027-12-31,B1A,,,`,
    ].join('\r\n');
    const res = await upload(sysadmin, 'old-system.csv', Buffer.from(`\ufeff${csv}`), false, 'text/csv');
    assert.equal(res.statusCode, 422, res.body);
    const { report } = res.json();
    assert.equal(report.rows, 4);
    assert.equal(report.imported, 0);
    assert.equal(report.badRows, 2);
    assert.deepEqual([...new Set(report.problems.map((p: { row: number }) => p.row))], [3, 5]);
    const messages = report.problems.map((p: { row: number; column: string; header: string; message: string }) => `${p.row} ${p.column}（${p.header}）${p.message}`);
    assert.deepEqual(messages, [
      '3 C（统一社会信用代码）统一社会信用代码校验位错误，请核对后重新输入',
      '3 G（有效期至）有效期至（2022-12-31）早于有效期起（2023-01-01）',
      '3 H（资质）“工程勘察水文地质勘察专业乙级”（B201B）不属于建设工程设计企业资质认定（部分乙级）的资质',
      '5 E（证书编号）证书编号与第 2 行重复',
      '5 F（有效期起）有效期起“2023-13-01”不是有效日期：应写作 2026-01-05、2026/1/5 或 2026年1月5日',
      '5 H（资质）“工程勘察综合资质甲级”该资质由住房和城乡建设部审批，不能导入本市资质登记簿',
    ]);
    assert.deepEqual(await Promise.all([count('registerCertificates'), count('registerHoldings'), count('registerEvents')]), before);

    // The same file as a dry run: the same report, 200.
    const dry = await upload(sysadmin, 'old-system.csv', Buffer.from(`\ufeff${csv}`), true, 'text/csv');
    assert.equal(dry.statusCode, 200, dry.body);
    assert.deepEqual(dry.json().problems, report.problems);
  });

  test('who may: 系统管理员 only (403 for other staff, 401 anonymous); the template is theirs too', async () => {
    const bytes = await xlsx([HEADER]);
    const refused = await upload(acceptor, 'a.xlsx', bytes);
    assert.equal(refused.statusCode, 403, refused.body);
    assert.equal(refused.json().error.code, 'ROLE_REQUIRED');
    assert.match(refused.json().error.message, /系统管理员/);
    assert.equal((await acceptor.call('GET', '/api/admin/register/import-template.csv')).statusCode, 403);
    const anonymous = new ApplicantApi(t, newBrowser(t));
    assert.equal((await anonymous.call('GET', '/api/admin/register/import-template.csv')).statusCode, 401);
    const template = await sysadmin.call('GET', '/api/admin/register/import-template.csv');
    assert.equal(template.statusCode, 200);
    assert.match(String(template.headers['content-type']), /^text\/csv; charset=utf-8/);
    assert.match(String(template.headers['content-disposition']), /^attachment; filename="register-import-template\.csv"; filename\*=UTF-8''/);
    assert.ok(template.body.startsWith('\ufeff事项,名称,统一社会信用代码,'));
  });

  test('files that are not spreadsheets (415), too large (413), not multipart (400), a bad query (400)', async () => {
    const txt = await upload(sysadmin, '存量资质.xlsx', Buffer.from('事项\t名称\n勘察\t某公司\n'), false, 'text/plain');
    assert.equal(txt.statusCode, 415, txt.body);
    assert.equal(txt.json().error.code, 'IMPORT_XLSX_MISMATCH');
    assert.match(txt.json().error.message, /不是有效的 Excel 工作簿.*改了扩展名/);
    const big = await upload(sysadmin, 'big.csv', Buffer.alloc(5 * 1024 * 1024 + 10, 0x61), false, 'text/csv');
    assert.equal(big.statusCode, 413, big.body.slice(0, 200));
    assert.equal(big.json().error.code, 'IMPORT_FILE_TOO_LARGE');
    assert.match(big.json().error.message, /超过 5 MB/);
    const json = await sysadmin.call('POST', '/api/admin/register/import', { file: 'x' });
    assert.equal(json.statusCode, 400, json.body);
    assert.equal(json.json().error.code, 'MULTIPART_REQUIRED');
    const query = await sysadmin.call('POST', '/api/admin/register/import?dryRun=perhaps');
    assert.equal(query.statusCode, 400, query.body);
    assert.equal(query.json().error.code, 'REQUEST_INVALID');
  });
});
