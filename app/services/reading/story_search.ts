/**
 * Story search: the reader's words and filters turned into one call of the
 * SQL function carevoice_search_stories (migration 1700000000700), then
 * the cards of the stories found.
 *
 * Guarantees:
 * - only publicly visible stories of the current tenant, matched on their
 *   moderated title and text (never the original): the function applies
 *   both rules itself, and the cards are loaded again through the scoped
 *   model and Story.publiclyVisible;
 * - any text is answered: words are cut down to letters and digits and
 *   quoted before PostgreSQL parses them, so search operators, quotes, NUL
 *   bytes or emoji cannot make a query fail; anything dropped is reported
 *   as a notice the page shows;
 * - filters combine (all must hold); unknown values are ignored, with a notice.
 */
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import Area from '#models/area'
import Service from '#models/service'
import { AUTHOR_ROLES } from '#models/story'
import StoryTag from '#models/story_tag'
import { tenancy } from '#tenancy/context'
import { storyCards, type StoryCard } from '#services/reading/story_cards'

export const SEARCH_PAGE_SIZE = 20
/** Counts stop here: "more than 500 stories". */
export const COUNT_CAP = 500
/**
 * A ranked search ranks the newest this many matches (all of them when
 * fewer): the same rows the count reads, so a common word costs one short
 * backward scan of the publication index, never a rank of every match.
 */
export const RELEVANCE_POOL = COUNT_CAP + 1
export const MAX_QUERY_CHARS = 500
export const MAX_TERMS = 12
/** More stories than ever share one millisecond of publication. */
const SAME_INSTANT_LIMIT = 100
const MAX_WORD_CHARS = 60

/** What readers choose among; each maps to stored progress values. */
export const PROGRESS_FILTERS = {
  not_responded: ['not_read', 'read'],
  responded: ['responded'],
  change_planned: ['change_planned'],
  change_made: ['change_made'],
} as const
export type ProgressFilter = keyof typeof PROGRESS_FILTERS

export type SearchNotice =
  | 'tooLong'
  | 'tooManyTerms'
  | 'wordTooLong'
  | 'nothingSearchable'
  | 'unknownService'
  | 'unknownArea'
  | 'unknownTag'
  | 'badDate'

export type ParsedQuery = { tsquery: string | null; notices: SearchNotice[] }

const WORD_PART = /[\p{L}\p{M}\p{N}]+/gu

/**
 * The reader's text as tsquery text: every word must match; "quoted words"
 * match as a phrase; a trailing * matches any ending. Lexemes are quoted
 * and hold only letters, marks and digits, so PostgreSQL always parses it.
 */
export function parseQuery(raw: string): ParsedQuery {
  const notices: SearchNotice[] = []
  /* Control characters (NUL included) are spaces; lone surrogates become U+FFFD. */
  let text = raw
    .toWellFormed()
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .normalize('NFC')
  if (text.length > MAX_QUERY_CHARS) {
    notices.push('tooLong')
    text = text.slice(0, MAX_QUERY_CHARS)
  }
  const terms: string[] = []
  let lexemes = 0
  for (const match of text.matchAll(/"([^"]*)"?|([^\s"]+)/g)) {
    const phrase = match[1] !== undefined
    const token = (match[1] ?? match[2] ?? '').toLowerCase()
    let parts = [...token.matchAll(WORD_PART)].map((part) => part[0])
    if (parts.some((part) => part.length > MAX_WORD_CHARS)) {
      notices.push('wordTooLong')
      parts = parts.filter((part) => part.length <= MAX_WORD_CHARS)
    }
    if (!parts.length) continue
    if (lexemes + parts.length > MAX_TERMS) {
      notices.push('tooManyTerms')
      break
    }
    lexemes += parts.length
    const prefix = !phrase && token.endsWith('*')
    const quoted = parts.map((part) => `'${part}'`)
    if (prefix) quoted[quoted.length - 1] += ':*'
    terms.push(quoted.length > 1 ? `(${quoted.join(' <-> ')})` : quoted[0])
  }
  if (!terms.length && text.trim()) notices.push('nothingSearchable')
  return { tsquery: terms.length ? terms.join(' & ') : null, notices: [...new Set(notices)] }
}

export type SearchInput = {
  q: string
  order: 'relevance' | 'newest'
  service: string | null
  area: string | null
  tag: number | null
  progress: ProgressFilter[]
  role: (typeof AUTHOR_ROLES)[number] | null
  from: string | null
  to: string | null
  after: string | null
}

function one(value: unknown): string {
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' ? first : ''
}

function many(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).filter(
    (item): item is string => typeof item === 'string'
  )
}

const DAY = /^\d{4}-\d{2}-\d{2}$/

/** The search form's fields from a query string; anything odd becomes "not given". */
export function searchInput(query: Record<string, unknown>): SearchInput {
  const q = one(query.q).slice(0, 20_000)
  const order = one(query.order) === 'newest' || !q.trim() ? 'newest' : 'relevance'
  const tag = one(query.tag)
  const role = one(query.role)
  return {
    q,
    order,
    service: one(query.service).slice(0, 140) || null,
    area: one(query.area).slice(0, 140) || null,
    tag: /^\d{1,15}$/.test(tag) ? Number(tag) : null,
    progress: many(query.progress).filter((value): value is ProgressFilter =>
      Object.hasOwn(PROGRESS_FILTERS, value)
    ),
    role: (AUTHOR_ROLES as readonly string[]).includes(role) ? (role as SearchInput['role']) : null,
    from: one(query.from).trim().slice(0, 10) || null,
    to: one(query.to).trim().slice(0, 10) || null,
    after: one(query.after).slice(0, 100) || null,
  }
}

/** A search's words and filters from a query string, without its order and cursor. */
export function searchCriteria(
  query: Record<string, unknown>
): Omit<SearchInput, 'after' | 'order'> {
  const input = searchInput(query)
  return {
    q: input.q,
    service: input.service,
    area: input.area,
    tag: input.tag,
    progress: input.progress,
    role: input.role,
    from: input.from,
    to: input.to,
  }
}

/** A stored query string as the search page's request would read it (repeated keys as lists). */
export function searchQueryOf(text: string) {
  const query: Record<string, string | string[]> = {}
  for (const [key, value] of new URLSearchParams(text)) {
    const before = query[key]
    query[key] = before === undefined ? value : [before, value].flat()
  }
  return query
}

/** The query string of a search (for links, feeds and subscriptions), without the cursor. */
export function searchQueryString(input: SearchInput, extra: Record<string, string> = {}) {
  const params = new URLSearchParams()
  if (input.q) params.set('q', input.q.slice(0, MAX_QUERY_CHARS))
  if (input.order === 'newest' && input.q.trim()) params.set('order', 'newest')
  if (input.service) params.set('service', input.service)
  if (input.area) params.set('area', input.area)
  if (input.tag) params.set('tag', String(input.tag))
  for (const progress of input.progress) params.append('progress', progress)
  if (input.role) params.set('role', input.role)
  if (input.from) params.set('from', input.from)
  if (input.to) params.set('to', input.to)
  for (const [key, value] of Object.entries(extra)) params.set(key, value)
  return params.toString()
}

type Cursor = { rank: number; at: string; id: number }

/** A position in newest-first order: the publication time (text, to the microsecond) and id. */
export type NewestCursor = { at: string; id: number }

function parseSearchCursor(raw: string | null): Cursor | null {
  const match = raw?.match(/^(-?\d+(?:\.\d+)?(?:e-?\d+)?)_(\d{4}-\d\d-\d\dT[\d:.]+Z)_(\d{1,18})$/)
  if (!match || Number.isNaN(Date.parse(match[2]))) return null
  return { rank: Number(match[1]), at: match[2], id: Number(match[3]) }
}

function day(value: string | null, notices: SearchNotice[], endOfDay: boolean) {
  if (!value) return null
  const date = DAY.test(value) ? DateTime.fromISO(value, { zone: 'utc' }) : null
  if (!date?.isValid) {
    notices.push('badDate')
    return null
  }
  return (endOfDay ? date.plus({ days: 1 }) : date).toISO()
}

type Row = { story_id: string | number; at: string; rank: number }

/** Best match first, then newest (the order of a ranked page). */
function byRank(a: Row, b: Row) {
  return (
    b.rank - a.rank ||
    (a.at < b.at ? 1 : a.at > b.at ? -1 : 0) ||
    Number(b.story_id) - Number(a.story_id)
  )
}

/** The filters the reader chose, resolved to the tenant's own services, areas and tags. */
async function resolveFilters(
  input: Omit<SearchInput, 'after' | 'order'>,
  notices: SearchNotice[]
) {
  const service = input.service ? await Service.findBy('slug', input.service) : null
  if (input.service && !service) notices.push('unknownService')
  const area = input.area ? await Area.findBy('slug', input.area) : null
  if (input.area && !area) notices.push('unknownArea')
  const tag = input.tag ? await StoryTag.find(input.tag) : null
  if (input.tag && !tag) notices.push('unknownTag')
  return { service, area, tag }
}

export type SearchFilters = Awaited<ReturnType<typeof resolveFilters>>

/**
 * A search's words and filters, checked and resolved once: what the search
 * page, the staff search, exports and saved-search alerts all run.
 */
export type ResolvedSearch = {
  input: Omit<SearchInput, 'after' | 'order'>
  tsquery: string | null
  notices: SearchNotice[]
  filters: SearchFilters
  dates: { from: string | null; to: string | null }
}

export async function resolveSearch(
  input: Omit<SearchInput, 'after' | 'order'>
): Promise<ResolvedSearch> {
  const { tsquery, notices } = parseQuery(input.q)
  const filters = await resolveFilters(input, notices)
  const dates = { from: day(input.from, notices, false), to: day(input.to, notices, true) }
  return { input, tsquery, notices: [...new Set(notices)], filters, dates }
}

function callArguments(
  tsquery: string | null,
  filters: SearchFilters,
  input: Omit<SearchInput, 'after' | 'order'>,
  dates: { from: string | null; to: string | null },
  after: NewestCursor | null,
  limit: number
) {
  const progress = input.progress.flatMap((value) => PROGRESS_FILTERS[value])
  return [
    tsquery,
    filters.service?.id ?? null,
    filters.area?.id ?? null,
    filters.tag?.id ?? null,
    progress.length ? progress : null,
    input.role,
    dates.from,
    dates.to,
    after?.at ?? null,
    after?.id ?? null,
    limit,
  ]
}

const CALL = `carevoice_search_stories(?, ?, ?, ?, ?::text[], ?, ?::timestamptz, ?::timestamptz,
  ?::timestamptz, ?, ?::int)`

/* The time as text to the microsecond: a cursor must not round it. */
const SELECT_MATCHES = `select story_id, rank, to_char(published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at
         from ${CALL}`

/**
 * The newest `limit` matches of a resolved search after `after`, newest
 * first, publicly visible stories of the current tenant only (the search
 * function's rules). `service` overrides the search's own service filter
 * (a staff search drives by the service a responder covers).
 */
export async function newestMatches(
  search: ResolvedSearch,
  after: NewestCursor | null,
  limit: number,
  service: { id: number } | null = search.filters.service
): Promise<NewestCursor[]> {
  tenancy.require()
  const { rows } = await db.rawQuery<{ rows: Row[] }>(
    SELECT_MATCHES,
    callArguments(
      search.tsquery,
      { ...search.filters, service: service as SearchFilters['service'] },
      search.input,
      search.dates,
      after,
      limit
    )
  )
  return rows.map((row) => ({ at: row.at, id: Number(row.story_id) }))
}

/**
 * True when a published story matches a search, by the search function
 * itself: the millisecond the story was published in is the window, so
 * only the few stories published in it are read.
 */
export async function storyMatchesSearch(
  search: ResolvedSearch,
  story: { id: number; publishedAt: DateTime | null }
) {
  if (!story.publishedAt) return false
  /* Luxon keeps milliseconds, PostgreSQL microseconds: the window is the whole millisecond. */
  const start = story.publishedAt.toUTC().startOf('second').set({
    millisecond: story.publishedAt.millisecond,
  })
  const end = start.plus({ milliseconds: 1 })
  if (search.dates.from && end <= DateTime.fromISO(search.dates.from)) return false
  if (search.dates.to && start >= DateTime.fromISO(search.dates.to)) return false
  const rows = await newestMatches(
    { ...search, dates: { from: start.toISO()!, to: null } },
    { at: end.toISO()!, id: 0 },
    SAME_INSTANT_LIMIT
  )
  return rows.some((row) => row.id === story.id)
}

export type SearchResult = {
  input: SearchInput
  notices: SearchNotice[]
  /** Capped at COUNT_CAP + 1 (shown as "more than 1,000"). */
  count: number
  cards: StoryCard[]
  next: string | null
  filters: SearchFilters
}

export type SearchIds = Omit<SearchResult, 'cards'> & {
  ids: number[]
  /** The words as tsquery text (for highlighting), null without words. */
  tsquery: string | null
}

/** One page of a search in the current tenant: the ids found, in order, and the next cursor. */
export async function searchStoryIds(
  input: SearchInput,
  size = SEARCH_PAGE_SIZE
): Promise<SearchIds> {
  tenancy.require()
  const { tsquery, notices, filters, dates } = await resolveSearch(input)
  const ranked = input.order === 'relevance' && tsquery !== null
  const after = parseSearchCursor(input.after)
  /*
   * One scan gives the count and (mostly) the page: the newest
   * COUNT_CAP + 1 matches with their ranks. A ranked page is ranked among
   * them here; a newest-first page past them asks for its own range.
   */
  const select = (cursor: Cursor | null, limit: number) =>
    db.rawQuery<{ rows: Row[] }>(
      SELECT_MATCHES,
      callArguments(tsquery, filters, input, dates, cursor, limit)
    )
  const { rows: pool } = await select(null, RELEVANCE_POOL)
  let candidates: Row[]
  if (ranked) {
    candidates = [...pool]
      .sort(byRank)
      .filter(
        (row) => !after || byRank(row, { story_id: after.id, rank: after.rank, at: after.at }) > 0
      )
  } else if (after && pool.length > COUNT_CAP) {
    const next = await select(after, size + 1)
    candidates = next.rows
  } else {
    candidates = pool.filter(
      (row) =>
        !after || row.at < after.at || (row.at === after.at && Number(row.story_id) < after.id)
    )
  }
  const page = { rows: candidates.slice(0, size + 1) }
  const rows = page.rows.slice(0, size)
  const last = rows[rows.length - 1]
  return {
    input,
    notices: [...new Set(notices)],
    count: pool.length,
    ids: rows.map((row) => Number(row.story_id)),
    tsquery,
    next:
      page.rows.length > size && last
        ? `${ranked ? last.rank : 0}_${last.at}_${last.story_id}`
        : null,
    filters,
  }
}

/** One page of a search in the current tenant, as story cards. */
export async function searchStories(
  input: SearchInput,
  size = SEARCH_PAGE_SIZE
): Promise<SearchResult> {
  const { ids, tsquery, ...found } = await searchStoryIds(input, size)
  return { ...found, cards: await storyCards(ids, tsquery) }
}
