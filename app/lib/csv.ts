/**
 * CSV (RFC 4180) through csv-parse and csv-stringify: quoted fields,
 * doubled quotes, commas and line breaks inside quotes, CRLF, LF or CR,
 * a byte-order mark ignored. Each record keeps the line it starts on, for
 * error reports. A file that is not CSV (a quote never closed) is refused
 * with the line where it went wrong; a quote inside an unquoted field is
 * kept as text. Both libraries also stream, for files too large to hold.
 */
import { CsvError, parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'

export type CsvRecord = { line: number; fields: string[] }

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    reason: string
  ) {
    super(reason)
  }
}

export function parseCsv(text: string): CsvRecord[] {
  try {
    const rows = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      record_delimiter: ['\r\n', '\n', '\r'],
    }) as unknown as { info: { lines: number }; record: string[] }[]
    /* `lines` is where a record ends: take off the line breaks inside its fields. */
    return rows.map(({ info, record }) => ({
      line: info.lines - record.reduce((breaks, field) => breaks + countBreaks(field), 0),
      fields: record,
    }))
  } catch (error) {
    if (error instanceof CsvError) throw new CsvSyntaxError(Number(error.lines ?? 1), error.message)
    throw error
  }
}

function countBreaks(field: string) {
  return (field.match(/\r\n|\r|\n/g) ?? []).length
}

export function toCsvLine(values: (string | null | undefined)[]) {
  return stringify([values.map((value) => value ?? '')], { record_delimiter: '' })
}
