/**
 * The staff story search: the public story search (its words, filters and
 * rules, #services/reading/story_search) plus staff-only filters —
 * criticality, not yet read by me, no response after N days, responded by
 * me or by my service — over the stories the member of staff covers.
 *
 * Guarantees:
 * - publicly visible stories of the current tenant only: candidates come
 *   from the public search function, newest first, in batches;
 * - a responder sees only stories listed under the services they cover
 *   (#services/responses/responder_coverage, the one rule); moderators and
 *   tenant admins see the whole tenant; anyone else sees nothing;
 * - one staff filter definition, used by the page, exports, reports,
 *   dashboards and saved-search alerts alike;
 * - a page reads a bounded number of candidates (PAGE_SCAN_LIMIT): when the
 *   staff filters are very selective the page says so and continues from
 *   where it stopped, so no request walks a whole tenant.
 */
import { DateTime } from 'luxon'
import Service from '#models/service'
import Story from '#models/story'
import type { StaffRights } from '#services/accounts/staff_rights'
import { ancestryIdsSql, inboxServiceIds } from '#services/responses/responder_coverage'
import {
  newestMatches,
  resolveSearch,
  searchCriteria,
  storyMatchesSearch,
  searchQueryString,
  type NewestCursor,
  type ResolvedSearch,
  type SearchInput,
  type SearchNotice,
} from '#services/reading/story_search'

export const STAFF_PAGE_SIZE = 25
const BATCH = 500
const PAGE_SCAN_LIMIT = 10_000
export const RESPONDED_BY = ['me', 'my_service'] as const
export const MAX_NO_RESPONSE_DAYS = 3650

/** The public search's fields, without order and cursor. */
export type PublicCriteria = Omit<SearchInput, 'after' | 'order'>

/** What a staff search asks: the public fields and the staff-only ones. */
export type StaffCriteria = PublicCriteria & {
  /** At least this criticality (1–5). */
  criticality: number | null
  /** Not yet read by the member of staff searching. */
  unread: boolean
  /** Published at least this many days ago and still without a response. */
  noResponseDays: number | null
  respondedBy: (typeof RESPONDED_BY)[number] | null
}

export type StaffNotice = SearchNotice | 'outsideCoverage' | 'noServiceOfMine'

/** Who is searching: their rights in the tenant and their user id. */
export type Searcher = { userId: number; rights: StaffRights }

function one(value: unknown): string {
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' ? first : typeof first === 'number' ? String(first) : ''
}

/**
 * A staff search from a query string or a saved search's JSON: the public
 * part read by the public search's own rules, the staff part checked here;
 * anything odd becomes "not given" (the public search reports unknown
 * services, areas, tags and bad dates as notices).
 */
export function staffCriteria(query: Record<string, unknown>): StaffCriteria {
  const common = searchCriteria(query)
  const criticality = one(query.criticality)
  const days = one(query.noResponseDays)
  const respondedBy = one(query.respondedBy)
  return {
    ...common,
    q: common.q.slice(0, 500),
    criticality: /^[1-5]$/.test(criticality) ? Number(criticality) : null,
    unread: ['1', 'true', 'on'].includes(one(query.unread)) || query.unread === true,
    noResponseDays:
      /^\d{1,4}$/.test(days) && Number(days) >= 1 && Number(days) <= MAX_NO_RESPONSE_DAYS
        ? Number(days)
        : null,
    respondedBy: (RESPONDED_BY as readonly string[]).includes(respondedBy)
      ? (respondedBy as StaffCriteria['respondedBy'])
      : null,
  }
}

/** The criteria as a query string (links, exports, saved searches), without the cursor. */
export function staffQueryString(criteria: StaffCriteria, extra: Record<string, string> = {}) {
  const params = new URLSearchParams(
    /* Staff results are always newest first: no order in the string. */
    searchQueryString({ ...criteria, order: 'relevance', after: null })
  )
  if (criteria.criticality) params.set('criticality', String(criteria.criticality))
  if (criteria.unread) params.set('unread', '1')
  if (criteria.noResponseDays) params.set('noResponseDays', String(criteria.noResponseDays))
  if (criteria.respondedBy) params.set('respondedBy', criteria.respondedBy)
  for (const [key, value] of Object.entries(extra)) params.set(key, value)
  return params.toString()
}

/** True when the criteria ask for nothing at all (every story one covers). */
export function isEmptyCriteria(criteria: StaffCriteria) {
  return staffQueryString(criteria) === ''
}

export function parseStaffCursor(raw: unknown): NewestCursor | null {
  const match = one(raw).match(/^(\d{4}-\d\d-\d\dT[\d:.]+Z)_(\d{1,18})$/)
  if (!match || Number.isNaN(Date.parse(match[1]))) return null
  return { at: match[1], id: Number(match[2]) }
}

export function staffCursorText(cursor: NewestCursor) {
  return `${cursor.at}_${cursor.id}`
}

/** A staff search resolved once: the public part, the coverage and the staff filters. */
export type PreparedSearch = {
  criteria: StaffCriteria
  search: ResolvedSearch
  notices: StaffNotice[]
  /** Nothing can match (outside one's coverage, no rights). */
  empty: boolean
  /** The service the candidates are read under (a covered one, or the chosen one). */
  driver: { id: number } | null
  /** Responder services to check each candidate against; null when not needed. */
  coverage: number[] | null
  searcher: Searcher
}

export async function prepareStaffSearch(
  searcher: Searcher,
  criteria: StaffCriteria
): Promise<PreparedSearch> {
  const search = await resolveSearch(criteria)
  const notices: StaffNotice[] = [...search.notices]
  const scopeIds = inboxServiceIds(searcher.rights)
  const prepared: PreparedSearch = {
    criteria,
    search,
    notices,
    empty: false,
    driver: search.filters.service,
    coverage: null,
    searcher,
  }
  if (criteria.respondedBy === 'my_service' && !searcher.rights.responderServiceIds.length)
    notices.push('noServiceOfMine')
  if (scopeIds === null) return prepared
  if (!scopeIds.length) return { ...prepared, empty: true }
  const own = await Service.query().whereIn('id', [...scopeIds])
  const chosen = search.filters.service
  if (chosen) {
    /* A chosen service inside one's coverage needs no further check: its subtree is covered. */
    if (!own.some((service) => chosen.path.startsWith(service.path))) {
      notices.push('outsideCoverage')
      return { ...prepared, empty: true }
    }
    return prepared
  }
  if (own.length === 1) return { ...prepared, driver: own[0] }
  return { ...prepared, coverage: own.map((service) => service.id) }
}

/** Of `ids`, those that also pass the coverage and staff-only filters. */
async function passingStaffFilters(prepared: PreparedSearch, ids: number[]) {
  const { criteria, searcher, coverage } = prepared
  /* Nothing to check: the search function already applied every other rule. */
  const staffOnly = coverage || criteria.criticality || criteria.unread || criteria.noResponseDays
  if (!staffOnly && !criteria.respondedBy) return new Set(ids)
  const query = Story.publiclyVisible(Story.query()).whereIn('stories.id', ids).select('stories.id')
  if (coverage)
    query.whereRaw(
      `exists (select 1 from story_listings l where l.tenant_id = stories.tenant_id and l.story_id = stories.id
                and l.kind = 'service' and l.target_id = any(?))`,
      [coverage]
    )
  if (criteria.criticality) query.where('stories.criticality', '>=', criteria.criticality)
  if (criteria.unread)
    query.whereRaw(
      `not exists (select 1 from story_views v where v.tenant_id = stories.tenant_id
                    and v.story_id = stories.id and v.user_id = ?)`,
      [searcher.userId]
    )
  if (criteria.noResponseDays)
    query
      .whereNull('stories.first_response_at')
      .where(
        'stories.published_at',
        '<=',
        DateTime.now().minus({ days: criteria.noResponseDays }).toSQL()!
      )
  if (criteria.respondedBy === 'me')
    query.whereRaw(
      `exists (select 1 from responses r where r.tenant_id = stories.tenant_id
                and r.story_id = stories.id and r.author_id = ?)`,
      [searcher.userId]
    )
  if (criteria.respondedBy === 'my_service')
    query.whereRaw(
      `exists (select 1 from responses r
                 join services sv on sv.tenant_id = r.tenant_id and sv.id = r.service_id
                where r.tenant_id = stories.tenant_id and r.story_id = stories.id
                  and exists (select 1 from (select ${ancestryIdsSql('sv.path')} as ancestor) a
                               where a.ancestor = any(?::bigint[])))`,
      [[...searcher.rights.responderServiceIds]]
    )
  const rows = await query
  return new Set(rows.map((row) => row.id))
}

/**
 * The matching stories, newest first, in batches of ids (for exports and
 * reports: memory stays at one batch, whatever the number of matches).
 */
export async function* matchingBatches(
  prepared: PreparedSearch,
  options: { after?: NewestCursor | null; batch?: number } = {}
): AsyncGenerator<NewestCursor[]> {
  if (prepared.empty) return
  const batch = options.batch ?? BATCH
  let after = options.after ?? null
  while (true) {
    const candidates = await newestMatches(prepared.search, after, batch, prepared.driver)
    if (!candidates.length) return
    const passing = await passingStaffFilters(
      prepared,
      candidates.map((row) => row.id)
    )
    const matches = candidates.filter((row) => passing.has(row.id))
    if (matches.length) yield matches
    if (candidates.length < batch) return
    after = candidates[candidates.length - 1]
  }
}

export type StaffSearchPage = {
  prepared: PreparedSearch
  stories: Story[]
  /** Where the next page starts, or null at the end. */
  next: string | null
  /** The page stopped at PAGE_SCAN_LIMIT candidates, not at a full page. */
  partial: boolean
}

/** One page of a staff search, with each story's services. */
export async function staffSearchPage(
  searcher: Searcher,
  criteria: StaffCriteria,
  cursor: NewestCursor | null,
  size = STAFF_PAGE_SIZE
): Promise<StaffSearchPage> {
  const prepared = await prepareStaffSearch(searcher, criteria)
  const found: NewestCursor[] = []
  let after = cursor
  let scanned = 0
  let stoppedEarly = false
  while (!prepared.empty && found.length <= size) {
    if (scanned >= PAGE_SCAN_LIMIT) {
      stoppedEarly = true
      break
    }
    const candidates = await newestMatches(prepared.search, after, BATCH, prepared.driver)
    scanned += candidates.length
    const passing = candidates.length
      ? await passingStaffFilters(
          prepared,
          candidates.map((row) => row.id)
        )
      : new Set<number>()
    for (const row of candidates) {
      if (passing.has(row.id) && found.push(row) > size) break
    }
    if (candidates.length < BATCH) break
    after = candidates[candidates.length - 1]
  }
  const shown = found.slice(0, size)
  const loaded = await Story.publiclyVisible(Story.query())
    .whereIn(
      'id',
      shown.map((row) => row.id)
    )
    .preload('services')
  const byId = new Map(loaded.map((story) => [story.id, story]))
  const next = found.length > size ? shown[shown.length - 1] : stoppedEarly ? after : null
  return {
    prepared,
    stories: shown.map((row) => byId.get(row.id)).filter((story): story is Story => !!story),
    next: next ? staffCursorText(next) : null,
    partial: stoppedEarly && found.length <= size,
  }
}

/**
 * Whether one newly published story matches a staff search (saved-search
 * alerts): the public part by the search function, then the staff filters.
 */
export async function storyMatchesStaffSearch(
  prepared: PreparedSearch,
  story: { id: number; publishedAt: DateTime | null }
) {
  if (prepared.empty || !story.publishedAt) return false
  const search = prepared.driver
    ? {
        ...prepared.search,
        filters: { ...prepared.search.filters, service: prepared.driver as never },
      }
    : prepared.search
  if (!(await storyMatchesSearch(search, story))) return false
  const passing = await passingStaffFilters(prepared, [story.id])
  return passing.has(story.id)
}

/** Staff filters given but not understood, as notices the page shows (never a silent drop). */
export function criteriaProblems(query: Record<string, unknown>): ('badCriticality' | 'badDays')[] {
  const criteria = staffCriteria(query)
  const problems: ('badCriticality' | 'badDays')[] = []
  if (one(query.criticality) && criteria.criticality === null) problems.push('badCriticality')
  if (one(query.noResponseDays) && criteria.noResponseDays === null) problems.push('badDays')
  return problems
}

/** The services offered as a filter: one's own and those just below them, or the tenant's top two levels. */
export async function serviceChoices(rights: StaffRights) {
  const own = inboxServiceIds(rights)
  if (own === null) return Service.query().where('depth', '<=', 1).orderBy('path').limit(300)
  if (!own.length) return []
  return Service.query()
    .where((query) => query.whereIn('id', [...own]).orWhereIn('parent_id', [...own]))
    .orderBy('path')
    .limit(300)
}

const STAFF_NOTICES = ['outsideCoverage', 'noServiceOfMine', 'badCriticality', 'badDays']

/** The catalog key of a notice: the public search's wording, or the staff search's own. */
export function noticeKey(notice: string) {
  return STAFF_NOTICES.includes(notice) ? `searches.notices.${notice}` : `reading.notices.${notice}`
}
