/**
 * A small RFC 4180 CSV reader and writer: quoted fields, doubled quotes,
 * commas and line breaks inside quotes, CRLF or LF. Each record keeps the
 * line number it starts on, for error reports.
 */
export type CsvRecord = { line: number; fields: string[] }

export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = []
  let fields: string[] = []
  let field = ''
  let quoted = false
  let line = 1
  let recordLine = 1
  let fieldStarted = false
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text

  for (let index = 0; index < input.length; index++) {
    const char = input[index]
    if (quoted) {
      if (char === '"') {
        if (input[index + 1] === '"') {
          field += '"'
          index++
        } else {
          quoted = false
        }
      } else {
        if (char === '\n') line++
        field += char
      }
      continue
    }
    if (char === '"' && !fieldStarted) {
      quoted = true
      fieldStarted = true
    } else if (char === ',') {
      fields.push(field)
      field = ''
      fieldStarted = false
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && input[index + 1] === '\n') index++
      fields.push(field)
      if (fields.length > 1 || fields[0] !== '') records.push({ line: recordLine, fields })
      fields = []
      field = ''
      fieldStarted = false
      line++
      recordLine = line
    } else {
      field += char
      fieldStarted = true
    }
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field)
    records.push({ line: recordLine, fields })
  }
  return records
}

function csvField(value: string | null | undefined) {
  const text = value ?? ''
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function toCsvLine(values: (string | null | undefined)[]) {
  return values.map(csvField).join(',')
}
