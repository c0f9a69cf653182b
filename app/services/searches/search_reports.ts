/**
 * Scheduled reports of saved searches: weekly or monthly, an email with a
 * summary and the matching stories published in the period (with their
 * responses) as CSV and XLSX.
 *
 * Guarantees:
 * - the stories its owner may see now, by the staff search's own rules;
 * - small numbers are suppressed: in every breakdown by author role or
 *   age band a count of SMALL_NUMBER or fewer reads "10 or fewer", and the
 *   story rows of a report leave those two columns out, so no row can
 *   undo the suppression;
 * - at most REPORT_LIMIT stories per report (the summary says when more matched);
 * - each period is sent once: `last_report_at` is set in the job's
 *   transaction with the queued mail, which carries a dedupe key.
 */
import { DateTime } from 'luxon'
import { stringify } from 'csv-stringify/sync'
import ExcelJS from 'exceljs'
import i18nManager from '@adonisjs/i18n/services/main'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import SavedSearch from '#models/saved_search'
import { AGE_BANDS, AUTHOR_ROLES } from '#models/story'
import Tenant from '#models/tenant'
import { tenancy } from '#tenancy/context'
import { siteOfTenant, siteUrl, type Site } from '#tenancy/site'
import { recipientLocale } from '#mails/app_mail'
import { SearchReportMail } from '#mails/search_report_mail'
import { PROGRESS_STATES } from '#services/stories/story_progress'
import { criteriaOf, ownerOf } from '#services/searches/saved_searches'
import { prepareStaffSearch, type PreparedSearch } from '#services/searches/staff_search'
import {
  EXPORT_COLUMNS,
  EXPORT_CONTENT_TYPES,
  exportBatches,
  type ExportRecord,
} from '#services/searches/story_export'

export const SMALL_NUMBER = 10
export const REPORT_LIMIT = 5000
/** Columns a report's story rows leave out: they are suppressed breakdowns. */
const SUPPRESSED_COLUMNS = ['author_role', 'age_band'] as const
export const REPORT_COLUMNS = EXPORT_COLUMNS.filter(
  (column) => !(SUPPRESSED_COLUMNS as readonly string[]).includes(column)
)

type Translate = (key: string, data?: Record<string, unknown>) => string

/** A count as a report may show it in a breakdown by author role or age band. */
export function suppressed(count: number, t: Translate) {
  return count <= SMALL_NUMBER ? t('searches.report.tenOrFewer') : String(count)
}

export type ReportLine = { label: string; value: string }
export type ReportSection = { title: string; lines: ReportLine[] }

function tally<T extends string | number>(records: ExportRecord[], key: keyof ExportRecord) {
  const counts = new Map<T, number>()
  for (const record of records) {
    const value = record[key] as T
    counts.set(value, (counts.get(value) ?? 0) + 1)
  }
  return counts
}

/** The summary of a report's stories, breakdown by breakdown. */
export function reportSummary(records: ExportRecord[], t: Translate, more: boolean) {
  const progress = tally<string>(records, 'progress')
  const criticality = tally<number | string>(records, 'criticality')
  const roles = tally<string>(records, 'author_role')
  const ages = tally<string>(records, 'age_band')
  const responded = records.filter((record) => Number(record.responses_count) > 0).length
  const sections: ReportSection[] = [
    {
      title: t('searches.report.totals'),
      lines: [
        {
          label: t('searches.report.stories'),
          value: more
            ? t('searches.report.atLeast', { count: records.length })
            : String(records.length),
        },
        { label: t('searches.report.responded'), value: String(responded) },
      ],
    },
    {
      title: t('searches.report.byProgress'),
      lines: PROGRESS_STATES.map((state) => ({
        label: t(`responses.inbox.state_${state}`),
        value: String(progress.get(state) ?? 0),
      })),
    },
    {
      title: t('searches.report.byCriticality'),
      lines: [0, 1, 2, 3, 4, 5].map((level) => ({
        label: t(`moderation.levels.${level}`),
        value: String(
          (criticality.get(level) ?? 0) + (level === 0 ? (criticality.get('') ?? 0) : 0)
        ),
      })),
    },
    {
      title: t('searches.report.byRole'),
      lines: AUTHOR_ROLES.map((role) => ({
        label: t(`reading.roles.${role}`),
        value: suppressed(roles.get(role) ?? 0, t),
      })),
    },
    {
      title: t('searches.report.byAge'),
      lines: AGE_BANDS.map((band) => ({
        label: t(`stories.ageBands.${band}`),
        value: suppressed(ages.get(band) ?? 0, t),
      })),
    },
  ]
  return sections
}

export function summaryText(sections: ReportSection[]) {
  return sections
    .map(
      (section) =>
        `${section.title}\n${section.lines.map((line) => `  ${line.label}: ${line.value}`).join('\n')}`
    )
    .join('\n\n')
}

/** The stories of a report (published in [start, end)), at most REPORT_LIMIT + 1 to know of more. */
async function reportRecords(prepared: PreparedSearch, site: Site, start: DateTime, end: DateTime) {
  const records: ExportRecord[] = []
  const endAt = end.toUTC().toISO()!
  for await (const batch of exportBatches(prepared, site, {
    since: start.toJSDate(),
    limit: REPORT_LIMIT + 1,
  })) {
    records.push(...batch.filter((record) => String(record.published_at) < endAt))
  }
  return { records: records.slice(0, REPORT_LIMIT), more: records.length > REPORT_LIMIT }
}

/** The report's files: a CSV of the stories, and an XLSX with the summary and the stories. */
export async function reportFiles(
  records: ExportRecord[],
  sections: ReportSection[],
  t: Translate
) {
  const rows = records.map((record) => REPORT_COLUMNS.map((column) => record[column]))
  const csv = Buffer.from(stringify([[...REPORT_COLUMNS], ...rows]), 'utf8')
  const workbook = new ExcelJS.Workbook()
  const summary = workbook.addWorksheet(t('searches.report.summarySheet'))
  for (const section of sections) {
    summary.addRow([section.title])
    for (const line of section.lines) summary.addRow([line.label, line.value])
    summary.addRow([])
  }
  const stories = workbook.addWorksheet(t('searches.report.storiesSheet'))
  stories.addRow([...REPORT_COLUMNS])
  for (const row of rows) stories.addRow(row)
  const xlsx = Buffer.from(await workbook.xlsx.writeBuffer())
  return { csv, xlsx }
}

/** When a report is due: weekly every 7 days, monthly every calendar month, from its last one. */
export function reportPeriod(saved: SavedSearch, now: DateTime) {
  if (saved.reportSchedule === 'none') return null
  const length = saved.reportSchedule === 'weekly' ? { days: 7 } : { months: 1 }
  const start = now.minus(length)
  if (saved.lastReportAt && saved.lastReportAt > start.plus({ hours: 1 })) return null
  return { start, end: now }
}

/** Sends the reports due in the current tenant; returns how many were queued. */
export async function sendDueReports(client: TransactionClientContract, now = DateTime.now()) {
  const tenant = await Tenant.findOrFail(tenancy.require().id, { client })
  const searches = await SavedSearch.query({ client })
    .whereNot('report_schedule', 'none')
    .orderBy('id')
    .forUpdate()
  let site: Site | null = null
  let sent = 0
  for (const saved of searches) {
    const period = reportPeriod(saved, now)
    if (!period) continue
    const owner = await ownerOf(saved)
    saved.useTransaction(client)
    saved.lastReportAt = now
    await saved.save()
    if (!owner) continue
    site ??= await siteOfTenant(tenant)
    const locale = recipientLocale(tenant, owner.user.locale)
    const i18n = i18nManager.locale(locale)
    const t: Translate = (key, data) => i18n.t(key, data)
    const prepared = await prepareStaffSearch(owner.searcher, criteriaOf(saved))
    const { records, more } = await reportRecords(prepared, site, period.start, period.end)
    const sections = reportSummary(records, t, more)
    const files = await reportFiles(records, sections, t)
    const stamp = period.end.toFormat('yyyy-MM-dd')
    const periodText = `${period.start.toISODate()} – ${period.end.toISODate()}`
    await new SearchReportMail(tenant, owner.user.email, locale, {
      searchName: saved.name,
      period: periodText,
      summary: summaryText(sections),
      dashboardUrl: siteUrl(site, `/staff/saved-searches/${saved.id}/dashboard`),
      files: [
        {
          filename: `report-${stamp}.csv`,
          contentType: EXPORT_CONTENT_TYPES.csv,
          content: files.csv,
        },
        {
          filename: `report-${stamp}.xlsx`,
          contentType: EXPORT_CONTENT_TYPES.xlsx,
          content: files.xlsx,
        },
      ],
    }).queue({ client, dedupeKey: `search-report:${tenant.id}:${saved.id}:${stamp}` })
    sent++
  }
  return sent
}
