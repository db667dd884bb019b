import type { FastifyReply } from 'fastify';
import writeXlsxFile from 'write-excel-file/node';
import { downloadStamp, encodeRfc5987 } from './route-helpers.ts';

/**
 * A table sent as an .xlsx download named `<name>-<Beijing stamp>.xlsx`: a bold header row, then
 * the rows as text, then `more` as a last line when the table was cut short.
 */
export async function sendXlsx(
  reply: FastifyReply,
  file: { name: string; asciiName: string; sheet: string; header: readonly string[]; rows: readonly (readonly string[])[]; widths?: readonly number[]; more?: string },
) {
  const stamp = downloadStamp(new Date());
  const rows = file.more ? [...file.rows, [file.more]] : file.rows;
  const data = [file.header.map((value) => ({ value, fontWeight: 'bold' as const })), ...rows.map((row) => row.map((value) => ({ value })))];
  const buffer = await writeXlsxFile(data, { sheet: file.sheet, columns: file.widths?.map((width) => ({ width })), stickyRowsCount: 1 }).toBuffer();
  return reply
    .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="${file.asciiName}-${stamp}.xlsx"; filename*=UTF-8''${encodeRfc5987(`${file.name}-${stamp}.xlsx`)}`)
    .send(buffer);
}
