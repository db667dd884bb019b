import type { FastifyReply } from 'fastify';
import { downloadStamp, encodeRfc5987 } from './route-helpers.ts';

/** A cell: text, or a number Excel can sum (null: empty). */
export type XlsxCell = string | number | null;

export interface XlsxSheet {
  sheet: string;
  header: readonly string[];
  rows: readonly (readonly XlsxCell[])[];
  widths?: readonly number[];
  /** A last line when the table was cut short. */
  more?: string | undefined;
}

function sheetData(s: XlsxSheet) {
  const rows = s.more ? [...s.rows, [s.more]] : s.rows;
  return {
    data: [s.header.map((value) => ({ value, fontWeight: 'bold' as const })), ...rows.map((row) => row.map((value) => (value === null ? null : { value })))],
    sheet: s.sheet,
    columns: s.widths?.map((width) => ({ width })),
    stickyRowsCount: 1,
  };
}

/**
 * Tables sent as an .xlsx download named `<name>-<Beijing stamp>.xlsx`, a sheet each: a bold
 * header row, then the rows, then `more` as a last line when a table was cut short.
 */
export async function sendXlsx(reply: FastifyReply, file: { name: string; asciiName: string } & (XlsxSheet | { sheets: readonly XlsxSheet[] })) {
  const stamp = downloadStamp(new Date());
  const sheets = 'sheets' in file ? file.sheets : [file];
  // Loaded on the first export, not at start (idle memory, issue 19.5).
  const { default: writeXlsxFile } = await import('write-excel-file/node');
  const buffer = await writeXlsxFile(sheets.map(sheetData)).toBuffer();
  return reply
    .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="${file.asciiName}-${stamp}.xlsx"; filename*=UTF-8''${encodeRfc5987(`${file.name}-${stamp}.xlsx`)}`)
    .send(buffer);
}
