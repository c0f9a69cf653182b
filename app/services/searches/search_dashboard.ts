/**
 * The dashboard of a saved search: charts of the stories it matches that
 * were published in the last twelve months — stories per month, median
 * days to a first response per month, criticality, progress and the most
 * frequent tags — drawn by #services/reading/charts (server-side SVG, each
 * with its summary and table).
 *
 * Guarantees: the stories its owner may see now, by the staff search's
 * rules; read in batches (at most DASHBOARD_LIMIT stories, the page says
 * when more matched); two light queries per batch.
 */
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import Story from '#models/story'
import { tenancy } from '#tenancy/context'
import { PROGRESS_STATES } from '#services/stories/story_progress'
import { barChart, columnChart, type FigureChart } from '#services/reading/charts'
import { matchingBatches, type PreparedSearch } from '#services/searches/staff_search'

export const DASHBOARD_LIMIT = 50_000
const TOP_TAGS = 10

type Translate = (key: string, data?: Record<string, unknown>) => string

export type DashboardFigures = {
  total: number
  more: boolean
  months: { start: DateTime; stories: number; medianDays: number | null }[]
  criticality: number[]
  progress: Record<string, number>
  tags: { label: string; count: number }[]
}

function median(values: number[]) {
  if (!values.length) return null
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  const value = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  return Math.round(value * 10) / 10
}

export async function dashboardFigures(prepared: PreparedSearch): Promise<DashboardFigures> {
  const tenantId = tenancy.require().id
  const first = DateTime.utc().startOf('month').minus({ months: 11 })
  const since = first.toISO()!
  const months = Array.from({ length: 12 }, (_, index) => first.plus({ months: index }))
  const perMonth = months.map(() => ({ stories: 0, days: [] as number[] }))
  const criticality = [0, 0, 0, 0, 0, 0]
  const progress: Record<string, number> = Object.fromEntries(PROGRESS_STATES.map((s) => [s, 0]))
  const tagCounts = new Map<number, number>()
  let total = 0
  let more = false
  outer: for await (const batch of matchingBatches(prepared)) {
    const inPeriod = batch.filter((cursor) => cursor.at >= since)
    let ids = inPeriod.map((cursor) => cursor.id)
    if (total + ids.length > DASHBOARD_LIMIT) {
      ids = ids.slice(0, DASHBOARD_LIMIT - total)
      more = true
    }
    if (ids.length) {
      const stories = await Story.query()
        .whereIn('id', ids)
        .select('id', 'published_at', 'first_response_at', 'criticality', 'progress')
      for (const story of stories) {
        const published = story.publishedAt!.toUTC()
        const index = Math.floor(published.diff(first, 'months').months)
        const month = perMonth[Math.min(11, Math.max(0, index))]
        month.stories++
        if (story.firstResponseAt)
          month.days.push(story.firstResponseAt.diff(story.publishedAt!, 'days').days)
        criticality[story.criticality ?? 0]++
        progress[story.progress] = (progress[story.progress] ?? 0) + 1
      }
      const { rows } = await db.rawQuery<{ rows: { tag_id: string; count: number }[] }>(
        `select tag_id, count(*)::int as count from story_tag_links
          where tenant_id = ? and story_id = any(?) group by tag_id`,
        [tenantId, ids]
      )
      for (const row of rows)
        tagCounts.set(Number(row.tag_id), (tagCounts.get(Number(row.tag_id)) ?? 0) + row.count)
      total += stories.length
    }
    if (more || inPeriod.length < batch.length) break outer
  }
  const top = [...tagCounts.entries()].sort((a, b) => b[1] - a[1]).slice(0, TOP_TAGS)
  const labels = top.length
    ? await db.rawQuery<{ rows: { id: string; label: string; question: string }[] }>(
        'select id, label, question from story_tags where tenant_id = ? and id = any(?)',
        [tenantId, top.map(([id]) => id)]
      )
    : { rows: [] }
  const labelOf = new Map(labels.rows.map((row) => [Number(row.id), row]))
  return {
    total,
    more,
    months: months.map((start, index) => ({
      start,
      stories: perMonth[index].stories,
      medianDays: median(perMonth[index].days),
    })),
    criticality,
    progress,
    tags: top.map(([id, count]) => ({ label: labelOf.get(id)?.label ?? String(id), count })),
  }
}

/** The dashboard's charts, each with a summary and a table. */
export function dashboardCharts(
  figures: DashboardFigures,
  t: Translate,
  colour: string
): FigureChart[] {
  const monthName = (start: DateTime) => `${t(`stories.months.${start.month}`)} ${start.year}`
  const short = (start: DateTime) => t(`stories.months.${start.month}`).slice(0, 3)
  const charts: FigureChart[] = []
  const add = (
    id: string,
    title: string,
    summary: string,
    draw: typeof barChart,
    bars: { label: string; value: number | null; display: string; row: string }[]
  ) =>
    charts.push({
      id,
      title,
      summary,
      svg: draw({ id, title, summary, colour, bars }),
      table: {
        headers: [t('searches.dashboard.item'), t('searches.dashboard.value')],
        rows: bars.map((bar) => [bar.row, bar.display]),
      },
    })
  add(
    'chart-search-stories',
    t('searches.dashboard.perMonth'),
    t('searches.dashboard.perMonthSummary', { total: figures.total }),
    columnChart,
    figures.months.map((month) => ({
      label: short(month.start),
      row: monthName(month.start),
      value: month.stories,
      display: String(month.stories),
    }))
  )
  const medians = figures.months.filter((month) => month.medianDays !== null)
  add(
    'chart-search-response',
    t('searches.dashboard.responseTimes'),
    medians.length
      ? t('searches.dashboard.responseTimesSummary', {
          days: median(medians.map((month) => month.medianDays!)),
        })
      : t('searches.dashboard.noResponses'),
    columnChart,
    figures.months.map((month) => ({
      label: short(month.start),
      row: monthName(month.start),
      value: month.medianDays,
      display: month.medianDays === null ? '–' : String(month.medianDays),
    }))
  )
  add(
    'chart-search-criticality',
    t('searches.dashboard.criticality'),
    t('searches.dashboard.criticalitySummary', {
      count: figures.criticality.slice(4).reduce((sum, value) => sum + value, 0),
    }),
    barChart,
    figures.criticality.map((count, level) => ({
      label: t(`moderation.levels.${level}`),
      row: t(`moderation.levels.${level}`),
      value: count,
      display: String(count),
    }))
  )
  add(
    'chart-search-progress',
    t('searches.dashboard.progress'),
    t('searches.dashboard.progressSummary', {
      count:
        (figures.progress.responded ?? 0) +
        (figures.progress.change_planned ?? 0) +
        (figures.progress.change_made ?? 0),
      total: figures.total,
    }),
    barChart,
    PROGRESS_STATES.map((state) => ({
      label: t(`responses.inbox.state_${state}`),
      row: t(`responses.inbox.state_${state}`),
      value: figures.progress[state] ?? 0,
      display: String(figures.progress[state] ?? 0),
    }))
  )
  add(
    'chart-search-tags',
    t('searches.dashboard.tags'),
    figures.tags.length
      ? t('searches.dashboard.tagsSummary', {
          tag: figures.tags[0].label,
          count: figures.tags[0].count,
        })
      : t('searches.dashboard.noTags'),
    barChart,
    figures.tags.map((tag) => ({
      label: tag.label,
      row: tag.label,
      value: tag.count,
      display: String(tag.count),
    }))
  )
  return charts
}
