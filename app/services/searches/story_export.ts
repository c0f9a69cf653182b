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
import Response from '#models/response'
import Story from '#models/story'
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

function responseText(response: Response) {
  const change = response.changeKind ? ` [change ${response.changeKind}]` : ''
  return `${response.service?.name ?? ''} – ${response.authorName}${change}: ${response.body}`
}

/** One batch of stories as records, in the order of `cursors`: four queries per batch. */
async function recordsOf(cursors: NewestCursor[], site: Site): Promise<ExportRecord[]> {
  const ids = cursors.map((cursor) => cursor.id)
  const stories = await Story.publiclyVisible(Story.query())
    .whereIn('id', ids)
    .preload('services')
    .preload('tags')
  const responses = await Response.query().whereIn('story_id', ids).preload('service').orderBy('id')
  const byStory = new Map<number, Response[]>()
  for (const response of responses)
    byStory.set(response.storyId, [...(byStory.get(response.storyId) ?? []), response])
  const byId = new Map(stories.map((story) => [story.id, story]))
  return ids.flatMap((id) => {
    const story = byId.get(id)
    if (!story) return []
    const own = byStory.get(id) ?? []
    return [
      {
        id: story.id,
        url: siteUrl(site, `/stories/${story.id}`),
        title: defused(story.publicTitle ?? ''),
        text: defused(story.publicBody ?? ''),
        services: defused(story.services.map((service) => service.name).join('; ')),
        service_refs: defused(story.services.map((service) => service.ref).join('; ')),
        tags: defused(story.tags.map((tag) => `${tag.question}: ${tag.label}`).join('; ')),
        author_role: story.authorRole,
        age_band: story.ageBand,
        happened_on: story.happenedOn?.toISODate() ?? '',
        published_at: story.publishedAt?.toUTC().toISO() ?? '',
        criticality: story.criticality ?? '',
        progress: story.progress,
        staff_views: story.staffViews,
        first_response_at: story.firstResponseAt?.toUTC().toISO() ?? '',
        responses_count: own.length,
        responses: defused(own.map(responseText).join('\n\n')),
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
