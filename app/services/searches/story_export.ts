/**
 * Stories of a staff search as rows: CSV (csv-stringify) or XLSX (ExcelJS's
 * streaming writer), written to any writable stream.
 *
 * Guarantees:
 * - streamed: matches are read in batches of ids by keyset
 *   (#services/searches/staff_search matchingBatches) and each batch is
 *   loaded, written and dropped before the next, honouring back-pressure,
 *   so a 100,000-story export holds one batch in memory, never all;
 * - only what the searcher may see: the same search, coverage and rules as
 *   the staff search page; the moderated public text only, never the original;
 * - the columns are stable (data for spreadsheets and scripts): named in
 *   EXPORT_COLUMNS; one row per story, its responses in one column;
 * - spreadsheet formula injection is defused: a text cell starting with
 *   = + - @ or a tab gets a leading apostrophe (OWASP CSV injection).
 */
import { once } from 'node:events'
import type { Writable } from 'node:stream'
import { stringify } from 'csv-stringify'
import ExcelJS from 'exceljs'
import db from '@adonisjs/lucid/services/db'
import { publiclyVisibleSql } from '#models/story'
import { tenancy } from '#tenancy/context'
import { siteUrl, type Site } from '#tenancy/site'
import { matchingBatches, type PreparedSearch } from '#services/searches/staff_search'
import type { NewestCursor } from '#services/reading/story_search'

export const EXPORT_COLUMNS = [
  'id',
  'url',
  'title',
  'text',
  'services',
  'service_refs',
  'tags',
  'author_role',
  'age_band',
  'happened_on',
  'published_at',
  'criticality',
  'progress',
  'staff_views',
  'first_response_at',
  'responses_count',
  'responses',
] as const

export type ExportRecord = Record<(typeof EXPORT_COLUMNS)[number], string | number>
export type ExportFormat = 'csv' | 'xlsx'
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'xlsx']

export type ExportOptions = {
  /** Called after each batch with the number of stories written so far. */
  onProgress?: (written: number) => void
  /** Stop at stories published before this instant (reports: the period). */
  since?: Date | null
  /** At most this many stories. */
  limit?: number
  batch?: number
}

/** Keeps a spreadsheet from reading a cell as a formula. */
export function defused(value: string) {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

type Row = {
  id: string
  public_title: string | null
  public_body: string | null
  services: string | null
  service_refs: string | null
  tags: string | null
  author_role: string
  age_band: string
  happened_on: string | null
  published_at: string | null
  criticality: number | null
  progress: string
  staff_views: number
  first_response_at: string | null
  responses_count: number
  responses: string | null
}

const UTC_TEXT = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`

/*
 * One statement per batch: each story with its services, tags and
 * responses gathered by subqueries (model preloads cost ten times more at
 * 100,000 stories). Runs in the tenant, under row security, and applies
 * the "publicly visible" rule itself.
 */
const BATCH_SQL = `
  select s.id, s.public_title, s.public_body, s.author_role, s.age_band, s.criticality, s.progress,
         s.staff_views, to_char(s.happened_on, 'YYYY-MM-DD') as happened_on,
         to_char(s.published_at at time zone 'UTC', ${UTC_TEXT}) as published_at,
         to_char(s.first_response_at at time zone 'UTC', ${UTC_TEXT}) as first_response_at,
         (select string_agg(sv.name, '; ' order by sv.name) from story_services ss
            join services sv on sv.tenant_id = ss.tenant_id and sv.id = ss.service_id
           where ss.tenant_id = s.tenant_id and ss.story_id = s.id) as services,
         (select string_agg(sv.ref, '; ' order by sv.name) from story_services ss
            join services sv on sv.tenant_id = ss.tenant_id and sv.id = ss.service_id
           where ss.tenant_id = s.tenant_id and ss.story_id = s.id) as service_refs,
         (select string_agg(t.question || ': ' || t.label, '; ' order by t.question, t.position)
            from story_tag_links tl join story_tags t on t.tenant_id = tl.tenant_id and t.id = tl.tag_id
           where tl.tenant_id = s.tenant_id and tl.story_id = s.id) as tags,
         (select count(*)::int from responses r
           where r.tenant_id = s.tenant_id and r.story_id = s.id) as responses_count,
         (select string_agg(coalesce(sv.name, '') || ' – ' || r.author_name
                   || coalesce(' [change ' || r.change_kind || ']', '') || ': ' || r.body,
                   E'\n\n' order by r.id)
            from responses r left join services sv on sv.tenant_id = r.tenant_id and sv.id = r.service_id
           where r.tenant_id = s.tenant_id and r.story_id = s.id) as responses
    from stories s
   where s.tenant_id = ? and ${publiclyVisibleSql('s')} and s.id = any(?)`

/** One batch of stories as records, in the order of `cursors`: one query per batch. */
async function recordsOf(cursors: NewestCursor[], site: Site): Promise<ExportRecord[]> {
  const ids = cursors.map((cursor) => cursor.id)
  const { rows } = await db.rawQuery<{ rows: Row[] }>(BATCH_SQL, [tenancy.require().id, ids])
  const byId = new Map(rows.map((row) => [Number(row.id), row]))
  return ids.flatMap((id) => {
    const row = byId.get(id)
    if (!row) return []
    return [
      {
        id,
        url: siteUrl(site, `/stories/${id}`),
        title: defused(row.public_title ?? ''),
        text: defused(row.public_body ?? ''),
        services: defused(row.services ?? ''),
        service_refs: defused(row.service_refs ?? ''),
        tags: defused(row.tags ?? ''),
        author_role: row.author_role,
        age_band: row.age_band,
        happened_on: row.happened_on ?? '',
        published_at: row.published_at ?? '',
        criticality: row.criticality ?? '',
        progress: row.progress,
        staff_views: row.staff_views,
        first_response_at: row.first_response_at ?? '',
        responses_count: row.responses_count,
        responses: defused(row.responses ?? ''),
      },
    ]
  })
}

/** The matching stories' records, batch by batch. */
export async function* exportBatches(
  prepared: PreparedSearch,
  site: Site,
  options: ExportOptions = {}
): AsyncGenerator<ExportRecord[]> {
  let written = 0
  const since = options.since ? options.since.toISOString() : null
  for await (const batch of matchingBatches(prepared, { batch: options.batch })) {
    let cursors = since ? batch.filter((cursor) => cursor.at >= since) : batch
    if (options.limit !== undefined) cursors = cursors.slice(0, options.limit - written)
    if (cursors.length) {
      const records = await recordsOf(cursors, site)
      written += records.length
      yield records
      options.onProgress?.(written)
    }
    /* Newest first: once a batch reaches past the period or the limit, nothing later belongs. */
    if (cursors.length < batch.length) return
    if (options.limit !== undefined && written >= options.limit) return
  }
}

async function writeTo(out: Writable, chunk: unknown) {
  if (!out.write(chunk)) await once(out, 'drain')
}

/** Writes the stories as CSV (a header row, then one row per story); resolves with the count. */
export async function writeCsv(
  prepared: PreparedSearch,
  site: Site,
  out: Writable,
  options: ExportOptions = {}
) {
  const csv = stringify({ header: true, columns: [...EXPORT_COLUMNS], bom: false })
  csv.pipe(out)
  let count = 0
  for await (const records of exportBatches(prepared, site, options)) {
    for (const record of records) await writeTo(csv, record)
    count += records.length
  }
  csv.end()
  await once(csv, 'end')
  return count
}

/** Adds the stories sheet to a streaming workbook, row by row; resolves with the count. */
export async function addStoriesSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  prepared: PreparedSearch,
  site: Site,
  options: ExportOptions & { sheetName?: string } = {}
) {
  const sheet = workbook.addWorksheet(options.sheetName ?? 'Stories')
  sheet.addRow([...EXPORT_COLUMNS]).commit()
  let count = 0
  for await (const records of exportBatches(prepared, site, options)) {
    for (const record of records) sheet.addRow(EXPORT_COLUMNS.map((key) => record[key])).commit()
    count += records.length
  }
  sheet.commit()
  return count
}

/** A streaming workbook writing into `out`. */
export function xlsxWriter(out: Writable) {
  return new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
  })
}

/** Writes the stories as an XLSX workbook with one sheet; resolves with the count. */
export async function writeXlsx(
  prepared: PreparedSearch,
  site: Site,
  out: Writable,
  options: ExportOptions = {}
) {
  const workbook = xlsxWriter(out)
  const count = await addStoriesSheet(workbook, prepared, site, options)
  await workbook.commit()
  return count
}

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
}
