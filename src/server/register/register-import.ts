/**
 * 导入存量资质: the go-live import of the holdings the commission kept in its old system. A
 * 系统管理员 uploads one .xlsx or .csv file, one row per certificate; every row is checked against
 * the item definitions, the qualification catalogue, the identifier check digits and the register,
 * and the file goes in whole (one transaction) or not at all, with a report naming each bad row.
 *
 * Reading and validation are pure functions (unit-tested); the service below only adds the
 * register's conflicts and the writes.
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { inflateRawSync } from 'node:zlib';
import { parse as parseCsv } from 'csv-parse/sync';
import { zipSync } from 'fflate';
import type { Kysely } from 'kysely';
import { shanghaiDateOf } from '../../domain/calendar/index.ts';
import { parseIsoDate } from '../../domain/forms/index.ts';
import { toHalfWidth, validateIdNumber, validateUscc } from '../../domain/identifiers/index.ts';
import { ITEMS, type ItemDefinition } from '../../domain/items/index.ts';
import { MOHURD_HINT, findQualification, qualificationsFor, type Qualification } from '../../domain/qualifications/index.ts';
import type { CertificateNumbering, HolderKind } from '../../domain/register/index.ts';
import { ID_TYPES } from '../../domain/roles.ts';
import type { Actor } from '../actor.ts';
import type { Audit } from '../audit/audit.service.ts';
import { requireRole } from '../auth/staff-roles.ts';
import type { Clock } from '../clock.ts';
import type { DB } from '../db/schema.ts';
import { appError } from '../errors.ts';
import { findCertificatesByNumber, findCurrentCertificatesOf, insertImportedCertificates, raiseCounters } from './register-import.repository.ts';
import type { ImportProblem, ImportReport } from '../../domain/register/import-report.ts';

export type { ImportProblem, ImportReport };

export const IMPORT_LIMITS = {
  /** Upload size. */
  maxBytes: 5 * 1024 * 1024,
  /** Data rows (blank rows not counted). */
  maxRows: 20_000,
  /** Inflated XML of an .xlsx, all parts together: a zip bomb stops here. */
  maxXmlBytes: 64 * 1024 * 1024,
  /** Columns with content. */
  maxColumns: 100,
  /** Problems listed in a report (all are counted). */
  maxListedProblems: 1_000,
} as const;

/** A cell as read: text from CSV; text, number, boolean or date from .xlsx. */
export type Cell = string | number | boolean | Date | null | undefined;


/** One certificate ready for the register. */
export interface ImportRecord {
  row: number;
  item: ItemDefinition;
  holderKind: HolderKind;
  holderId: string;
  holderName: string;
  number: string;
  validFrom: string;
  validUntil: string;
  holdings: string[];
  employer: string | null;
  details: Record<string, string>;
  /** Where the number and the holder's identifier stand, for problems the register finds later. */
  cells: Record<'number' | 'holder', { column: string | null; header: string | null }>;
}


// ---------------------------------------------------------------------------------------------
// Columns and 事项

type ColumnKey = 'item' | 'name' | 'uscc' | 'idType' | 'idNumber' | 'number' | 'validFrom' | 'validUntil' | 'qualifications' | 'employer' | 'legalRep' | 'registeredAddress';

/** The template's columns in its order; a file may order them freely and use the aliases. */
export const IMPORT_COLUMNS: readonly { key: ColumnKey; header: string; aliases: readonly string[]; note: string }[] = [
  { key: 'item', header: '事项', aliases: ['事项名称'], note: '勘察、设计或注册（也可填事项全称）' },
  { key: 'name', header: '名称', aliases: ['企业名称', '单位名称', '姓名'], note: '企业名称或注册人员姓名' },
  { key: 'uscc', header: '统一社会信用代码', aliases: [], note: '企业必填' },
  { key: 'idType', header: '证件类型', aliases: [], note: '注册人员选填，默认居民身份证' },
  { key: 'idNumber', header: '证件号码', aliases: ['身份证号码', '身份证号'], note: '注册人员必填' },
  { key: 'number', header: '证书编号', aliases: ['证书号', '资质证书编号', '注册证书编号', '注册证书号'], note: '必填' },
  { key: 'validFrom', header: '有效期起', aliases: ['有效期自'], note: '必填，如 2026-01-05' },
  { key: 'validUntil', header: '有效期至', aliases: ['有效期止'], note: '必填，如 2031-01-04' },
  { key: 'qualifications', header: '资质', aliases: ['资质类别及等级', '资质类别和等级'], note: '企业必填：资质代码或名称，多项以分号、逗号、顿号或换行分隔' },
  { key: 'employer', header: '注册单位', aliases: ['聘用单位'], note: '注册人员必填' },
  { key: 'legalRep', header: '法定代表人', aliases: [], note: '企业选填' },
  { key: 'registeredAddress', header: '注册地址', aliases: ['企业注册地址'], note: '企业选填' },
];

const REQUIRED_COLUMNS: readonly ColumnKey[] = ['item', 'name', 'number', 'validFrom', 'validUntil'];
const LABEL: Record<ColumnKey, string> = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c.key, c.header])) as Record<ColumnKey, string>;
const MAX_LENGTH: Partial<Record<ColumnKey, number>> = { name: 100, employer: 100, legalRep: 50, registeredAddress: 200 };

const compact = (s: string) => toHalfWidth(s).replace(/\s+/g, '');
/** Header text for matching: half-width, no spaces, without a required mark or a （必填） note. */
const headerKey = (s: string) => compact(s).replace(/^\*+|\*+$/g, '').replace(/\((必填|选填|可选)\)$/, '');

const HEADER_LOOKUP = new Map<string, ColumnKey>(IMPORT_COLUMNS.flatMap((c) => [c.header, ...c.aliases].map((h) => [headerKey(h), c.key] as const)));

/** Short names of the register's items; each must name exactly one item's title. */
const SHORT_ITEM_NAMES = ['勘察', '设计', '注册'];
const REGISTER_ITEMS = ITEMS.filter((i) => i.result.register);

/** 事项 as written → the item: its title, its certificate's title, or one of the short names. */
const ITEM_LOOKUP: ReadonlyMap<string, ItemDefinition> = (() => {
  const map = new Map<string, ItemDefinition>();
  for (const item of REGISTER_ITEMS) {
    map.set(compact(item.title), item);
    map.set(compact(item.result.title), item);
  }
  for (const word of SHORT_ITEM_NAMES) {
    const matches = REGISTER_ITEMS.filter((i) => i.title.includes(word));
    if (matches.length === 1) map.set(word, matches[0]!);
  }
  return map;
})();

/** The item a 事项 cell names, if any. */
export function findImportItem(text: string): ItemDefinition | undefined {
  return ITEM_LOOKUP.get(compact(text));
}

/** The full catalogue (legacy grades included) of an enterprise item's '资质类别及等级' field. */
function catalogueOf(item: ItemDefinition): readonly Qualification[] {
  for (const step of item.steps) for (const f of step.fields) if (f.kind === 'qualifications' && f.catalogue) return qualificationsFor(f.catalogue);
  return [];
}

const QUALIFICATION_BY_NAME = new Map<string, Qualification>(
  REGISTER_ITEMS.flatMap((i) => catalogueOf(i)).map((q) => [compact(q.name), q] as const),
);

/** 'A' for 0, 'AA' for 26: the column as the spreadsheet labels it. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

// ---------------------------------------------------------------------------------------------
// Cells

const FORMULA_ERROR = /^#(N\/A|REF!|VALUE!|DIV\/0!|NAME\?|NUM!|NULL!|SPILL!|CALC!)$/;

/** A cell as text: trimmed; integers without exponent; a date cell as YYYY-MM-DD. */
export function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  if (typeof cell === 'number') return Number.isInteger(cell) ? cell.toFixed(0) : String(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return cell.trim();
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/**
 * A date cell: an Excel date, YYYY-MM-DD, 2026/1/5, 2026.1.5, 2026年1月5日, 20260105, or an Excel
 * serial number in a cell without date format. Undefined when it is none of these or not a real day.
 */
export function parseImportDate(cell: Cell): string | undefined {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? undefined : parseIsoDate(cell.toISOString().slice(0, 10));
  if (typeof cell === 'number') {
    if (!Number.isInteger(cell)) cell = Math.floor(cell);
    if (cell >= 19_000_101 && cell <= 21_001_231) return parseImportDate(String(cell));
    if (cell > 0 && cell < 100_000) return parseIsoDate(new Date(EXCEL_EPOCH + cell * 86_400_000).toISOString().slice(0, 10));
    return undefined;
  }
  const text = compact(cellText(cell));
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!m) return undefined;
  return parseIsoDate(`${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`);
}

// ---------------------------------------------------------------------------------------------
// Reading the file

const startsWith = (bytes: Uint8Array, sig: readonly number[]) => sig.every((b, i) => bytes[i] === b);
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** The file's name as shown in the report and the audit log: last segment, no control characters, at most 100 characters. */
export function displayFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  return [...clean].slice(0, 100).join('') || '未命名文件';
}

/** The rows of the file's first sheet, by content (the extension only decides the message). */
export async function readSpreadsheet(bytes: Buffer, fileName: string): Promise<Cell[][]> {
  const name = displayFileName(fileName);
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]?.toLowerCase() ?? '';
  if (bytes.length === 0) throw appError('IMPORT_FILE_EMPTY', { file: name });
  if (startsWith(bytes, OLE) || ext === 'xls') throw appError('IMPORT_LEGACY_WORKBOOK');
  if (startsWith(bytes, ZIP)) return readXlsx(bytes, name);
  if (ext === 'xlsx') throw appError('IMPORT_XLSX_MISMATCH', { file: name });
  if (ext !== 'csv') throw appError('IMPORT_FORMAT_UNSUPPORTED', { file: name });
  const text = decodeText(bytes);
  if (text === undefined) throw appError('IMPORT_CSV_NOT_TEXT', { file: name });
  return readCsv(text);
}

/**
 * CSV text: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode 文本"), else GB18030
 * (Excel on Chinese Windows saves CSV as GBK). Undefined for binary content.
 */
export function decodeText(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const body = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? bytes.subarray(3) : bytes;
  // Control bytes other than tab, CR, LF and form feed never occur in a text file.
  if (body.subarray(0, 65_536).some((b) => b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c)) return undefined;
  for (const encoding of body === bytes ? ['utf-8', 'gb18030'] : ['utf-8']) {
    try {
      return new TextDecoder(encoding, { fatal: true }).decode(body);
    } catch {
      // try the next encoding
    }
  }
  return undefined;
}

/** CSV rows: comma-separated, or tab-separated when the first line has tabs and no commas. */
export function readCsv(text: string): Cell[][] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  try {
    return parseCsv(text, { delimiter, relax_column_count: true, skip_empty_lines: false, max_record_size: 1_000_000 }) as string[][];
  } catch (error) {
    throw appError('IMPORT_CSV_MALFORMED', { line: (error as { lines?: number }).lines });
  }
}

/**
 * The XML parts of an .xlsx, inflated under one cap and re-packed uncompressed, so read-excel-file
 * (which trusts the sizes a zip declares and keeps no limit) only ever sees what was measured here.
 * Sheets are checked for cell addresses that would make the reader pad millions of empty cells.
 */
export function boundedXlsx(bytes: Buffer, name: string, limits: { maxXmlBytes: number; maxRows: number; maxColumns: number } = IMPORT_LIMITS): Uint8Array {
  const broken = () => appError('IMPORT_XLSX_BROKEN', { file: name });
  const tooBig = () => appError('IMPORT_XLSX_TOO_LARGE', { file: name, limitMb: limits.maxXmlBytes / 1024 / 1024 });
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw broken();
  const count = bytes.readUInt16LE(eocd + 10);
  let p = bytes.readUInt32LE(eocd + 16);
  if (count > 10_000) throw broken();
  const files: Record<string, Uint8Array> = Object.create(null);
  let budget = limits.maxXmlBytes;
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== 0x02014b50) throw broken();
    const flags = bytes.readUInt16LE(p + 8);
    const method = bytes.readUInt16LE(p + 10);
    const compressedSize = bytes.readUInt32LE(p + 20);
    const nameLength = bytes.readUInt16LE(p + 28);
    const local = bytes.readUInt32LE(p + 42);
    const entry = bytes.toString('utf8', p + 46, p + 46 + nameLength);
    p += 46 + nameLength + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32);
    if (!/\.(xml|rels)$/i.test(entry)) continue;
    if (flags & 1) throw appError('IMPORT_XLSX_ENCRYPTED', { file: name });
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== 0x04034b50 || entry in files) throw broken();
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    if (compressedSize === 0xffffffff || start + compressedSize > bytes.length) throw broken();
    const data = bytes.subarray(start, start + compressedSize);
    let out: Buffer;
    if (method === 0) out = data;
    else if (method === 8) {
      try {
        out = inflateRawSync(data, { maxOutputLength: budget + 1 });
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooBig();
        throw broken();
      }
    } else throw broken();
    if (out.length > budget) throw tooBig();
    budget -= out.length;
    files[entry] = out;
  }
  for (const [entry, xml] of Object.entries(files)) {
    if (/^xl\/worksheets\/[^/]+\.xml$/i.test(entry)) checkSheetExtent(Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength).toString('latin1'), name, limits);
  }
  return zipSync(files, { level: 0 });
}

const EXCEL_MAX_ROW = 1_048_576;
const EXCEL_MAX_COLUMN = 16_384;

/** Rows and columns a sheet's XML addresses: within Excel's grid, and cells with content within our limits. */
function checkSheetExtent(xml: string, name: string, limits: { maxRows: number; maxColumns: number }): void {
  const broken = () => appError('IMPORT_XLSX_OUT_OF_GRID', { file: name });
  for (const m of xml.matchAll(/<(?:[\w.-]+:)?row\b[^>]*?\sr="(\d+)"/g)) if (Number(m[1]) > EXCEL_MAX_ROW) throw broken();
  let rows = 0;
  let columns = 0;
  for (const m of xml.matchAll(/<(?:[\w.-]+:)?c\b([^>]*?)(\/?)>/g)) {
    const ref = /\sr="([A-Z]{1,3})(\d{1,7})"/.exec(` ${m[1]}`);
    if (!ref) continue;
    const row = Number(ref[2]);
    const column = columnNumber(ref[1]!);
    if (row > EXCEL_MAX_ROW || column > EXCEL_MAX_COLUMN) throw broken();
    if (m[2] === '/') continue;
    rows = Math.max(rows, row);
    columns = Math.max(columns, column);
  }
  if (columns > limits.maxColumns) throw appError('IMPORT_TOO_MANY_COLUMNS', { max: limits.maxColumns, last: columnLetter(columns - 1) });
  // Header and a few title rows above the data rows.
  if (rows > limits.maxRows + 100) throw appError('IMPORT_TOO_MANY_ROWS', { max: limits.maxRows });
}

/** The rows of the first sheet that has a header row (a workbook may open with a 说明 sheet), else of the first sheet. */
async function readXlsx(bytes: Buffer, name: string): Promise<Cell[][]> {
  const packed = boundedXlsx(bytes, name);
  let sheets: { data: Cell[][] }[];
  try {
    const { default: readXlsxFile } = await import('read-excel-file/node');
    sheets = (await readXlsxFile(Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength))) as { data: Cell[][] }[];
  } catch {
    throw appError('IMPORT_XLSX_UNREADABLE', { file: name });
  }
  return (sheets.find((s) => findHeaderRow(s.data) >= 0) ?? sheets[0])?.data ?? [];
}

/** The upload's bytes, refused past `maxBytes` (the multipart limit stops the stream at maxBytes + 1). */
export async function readUpload(stream: Readable & { truncated?: boolean }, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size <= maxBytes) chunks.push(chunk as Buffer);
  }
  if (size > maxBytes || stream.truncated) throw appError('IMPORT_FILE_TOO_LARGE', { limitMb: maxBytes / 1024 / 1024 });
  return Buffer.concat(chunks);
}

// ---------------------------------------------------------------------------------------------
// Validation

export interface ValidatedSheet {
  records: ImportRecord[];
  problems: ImportProblem[];
  /** Non-blank rows below the header. */
  dataRows: number;
}

/** User text quoted in a message, cut at 30 characters. */
const echo = (s: string) => ([...s].length > 30 ? `${[...s].slice(0, 30).join('')}…` : s);

const isBlank = (row: Cell[] | undefined) => !row || row.every((c) => cellText(c) === '');

/** The header row: the first of the first 20 non-blank rows that names three known columns; -1 if none. */
function findHeaderRow(rows: readonly Cell[][]): number {
  for (let i = 0, seen = 0; i < rows.length && seen < 20; i++) {
    if (isBlank(rows[i])) continue;
    seen++;
    if (rows[i]!.filter((c) => HEADER_LOOKUP.has(headerKey(cellText(c)))).length >= 3) return i;
  }
  return -1;
}

/**
 * Every problem of every row, and the rows that are ready. `today` is the import's instant: the
 * ID number check and "有效期起 not in the future" are judged on its date in Beijing.
 */
export function validateSheet(rows: Cell[][], opts: { today: Date; maxRows?: number }): ValidatedSheet {
  const maxRows = opts.maxRows ?? IMPORT_LIMITS.maxRows;
  const todayIso = shanghaiDateOf(opts.today);
  const problems: ImportProblem[] = [];

  const headerIndex = findHeaderRow(rows);
  if (headerIndex < 0) {
    const first = rows.findIndex((r) => !isBlank(r));
    if (first < 0) throw appError('IMPORT_NO_DATA');
    return { records: [], dataRows: 0, problems: [{ row: first + 1, column: null, header: null, message: `未找到表头行：表头应包含“${REQUIRED_COLUMNS.map((k) => LABEL[k]).join('”“')}”等列名，请使用导入模板` }] };
  }

  const headerRow = headerIndex + 1;
  const at = new Map<ColumnKey, number>();
  const headerText = new Map<number, string>();
  rows[headerIndex]!.forEach((c, index) => {
    const text = cellText(c);
    const key = HEADER_LOOKUP.get(headerKey(text));
    if (!key) return;
    headerText.set(index, text);
    const earlier = at.get(key);
    if (earlier !== undefined) {
      problems.push({ row: headerRow, column: columnLetter(index), header: text, message: `“${LABEL[key]}”列重复（第 ${columnLetter(earlier)} 列已是该列）` });
    } else at.set(key, index);
  });
  for (const key of REQUIRED_COLUMNS) if (!at.has(key)) problems.push({ row: headerRow, column: null, header: null, message: `缺少“${LABEL[key]}”列` });
  if (!at.has('uscc') && !at.has('idNumber')) problems.push({ row: headerRow, column: null, header: null, message: '缺少“统一社会信用代码”列（企业）或“证件号码”列（注册人员）' });

  const body: { index: number; row: Cell[] }[] = [];
  for (let i = headerIndex + 1; i < rows.length; i++) if (!isBlank(rows[i])) body.push({ index: i, row: rows[i]! });
  if (body.length > maxRows) throw appError('IMPORT_TOO_MANY_ROWS', { max: maxRows, found: body.length });
  if (body.length === 0 && problems.length === 0) throw appError('IMPORT_NO_ROWS');
  if (problems.length > 0) return { records: [], problems, dataRows: body.length };

  /** Columns a row needed that the file does not have: reported once on the header row. */
  const missingColumns = new Set<ColumnKey>();
  const records: ImportRecord[] = [];
  const firstOfHolder = new Map<string, number>();
  const firstOfNumber = new Map<string, number>();

  for (const { index, row } of body) {
    const rowNumber = index + 1;
    const rowProblems: ImportProblem[] = [];
    const cell = (key: ColumnKey) => {
      const column = at.get(key);
      return { column: column === undefined ? null : columnLetter(column), header: column === undefined ? null : (headerText.get(column) ?? null) };
    };
    const problem = (key: ColumnKey, message: string) => rowProblems.push({ row: rowNumber, ...cell(key), message });
    let incomplete = false;
    const unreadable = new Set<ColumnKey>();
    const raw = (key: ColumnKey): Cell => {
      const i = at.get(key);
      return i === undefined ? undefined : row[i];
    };
    /** The cell's text; a formula error value is reported and read as empty. */
    const text = (key: ColumnKey): string => {
      const value = cellText(raw(key));
      if (FORMULA_ERROR.test(value)) {
        problem(key, `${LABEL[key]}单元格是公式错误值（${value}），请改为实际内容`);
        unreadable.add(key);
        return '';
      }
      const max = MAX_LENGTH[key];
      if (max && [...value].length > max) problem(key, `${LABEL[key]}不能超过 ${max} 个字`);
      return value;
    };
    const required = (key: ColumnKey, label = LABEL[key]): string => {
      const value = text(key);
      if (!value && at.has(key) && !unreadable.has(key)) problem(key, `请填写${label}`);
      if (!at.has(key)) {
        missingColumns.add(key);
        incomplete = true;
      }
      return value;
    };

    const itemText = required('item');
    const item = itemText ? findImportItem(itemText) : undefined;
    if (itemText && !item) {
      problem(
        'item',
        /^示例/.test(itemText) ? '这是导入模板中的示例行，导入前请删除' : `事项“${echo(itemText)}”无法识别：应为 勘察、设计、注册，或 ${REGISTER_ITEMS.map((i) => i.title).join('、')}`,
      );
    }
    const rules = item?.result.register;
    const engineer = rules?.holder === 'engineer';

    const holderName = required('name', engineer ? '姓名' : rules ? '企业名称' : '名称');

    let holderId = '';
    if (rules && !engineer) {
      const value = required('uscc');
      if (value) {
        if (typeof raw('uscc') === 'number') problem('uscc', '统一社会信用代码被 Excel 存成了数字（末几位可能已丢失），请将该列设为“文本”格式后重新填写');
        else {
          const checked = validateUscc(value);
          if (checked.ok) holderId = checked.value;
          else problem('uscc', checked.message);
        }
      }
    } else if (engineer) {
      const idType = text('idType') || '居民身份证';
      if (!(ID_TYPES as readonly string[]).includes(idType)) problem('idType', `证件类型“${echo(idType)}”无法识别：应为 ${ID_TYPES.join('、')}`);
      const value = required('idNumber');
      if (value) {
        if (typeof raw('idNumber') === 'number') problem('idNumber', '证件号码被 Excel 存成了数字（末几位可能已丢失），请将该列设为“文本”格式后重新填写');
        else if (idType === '居民身份证') {
          const checked = validateIdNumber(value, opts.today);
          if (checked.ok) holderId = checked.value;
          else problem('idNumber', checked.message);
        } else {
          const other = toHalfWidth(value).replace(/\s+/g, '').toUpperCase();
          if (/^[A-Z0-9]{5,30}$/.test(other)) holderId = other;
          else problem('idNumber', '证件号码只能包含字母和数字（5至30位）');
        }
      }
    }

    let number = required('number');
    if (number) {
      number = toHalfWidth(number).replace(/\s+/g, '').toUpperCase();
      if (!/^[A-Z0-9-]{4,40}$/.test(number)) {
        problem('number', '证书编号应为4至40位字母、数字或“-”');
        number = '';
      }
    }

    const date = (key: 'validFrom' | 'validUntil'): string | undefined => {
      const written = required(key);
      if (!written) return undefined;
      const value = parseImportDate(raw(key));
      if (!value) problem(key, `${LABEL[key]}“${echo(written)}”不是有效日期：应写作 2026-01-05、2026/1/5 或 2026年1月5日`);
      return value;
    };
    const validFrom = date('validFrom');
    const validUntil = date('validUntil');
    if (validFrom && validFrom > todayIso) problem('validFrom', `有效期起（${validFrom}）晚于今天，存量证书应已生效`);
    if (validFrom && validUntil && validUntil < validFrom) problem('validUntil', `有效期至（${validUntil}）早于有效期起（${validFrom}）`);

    const holdings: string[] = [];
    const qualificationsText = text('qualifications');
    if (rules && !engineer) {
      if (!at.has('qualifications')) {
        missingColumns.add('qualifications');
        incomplete = true;
      } else if (!qualificationsText) problem('qualifications', '请填写资质（资质代码如 B201B，或资质名称）');
      const catalogue = catalogueOf(item!);
      for (const token of qualificationsText.split(/[;；,，、\r\n]+/).map((t) => t.trim()).filter(Boolean)) {
        const code = compact(token).toUpperCase();
        const q = findQualification(code) ?? QUALIFICATION_BY_NAME.get(compact(token));
        if (!q) problem('qualifications', `资质“${echo(token)}”不在资质目录中：请填写资质代码（如 B201B）或目录中的资质名称`);
        else if (!catalogue.includes(q)) problem('qualifications', `“${q.name}”（${q.code}）不属于${item!.title}的资质`);
        else if (q.authority === 'mohurd') problem('qualifications', `“${q.name}”${MOHURD_HINT}，不能导入本市资质登记簿`);
        // Legacy (inactive) grades are accepted: they are holdings that exist.
        else if (!holdings.includes(q.code)) holdings.push(q.code);
      }
    } else if (engineer && qualificationsText) {
      problem('qualifications', `${item!.title}没有资质类别，“资质”列应留空（请核对事项）`);
    }

    const employer = engineer ? required('employer') : '';
    const legalRep = text('legalRep');
    const registeredAddress = text('registeredAddress');

    if (item && holderId) {
      const key = `${item.code}|${holderId}`;
      const first = firstOfHolder.get(key);
      if (first !== undefined) problem(engineer ? 'idNumber' : 'uscc', `与第 ${first} 行是同一持有人的同一事项：每个持有人每个事项只能有一本有效证书`);
      else firstOfHolder.set(key, rowNumber);
    }
    if (number) {
      const first = firstOfNumber.get(number);
      if (first !== undefined) problem('number', `证书编号与第 ${first} 行重复`);
      else firstOfNumber.set(number, rowNumber);
    }

    problems.push(...rowProblems);
    if (rowProblems.length > 0 || incomplete) continue;
    const details: Record<string, string> = {};
    if (!engineer && legalRep) details.legalRep = legalRep;
    if (!engineer && registeredAddress) details.registeredAddress = registeredAddress;
    records.push({
      row: rowNumber,
      item: item!,
      holderKind: rules!.holder,
      holderId,
      holderName,
      number,
      validFrom: validFrom!,
      validUntil: validUntil!,
      holdings,
      employer: engineer ? employer : null,
      details,
      cells: { number: cell('number'), holder: cell(engineer ? 'idNumber' : 'uscc') },
    });
  }
  for (const key of missingColumns) {
    problems.push({ row: headerRow, column: null, header: null, message: `缺少“${LABEL[key]}”列（${IMPORT_COLUMNS.find((c) => c.key === key)!.note}）` });
  }
  return { records, problems: problems.sort(byPlace), dataRows: body.length };
}

/** Problems by row, then column (header-level ones first); stable for one cell. */
const byPlace = (a: ImportProblem, b: ImportProblem) => a.row - b.row || (a.column ? columnNumber(a.column) : 0) - (b.column ? columnNumber(b.column) : 0);

/** What the register already holds that rows collide with. */
export interface RegisterState {
  /** Certificate number → its holder's name. */
  numbers: ReadonlyMap<string, string>;
  /** `${item}|${holderId}` → the number of the holder's valid certificate of that item. */
  current: ReadonlyMap<string, string>;
}

/** Rows that the register refuses: a number already used, a holder who already holds the item. */
export function conflictProblems(records: readonly ImportRecord[], state: RegisterState): ImportProblem[] {
  const out: ImportProblem[] = [];
  for (const r of records) {
    const usedBy = state.numbers.get(r.number);
    if (usedBy !== undefined) out.push({ row: r.row, ...r.cells.number, message: `证书编号 ${r.number} 已在资质登记簿中（持有人：${usedBy}）` });
    const held = state.current.get(`${r.item.code}|${r.holderId}`);
    if (held !== undefined) out.push({ row: r.row, ...r.cells.holder, message: `该持有人已持有有效的${r.item.result.title}（${held}），不能再导入` });
  }
  return out;
}

/** The serial a certificate number carries under the item's numbering (and its year), if it follows it. */
export function serialOf(numbering: CertificateNumbering, number: string): { year: number; serial: number } | undefined {
  let pattern = '';
  let yearGroup = -1;
  let serialGroup = -1;
  let group = 0;
  for (const m of numbering.template.matchAll(/\{(year2|serial:(\d+)|check)\}|([^{]+)/g)) {
    if (m[3] !== undefined) pattern += m[3].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (m[1] === 'year2') {
      pattern += '(\\d{2})';
      yearGroup = ++group;
    } else if (m[1] === 'check') pattern += '\\d';
    else {
      pattern += `(\\d{${m[2]}})`;
      serialGroup = ++group;
    }
  }
  const m = new RegExp(`^${pattern}$`).exec(number);
  if (!m || serialGroup < 0) return undefined;
  return { year: yearGroup > 0 ? 2000 + Number(m[yearGroup]) : 0, serial: Number(m[serialGroup]) };
}

/** The CSV template: UTF-8 with BOM (Excel opens it as Chinese), the header and three sample rows. */
export function importTemplateCsv(): string {
  const rows = [
    IMPORT_COLUMNS.map((c) => c.header),
    ['示例：勘察', '北京某某勘察设计有限公司', '91110108MA01R2XY6C', '', '', 'B211000017', '2023-03-01', '2028-02-29', 'B201B；B202B', '', '张三', '北京市海淀区某某路1号'],
    ['示例：设计', '北京某某建筑设计院有限公司', '91110108MA01R2XY6C', '', '', 'A211000025', '2024/5/10', '2029/5/9', '工程设计建筑行业（建筑工程）乙级', '', '李四', ''],
    ['示例：注册', '王五', '', '居民身份证', '110101199003071234', 'S2241100003', '2024年5月10日', '2027年5月9日', '', '北京某某建筑设计院有限公司', '', ''],
  ];
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `\ufeff${rows.map((r) => r.map(quote).join(',')).join('\r\n')}\r\n`;
}

// ---------------------------------------------------------------------------------------------
// The service


const CHUNK = 1_000;
const chunks = <T>(list: readonly T[], size = CHUNK): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

export function createRegisterImportService(deps: { db: Kysely<DB>; audit: Audit; clock: Clock }) {
  const { db, audit, clock } = deps;

  async function registerState(executor: Kysely<DB>, records: readonly ImportRecord[]): Promise<RegisterState> {
    const numbers = new Map<string, string>();
    const current = new Map<string, string>();
    for (const part of chunks(records)) {
      for (const c of await findCertificatesByNumber(executor, part.map((r) => r.number))) numbers.set(c.number, c.holderName);
      for (const c of await findCurrentCertificatesOf(executor, [...new Set(part.map((r) => r.holderId))])) current.set(`${c.item}|${c.holderId}`, c.number);
    }
    return { numbers, current };
  }

  function report(fileName: string, dryRun: boolean, sheet: ValidatedSheet, problems: ImportProblem[], imported: number): ImportReport {
    const sorted = [...problems].sort(byPlace);
    const bad = new Set(sorted.map((p) => p.row));
    const counts = new Map<string, number>();
    for (const r of sheet.records) if (!bad.has(r.row)) counts.set(r.item.title, (counts.get(r.item.title) ?? 0) + 1);
    return {
      fileName,
      dryRun,
      rows: sheet.dataRows,
      imported,
      problems: sorted.slice(0, IMPORT_LIMITS.maxListedProblems),
      problemCount: sorted.length,
      badRows: bad.size,
      items: [...counts].map(([title, count]) => ({ title, count })),
    };
  }

  return {
    /** The CSV template (系统管理员). */
    template(actor: Actor): string {
      requireRole(actor, ['sysadmin']);
      return importTemplateCsv();
    },

    /**
     * Check a file and, unless `dryRun`, write it: all rows in one transaction with one audit row,
     * or nothing when any row has a problem (the report says which and why).
     */
    async importFile(
      actor: Actor,
      upload: () => Promise<{ stream: Readable; filename: string }>,
      opts: { dryRun: boolean },
    ): Promise<ImportReport> {
      const { account } = requireRole(actor, ['sysadmin']);
      const file = await upload();
      const fileName = displayFileName(file.filename);
      const bytes = await readUpload(file.stream, IMPORT_LIMITS.maxBytes);
      const now = clock.now();
      const sheet = validateSheet(await readSpreadsheet(bytes, file.filename), { today: now });

      const check = async (executor: Kysely<DB>) => [...sheet.problems, ...conflictProblems(sheet.records, await registerState(executor, sheet.records))];
      if (opts.dryRun) return report(fileName, true, sheet, await check(db), 0);

      try {
        return await db.transaction().execute(async (tx) => {
          const problems = await check(tx);
          if (problems.length > 0) return report(fileName, false, sheet, problems, 0);
          const rows = sheet.records.map((r) => ({ ...r, id: randomUUID() }));
          for (const part of chunks(rows, 500)) await insertImportedCertificates(tx, part, { actorAccountId: account.id, fileName, now });
          // New numbers must not repeat imported ones: counters move past the serials imported.
          const counters = new Map<string, { series: string; year: number; last: number }>();
          for (const r of rows) {
            const numbering = r.item.result.register!.numbering;
            const s = serialOf(numbering, r.number);
            if (!s) continue;
            const year = numbering.perYear ? s.year : 0;
            const key = `${numbering.series}|${year}`;
            if ((counters.get(key)?.last ?? 0) < s.serial) counters.set(key, { series: numbering.series, year, last: s.serial });
          }
          await raiseCounters(tx, [...counters.values()]);
          const result = report(fileName, false, sheet, [], rows.length);
          await audit.record(
            {
              action: 'register.import',
              actorAccountId: account.id,
              objectType: 'register',
              actor,
              details: { fileName, rows: rows.length, items: result.items, counters: [...counters.values()] },
            },
            tx,
          );
          return result;
        });
      } catch (error) {
        // Someone else wrote the same number or holder between the check and the insert.
        if ((error as { code?: string }).code === '23505') throw appError('IMPORT_REGISTER_CHANGED');
        throw error;
      }
    },
  };
}

export type RegisterImportService = ReturnType<typeof createRegisterImportService>;
