import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { zipSync } from 'fflate';
import writeExcelFile from 'write-excel-file/node';
import { idNumberCheckChar, orgCodeCheckChar, usccCheckChar } from '../../domain/identifiers/index.ts';
import { findItem } from '../../domain/items/index.ts';
import { AppError, type ErrorCode } from '../errors.ts';
import {
  IMPORT_COLUMNS,
  boundedXlsx,
  cellText,
  columnLetter,
  conflictProblems,
  decodeText,
  findImportItem,
  importTemplateCsv,
  parseImportDate,
  readCsv,
  readSpreadsheet,
  serialOf,
  validateSheet,
  type Cell,
  type ImportProblem,
} from './register-import.ts';

const TODAY = new Date('2026-11-27T02:00:00Z');

let seq = 0;
function validUscc(): string {
  const body = String(++seq * 7919).padStart(8, '0');
  const first17 = `91110108${body}${orgCodeCheckChar(body)}`;
  return first17 + usccCheckChar(first17);
}
function validIdNumber(): string {
  const first17 = `110105198${String(++seq % 10)}0101${String(seq % 1000).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}
/** `code` with the digit at `index` changed: well-formed, check character now wrong. */
const corruptDigit = (code: string, index: number) => code.slice(0, index) + String((Number(code[index]) + 1) % 10) + code.slice(index + 1);
const HEADER = ['事项', '名称', '统一社会信用代码', '证件号码', '证书编号', '有效期起', '有效期至', '资质', '注册单位', '法定代表人', '注册地址'];

/** A row in HEADER's order from the fields given. */
function row(fields: Partial<Record<(typeof HEADER)[number], Cell>>): Cell[] {
  return HEADER.map((h) => fields[h] ?? null);
}

let serial = 100;
const enterprise = (over: Partial<Record<string, Cell>> = {}) =>
  row({ 事项: '勘察', 名称: '北京甲勘察有限公司', 统一社会信用代码: validUscc(), 证书编号: `B2110${++serial}7`, 有效期起: '2023-03-01', 有效期至: '2028-02-29', 资质: 'B201B', ...over });
const engineer = (over: Partial<Record<string, Cell>> = {}) =>
  row({ 事项: '注册', 名称: '张三', 证件号码: validIdNumber(), 证书编号: `S22411${String(++serial).padStart(5, '0')}`, 有效期起: '2024-05-10', 有效期至: '2027-05-09', 注册单位: '北京乙设计院', ...over });

const validate = (rows: Cell[][], maxRows?: number) => validateSheet(rows, { today: TODAY, ...(maxRows ? { maxRows } : {}) });
const messages = (problems: ImportProblem[], rowNumber: number) => problems.filter((p) => p.row === rowNumber).map((p) => `${p.column ?? '-'}:${p.message}`);

/** GB18030 bytes of `text` (Node decodes GB18030 but has no encoder): a reverse table of the two-byte codes. */
function gb18030(text: string): Buffer {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('gb18030');
  for (let a = 0x81; a <= 0xfe; a++) for (let b = 0x40; b <= 0xfe; b++) if (b !== 0x7f) table.set(decoder.decode(new Uint8Array([a, b])), [a, b]);
  return Buffer.from([...text].flatMap((ch) => (ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : (table.get(ch) ?? assert.fail(`no GB18030 code for ${ch}`)))));
}

const xlsx = async (rows: unknown[][]) => Buffer.from(await writeExcelFile(rows as never).toBuffer());


/** The file refused as a whole, with this code, status and message. */
const refusal = (code: ErrorCode, status: number, message: RegExp) => (e: unknown) => e instanceof AppError && e.code === code && e.status === status && message.test(e.message);

describe('事项 and columns come from the item definitions', () => {
  it('勘察 / 设计 / 注册, the item titles and the certificate titles name the three register items', () => {
    const cases: [string, string][] = [
      ['勘察', 'survey-b'],
      [' 设 计 ', 'design-b'],
      ['注册', 'struct-eng-2'],
      ['建设工程勘察企业资质认定（乙级）', 'survey-b'],
      ['建设工程设计企业资质认定(部分乙级)', 'design-b'],
      ['二级注册结构工程师执业资格认定', 'struct-eng-2'],
      ['工程设计资质证书', 'design-b'],
    ];
    for (const [text, code] of cases) assert.equal(findImportItem(text)?.code, code, text);
    assert.equal(findImportItem(findItem('nonlocal-filing')!.title), undefined, 'a 备案 has no register');
    assert.equal(findImportItem('监理'), undefined);
  });

  it('column letters as Excel shows them', () => {
    assert.deepEqual([0, 25, 26, 27, 701, 702].map(columnLetter), ['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });
});

describe('dates', () => {
  const cases: [Cell, string | undefined][] = [
    ['2026-01-05', '2026-01-05'],
    ['2026/1/5', '2026-01-05'],
    ['2026.1.5', '2026-01-05'],
    ['2026年1月5日', '2026-01-05'],
    [' 2026 年 1 月 5 日 ', '2026-01-05'],
    ['２０２６－０１－０５', '2026-01-05'],
    ['20260105', '2026-01-05'],
    [20260105, '2026-01-05'],
    [new Date(Date.UTC(2026, 0, 5)), '2026-01-05'],
    [45658, '2025-01-01'],
    [45658.75, '2025-01-01'],
    ['2026-02-29', undefined],
    ['2028-02-29', '2028-02-29'],
    ['2026-13-01', undefined],
    ['05/01/2026', undefined],
    ['明年', undefined],
    ['', undefined],
    [null, undefined],
  ];
  for (const [cell, want] of cases) it(`${String(cell instanceof Date ? cell.toISOString() : cell)} → ${want}`, () => assert.equal(parseImportDate(cell), want));

  it('cells as text: integers without exponent, dates as YYYY-MM-DD', () => {
    assert.equal(cellText(211000017), '211000017');
    assert.equal(cellText(new Date(Date.UTC(2026, 0, 5))), '2026-01-05');
    assert.equal(cellText('  x  '), 'x');
    assert.equal(cellText(null), '');
  });
});

describe('validation: every problem of every row, with the row number the spreadsheet shows', () => {
  it('a clean sheet: headers in any order, with spaces, full-width and marks; blank rows skipped; codes and names; lower-case x', () => {
    const uscc = validUscc();
    // Find an ID number whose check character is X to see it normalised from x.
    const withX = (() => {
      for (let i = 0; i < 200; i++) {
        const n = validIdNumber();
        if (n.endsWith('X')) return n;
      }
      return assert.fail('no ID number ending in X generated');
    })();
    const rows: Cell[][] = [
      ['资质登记簿存量数据（旧系统导出）'],
      [],
      ['*证书编号', ' 名  称 ', '事项（必填）', '统一社会信用代码', '有效期起', '有效期至', '资质类别及等级', '证件号码', '注册单位', '法定代表人', '注册地址', '备注'],
      ['B211000017', '北京甲勘察有限公司', '勘察', uscc.toLowerCase(), new Date(Date.UTC(2023, 2, 1)), '2028/2/29', 'B201B；工程勘察工程测量专业乙级、B201C\nb201b', null, null, '王五', '北京市海淀区某路1号', '旧系统备注'],
      [null, '', '  '],
      ['S2241100003', '张三', '二级注册结构工程师执业资格认定', null, '2024年5月10日', '2027-05-09', null, withX.toLowerCase(), '北京乙设计院', null, null, null],
    ];
    const sheet = validate(rows);
    assert.deepEqual(sheet.problems, []);
    assert.equal(sheet.dataRows, 2);
    const [survey, eng] = sheet.records;
    assert.equal(survey!.row, 4);
    assert.equal(survey!.item.code, 'survey-b');
    assert.equal(survey!.holderKind, 'enterprise');
    assert.equal(survey!.holderId, uscc);
    assert.deepEqual(survey!.holdings, ['B201B', 'B202B', 'B201C'], 'a legacy 丙级 is an existing holding; a repeat is dropped');
    assert.deepEqual(survey!.details, { legalRep: '王五', registeredAddress: '北京市海淀区某路1号' });
    assert.equal(survey!.validFrom, '2023-03-01');
    assert.equal(survey!.validUntil, '2028-02-29');
    assert.equal(eng!.row, 6);
    assert.equal(eng!.holderKind, 'engineer');
    assert.equal(eng!.holderId, withX, 'x upper-cased');
    assert.equal(eng!.employer, '北京乙设计院');
    assert.deepEqual(eng!.holdings, []);
    assert.deepEqual(eng!.cells.holder, { column: 'H', header: '证件号码' });
  });

  it('bad rows: each problem named with row, column and reason; all problems of a row reported', () => {
    const uscc = validUscc();
    const rows: Cell[][] = [
      HEADER,
      enterprise(),
      enterprise({ 事项: '监理', 名称: '' }),
      enterprise({ 统一社会信用代码: corruptDigit(validUscc(), 3), 有效期起: '2026-02-30', 资质: 'B999B；工程设计建筑行业乙级；B1A' }),
      engineer({ 证件号码: corruptDigit(validIdNumber(), 5), 注册单位: '', 资质: 'B201B' }),
      enterprise({ 有效期起: '2025-01-01', 有效期至: '2024-12-31', 统一社会信用代码: 911101080000000000 }),
      enterprise({ 有效期起: '2027-01-01', 有效期至: '2032-01-01', 资质: '', 证书编号: 'B21-1000#17' }),
      enterprise({ 事项: '示例：勘察' }),
      enterprise({ 名称: '#N/A' }),
      enterprise({ 统一社会信用代码: uscc, 证书编号: 'B211000997' }),
      enterprise({ 统一社会信用代码: uscc, 证书编号: 'B211000997' }),
      engineer({ 有效期至: null }),
    ];
    const { problems, records, dataRows } = validate(rows);
    assert.equal(dataRows, 11);
    assert.deepEqual(records.map((r) => r.row), [2, 10], 'only rows without problems are ready (row 10 is the first of its holder and number)');
    assert.deepEqual(messages(problems, 3), ['A:事项“监理”无法识别：应为 勘察、设计、注册，或 建设工程勘察企业资质认定（乙级）、建设工程设计企业资质认定（部分乙级）、二级注册结构工程师执业资格认定', 'B:请填写名称']);
    assert.deepEqual(messages(problems, 4), [
      'C:统一社会信用代码校验位错误，请核对后重新输入',
      'F:有效期起“2026-02-30”不是有效日期：应写作 2026-01-05、2026/1/5 或 2026年1月5日',
      'H:资质“B999B”不在资质目录中：请填写资质代码（如 B201B）或目录中的资质名称',
      'H:“工程设计建筑行业乙级”（A221B）不属于建设工程勘察企业资质认定（乙级）的资质',
      'H:“工程勘察综合资质甲级”该资质由住房和城乡建设部审批，不能导入本市资质登记簿',
    ]);
    assert.deepEqual(messages(problems, 5), ['D:身份证号码校验位错误，请核对后重新输入', 'H:二级注册结构工程师执业资格认定没有资质类别，“资质”列应留空（请核对事项）', 'I:请填写注册单位']);
    assert.deepEqual(messages(problems, 6), ['C:统一社会信用代码被 Excel 存成了数字（末几位可能已丢失），请将该列设为“文本”格式后重新填写', 'G:有效期至（2024-12-31）早于有效期起（2025-01-01）']);
    assert.deepEqual(messages(problems, 7), ['E:证书编号应为4至40位字母、数字或“-”', 'F:有效期起（2027-01-01）晚于今天，存量证书应已生效', 'H:请填写资质（资质代码如 B201B，或资质名称）']);
    assert.deepEqual(messages(problems, 8), ['A:这是导入模板中的示例行，导入前请删除']);
    assert.deepEqual(messages(problems, 9), ['B:名称单元格是公式错误值（#N/A），请改为实际内容']);
    assert.deepEqual(messages(problems, 10), []);
    assert.deepEqual(messages(problems, 11), ['C:与第 10 行是同一持有人的同一事项：每个持有人每个事项只能有一本有效证书', 'E:证书编号与第 10 行重复']);
    assert.deepEqual(messages(problems, 12), ['G:请填写有效期至']);
    assert.deepEqual(problems.map((p) => p.row), [...problems.map((p) => p.row)].sort((a, b) => a - b), 'by row');
  });

  it('the same holder may hold two items, and two holders the same item', () => {
    const uscc = validUscc();
    const { problems } = validate([HEADER, enterprise({ 统一社会信用代码: uscc }), enterprise({ 统一社会信用代码: uscc, 事项: '设计', 资质: 'A221B' }), enterprise()]);
    assert.deepEqual(problems, []);
  });

  it('headers: missing, duplicated, not found', () => {
    const noItem = validate([['名称', '统一社会信用代码', '证书编号', '有效期起', '有效期至', '资质'], ['x']]);
    assert.deepEqual(noItem.problems.map((p) => `${p.row}:${p.message}`), ['1:缺少“事项”列']);
    const twice = validate([[...HEADER, '企业名称'], enterprise()]);
    assert.deepEqual(twice.problems.map((p) => `${p.row}:${p.column}:${p.message}`), ['1:L:“名称”列重复（第 B 列已是该列）']);
    const none = validate([[], ['a', 'b'], ['c']]);
    assert.match(none.problems[0]!.message, /未找到表头行/);
    assert.equal(none.problems[0]!.row, 2);
    // An engineer-only header (no 资质 column) with an enterprise row: said once, on the header row.
    const header = ['事项', '名称', '统一社会信用代码', '证件号码', '证书编号', '有效期起', '有效期至', '注册单位'];
    const noQualifications = validate([header, ['勘察', '甲', validUscc(), null, 'B211000017', '2023-03-01', '2028-02-29', null], ['设计', '乙', validUscc(), null, 'A211000017', '2023-03-01', '2028-02-29', null]]);
    assert.deepEqual(noQualifications.problems.map((p) => `${p.row}:${p.message}`), ['1:缺少“资质”列（企业必填：资质代码或名称，多项以分号、逗号、顿号或换行分隔）']);
    assert.deepEqual(noQualifications.records, []);
  });

  it('no data rows, or more than the limit: the file is refused (400)', () => {
    assert.throws(() => validate([HEADER, [], [null]]), refusal('IMPORT_NO_ROWS', 400, /没有数据行/));
    assert.throws(() => validate([]), refusal('IMPORT_NO_DATA', 400, /没有数据/));
    assert.throws(() => validate([HEADER, enterprise(), enterprise(), enterprise()], 2), refusal('IMPORT_TOO_MANY_ROWS', 400, /一次最多导入 2 行，本文件有 3 行/));
  });

  it("the register's conflicts: a number in use, a holder holding the item", () => {
    const { records } = validate([HEADER, enterprise({ 证书编号: 'B211000017' }), engineer()]);
    const problems = conflictProblems(records, {
      numbers: new Map([['B211000017', '北京丙公司']]),
      current: new Map([[`struct-eng-2|${records[1]!.holderId}`, 'S2231100001']]),
    });
    assert.deepEqual(problems.map((p) => `${p.row}:${p.column}:${p.message}`), ['2:E:证书编号 B211000017 已在资质登记簿中（持有人：北京丙公司）', '3:D:该持有人已持有有效的注册证书（S2231100001），不能再导入']);
  });

  it('the template: every header is recognised, and its sample rows cannot be imported by mistake', () => {
    const csv = importTemplateCsv();
    assert.ok(csv.startsWith('\ufeff'), 'BOM, so Excel reads it as UTF-8');
    const sheet = validate(readCsv(csv.slice(1)));
    assert.equal(sheet.dataRows, 3);
    assert.deepEqual([...new Set(sheet.problems.map((p) => p.message))], ['这是导入模板中的示例行，导入前请删除']);
    assert.deepEqual(readCsv(csv.slice(1))[0], IMPORT_COLUMNS.map((c) => c.header));
  });
});

describe('certificate numbers against the item numbering', () => {
  it('the serial (and year) a number carries, so new numbers are issued after the imported ones', () => {
    const survey = findItem('survey-b')!.result.register!.numbering;
    const eng = findItem('struct-eng-2')!.result.register!.numbering;
    assert.deepEqual(serialOf(survey, 'B211000017'), { year: 0, serial: 1 });
    assert.deepEqual(serialOf(survey, 'B211123457'), { year: 0, serial: 12345 });
    assert.equal(serialOf(survey, 'A211000017'), undefined);
    assert.equal(serialOf(survey, 'B21100001'), undefined);
    assert.deepEqual(serialOf(eng, 'S2241100003'), { year: 2024, serial: 3 });
  });
});

describe('reading files', () => {
  it('.xlsx: Excel date cells, numbers, rows as numbered in the sheet', async () => {
    const uscc = validUscc();
    const bytes = await xlsx([
      HEADER,
      [null],
      ['勘察', '北京甲勘察有限公司', uscc, null, 'B211000017', { value: new Date(Date.UTC(2023, 2, 1)), format: 'yyyy-mm-dd' }, { value: new Date(Date.UTC(2028, 1, 29)), format: 'yyyy/m/d' }, 'B201B', null, null, null],
      ['注册', '张三', null, 110101199003070000, 211000017, '2024-05-10', '2027-05-09', null, '北京乙设计院', null, null],
    ]);
    const rows = await readSpreadsheet(bytes, '存量.xlsx');
    const sheet = validate(rows);
    assert.equal(sheet.records.length, 1);
    assert.equal(sheet.records[0]!.row, 3);
    assert.equal(sheet.records[0]!.validFrom, '2023-03-01');
    assert.equal(sheet.records[0]!.validUntil, '2028-02-29');
    assert.deepEqual(messages(sheet.problems, 4), ['D:证件号码被 Excel 存成了数字（末几位可能已丢失），请将该列设为“文本”格式后重新填写']);
  });

  it('.xlsx with a 说明 sheet first: the first sheet with a header row is read', async () => {
    const bytes = Buffer.from(
      await writeExcelFile([
        { sheet: '说明', data: [['请按模板填写，每行一本证书']] },
        { sheet: '数据', data: [HEADER, enterprise({ 证书编号: 'B211000997' }) as never] },
      ] as never).toBuffer(),
    );
    const sheet = validate(await readSpreadsheet(bytes, 'book.xlsx'));
    assert.deepEqual(sheet.records.map((r) => r.number), ['B211000997']);
  });

  it('.csv: UTF-8 with or without BOM, GB18030 (Excel on Chinese Windows), UTF-16 with BOM, tab-separated', async () => {
    const uscc = validUscc();
    const text = `${HEADER.join(',')}\r\n勘察,"北京甲勘察有限公司",${uscc},,B211000017,2023/3/1,2028/2/29,"B201B；B202B",,,\r\n`;
    for (const [label, bytes] of [
      ['utf-8', Buffer.from(text)],
      ['utf-8 with BOM', Buffer.from(`\ufeff${text}`)],
      ['gb18030', gb18030(text)],
      ['utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace(/,/g, '\t'), 'utf16le')])],
    ] as const) {
      const sheet = validate(await readSpreadsheet(bytes, 'data.csv'));
      assert.deepEqual(sheet.problems, [], label);
      assert.deepEqual(sheet.records.map((r) => [r.row, r.holderName, r.holdings.join('+')]), [[2, '北京甲勘察有限公司', 'B201B+B202B']], label);
    }
    assert.equal(decodeText(Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01])), undefined, 'binary is not text');
  });

  it('files that are not spreadsheets: 415 with a message that says what to do; empty: 400', async () => {
    const refused = async (bytes: Buffer, name: string, code: ErrorCode, status: number, pattern: RegExp) => assert.rejects(readSpreadsheet(bytes, name), refusal(code, status, pattern));
    await refused(Buffer.from('事项,名称\n勘察,甲\n'), '存量.xlsx', 'IMPORT_XLSX_MISMATCH', 415, /不是有效的 Excel 工作簿.*改了扩展名/);
    await refused(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'old.xls', 'IMPORT_LEGACY_WORKBOOK', 415, /97-2003/);
    await refused(Buffer.from('%PDF-1.7\n\u0000\u0001binary'), 'scan.csv', 'IMPORT_CSV_NOT_TEXT', 415, /不是文本格式的 CSV/);
    await refused(Buffer.from('hello'), 'notes.txt', 'IMPORT_FORMAT_UNSUPPORTED', 415, /请上传 \.xlsx 工作簿或 \.csv 文件/);
    await refused(Buffer.alloc(0), 'empty.csv', 'IMPORT_FILE_EMPTY', 400, /是空的/);
    await refused(Buffer.from(zipSync({ 'word/document.xml': new TextEncoder().encode('<w/>') })), 'renamed.xlsx', 'IMPORT_XLSX_UNREADABLE', 415, /无法读取 Excel 工作簿/);
    await refused(Buffer.from('a,"b\nc'), 'bad.csv', 'IMPORT_CSV_MALFORMED', 400, /引号/);
  });

  it('zip bombs: inflation stops at the cap, whatever sizes the archive declares', async () => {
    const bomb = Buffer.from(zipSync({ '[Content_Types].xml': new Uint8Array(2 * 1024 * 1024) }, { level: 9 }));
    assert.ok(bomb.length < 10_000);
    const limits = { maxXmlBytes: 1024 * 1024, maxRows: 20_000, maxColumns: 100 };
    assert.throws(() => boundedXlsx(bomb, 'bomb.xlsx', limits), refusal('IMPORT_XLSX_TOO_LARGE', 400, /解压后超过 1 MB/));
    // The same with the declared sizes patched to 10 bytes (central directory and local header).
    const lying = Buffer.from(bomb);
    const cd = lying.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    lying.writeUInt32LE(10, cd + 24);
    lying.writeUInt32LE(10, 22);
    assert.throws(() => boundedXlsx(lying, 'bomb.xlsx', limits), refusal('IMPORT_XLSX_TOO_LARGE', 400, /解压后超过/));
    // Many parts each under the cap, together over it.
    const parts = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`xl/p${i}.xml`, new Uint8Array(300 * 1024)]));
    assert.throws(() => boundedXlsx(Buffer.from(zipSync(parts)), 'many.xlsx', limits), refusal('IMPORT_XLSX_TOO_LARGE', 400, /解压后超过/));
  });

  it('cell addresses that would make the reader pad millions of cells are refused before it runs', async () => {
    const sheet = (cells: string) => Buffer.from(zipSync({ 'xl/worksheets/sheet1.xml': new TextEncoder().encode(`<worksheet><sheetData>${cells}</sheetData></worksheet>`) }));
    const limits = { maxXmlBytes: 1024 * 1024, maxRows: 20_000, maxColumns: 100 };
    assert.throws(() => boundedXlsx(sheet('<row r="99999999"/>'), 'a.xlsx', limits), refusal('IMPORT_XLSX_OUT_OF_GRID', 415, /超出 Excel 的范围/));
    assert.throws(() => boundedXlsx(sheet('<x:c r="A1"><v>1</v></x:c><x:c r="A30000"><v>1</v></x:c>'), 'a.xlsx', limits), refusal('IMPORT_TOO_MANY_ROWS', 400, /最多导入 20000 行/));
    assert.throws(() => boundedXlsx(sheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="ZZ1" t="s"><v>0</v></c></row>'), 'a.xlsx', limits), refusal('IMPORT_TOO_MANY_COLUMNS', 400, /超过 100 列/));
    // Formatted but empty cells far away are fine.
    assert.ok(boundedXlsx(sheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="XFD1048576" s="1"/></row>'), 'a.xlsx', limits));
  });
});
