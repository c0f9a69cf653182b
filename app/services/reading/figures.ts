/**
 * The figures of a tenant, a service (with everything below it) or an area
 * (with its localities) over the last 12 months: stories per month, share
 * responded to per month, median days to a first response per month and
 * overall, changes made, and the most frequent positive and negative tags.
 *
 * Service and area figures read one range of the story_listings index
 * (rows exist only for publicly visible stories, see #services/story_listings);
 * the tenant's read its published stories. Every statement names the
 * current tenant. The tenant's figures are kept for a few minutes, as
 * every home page shows them.
 */
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { publiclyVisibleSql } from '#models/story'
import { tenancy } from '#tenancy/context'

export type FiguresScope = { kind: 'tenant' } | { kind: 'service' | 'area'; id: number }

export type MonthFigures = {
  /** YYYY-MM */
  month: string
  year: number
  monthNumber: number
  stories: number
  responded: number
  /** Percent of the month's stories with a response, null when none. */
  responseRate: number | null
  medianDays: number | null
}

export type TagCount = { id: number; label: string; count: number }

export type Figures = {
  stories: number
  responded: number
  responseRate: number | null
  medianDays: number | null
  changesMade: number
  months: MonthFigures[]
  good: TagCount[]
  improve: TagCount[]
}

const TOP_TAGS = 5
/* Tests change stories between requests: no cache there. */
const CACHE_MS = app.inTest ? 0 : 5 * 60 * 1000
const tenantCache = new Map<number, { at: number; figures: Figures }>()

function days(seconds: unknown) {
  return seconds === null || seconds === undefined
    ? null
    : Math.round((Number(seconds) / 86400) * 10) / 10
}

/** The twelve months ending with this one, oldest first. */
function lastTwelveMonths() {
  const start = DateTime.utc().startOf('month').minus({ months: 11 })
  return Array.from({ length: 12 }, (_, index) => start.plus({ months: index }))
}

function source(scope: FiguresScope, tenantId: number): [string, unknown[]] {
  if (scope.kind === 'tenant') {
    return [
      `(select s.published_at, s.first_response_at, s.id as story_id,
               (select count(*) from responses r where r.tenant_id = s.tenant_id and r.story_id = s.id
                   and r.change_kind = 'made' and r.change_status = 'confirmed') as changes_made
          from stories s
         where s.tenant_id = ? and ${publiclyVisibleSql('s')} and s.published_at >= ?) f`,
      [tenantId],
    ]
  }
  return [
    `(select published_at, first_response_at, story_id, changes_made from story_listings
       where tenant_id = ? and kind = ? and target_id = ? and published_at >= ?) f`,
    [tenantId, scope.kind, scope.id],
  ]
}

async function compute(scope: FiguresScope): Promise<Figures> {
  const tenantId = tenancy.require().id
  const months = lastTwelveMonths()
  const since = months[0].toISO()!
  const [from, bindings] = source(scope, tenantId)
  const median = `percentile_cont(0.5) within group (order by extract(epoch from first_response_at - published_at))
                    filter (where first_response_at is not null)`
  const result = await db.rawQuery<{ rows: Record<string, unknown>[] }>(
    `select m.month, count(*)::int as stories, count(m.first_response_at)::int as responded,
            ${median} as median_seconds, coalesce(sum(m.changes_made), 0)::int as changes_made,
            grouping(m.month) as is_total
       from (select to_char(date_trunc('month', f.published_at at time zone 'UTC'), 'YYYY-MM') as month, f.*
               from ${from}) m
      group by rollup(m.month)`,
    [...bindings, since]
  )
  const tagSource =
    scope.kind === 'tenant'
      ? `story_listings l where l.tenant_id = ? and l.kind = 'tag' and l.published_at >= ?`
      : `story_listings l join story_tag_links tl on tl.tenant_id = l.tenant_id and tl.story_id = l.story_id
          where l.tenant_id = ? and l.kind = ? and l.target_id = ? and l.published_at >= ?`
  const tagColumn = scope.kind === 'tenant' ? 'l.target_id' : 'tl.tag_id'
  const tags = await db.rawQuery<{
    rows: { id: string; label: string; question: string; count: number }[]
  }>(
    `select t.id, t.label, t.question, c.count from (
       select ${tagColumn} as tag_id, count(*)::int as count from ${tagSource} group by 1
     ) c join story_tags t on t.tenant_id = ? and t.id = c.tag_id
     where t.question in ('good', 'improve')
     order by c.count desc, t.position, t.id`,
    scope.kind === 'tenant'
      ? [tenantId, since, tenantId]
      : [tenantId, scope.kind, scope.id, since, tenantId]
  )
  const total = result.rows.find((row) => Number(row.is_total) === 1) ?? {}
  const byMonth = new Map(
    result.rows.filter((row) => Number(row.is_total) !== 1).map((row) => [String(row.month), row])
  )
  const stories = Number(total.stories ?? 0)
  const responded = Number(total.responded ?? 0)
  const top = (question: string) =>
    tags.rows
      .filter((row) => row.question === question)
      .slice(0, TOP_TAGS)
      .map((row) => ({ id: Number(row.id), label: row.label, count: row.count }))
  return {
    stories,
    responded,
    responseRate: stories ? Math.round((responded / stories) * 100) : null,
    medianDays: days(total.median_seconds),
    changesMade: Number(total.changes_made ?? 0),
    months: months.map((start) => {
      const row = byMonth.get(start.toFormat('yyyy-MM'))
      const monthStories = Number(row?.stories ?? 0)
      const monthResponded = Number(row?.responded ?? 0)
      return {
        month: start.toFormat('yyyy-MM'),
        year: start.year,
        monthNumber: start.month,
        stories: monthStories,
        responded: monthResponded,
        responseRate: monthStories ? Math.round((monthResponded / monthStories) * 100) : null,
        medianDays: days(row?.median_seconds),
      }
    }),
    good: top('good'),
    improve: top('improve'),
  }
}

/** The figures of a scope of the current tenant. */
export async function figuresFor(scope: FiguresScope): Promise<Figures> {
  if (scope.kind !== 'tenant') return compute(scope)
  const tenantId = tenancy.require().id
  const cached = tenantCache.get(tenantId)
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.figures
  const figures = await compute(scope)
  tenantCache.set(tenantId, { at: Date.now(), figures })
  return figures
}

/** Forgets the cached tenant figures (tests, demo data). */
export function forgetTenantFigures() {
  tenantCache.clear()
}

/** The figures as CSV rows: one per month, then the top tags. */
export function figuresCsvRows(figures: Figures) {
  const rows: (string | number | null)[][] = [
    ['section', 'month', 'label', 'stories', 'responded', 'response_rate_percent', 'median_days'],
  ]
  for (const month of figures.months)
    rows.push([
      'month',
      month.month,
      '',
      month.stories,
      month.responded,
      month.responseRate,
      month.medianDays,
    ])
  rows.push([
    'total',
    '',
    '',
    figures.stories,
    figures.responded,
    figures.responseRate,
    figures.medianDays,
  ])
  for (const tag of figures.good) rows.push(['good_tag', '', tag.label, tag.count, '', '', ''])
  for (const tag of figures.improve)
    rows.push(['improve_tag', '', tag.label, tag.count, '', '', ''])
  return rows
}
