/**
 * Stories as the public API gives them: a page found by the story search
 * (#services/reading/story_search, the same filters and rules), a partner's
 * sync of what changed since a time, and the list of stories taken down
 * since then.
 *
 * Guarantees:
 * - only publicly visible stories of the current tenant (Story.publiclyVisible),
 *   only public text, only confirmed change claims and published replies;
 * - a fixed number of queries per page however many stories: services,
 *   tags, responses and replies are loaded for the whole page at once;
 * - staff-only fields (criticality) only for a `staff-read` key, and only
 *   on stories about a service the key covers;
 * - keyset cursors: (published time, id) for search pages, (update time,
 *   id) for the sync, so a deep page costs what the first one does.
 */
import { type DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import AuthorReply, { REPLY_STATUS } from '#models/author_reply'
import Response from '#models/response'
import type Service from '#models/service'
import Story, { publiclyVisibleSql } from '#models/story'
import type ApiKey from '#models/api_key'
import { coversServiceAncestry } from '#services/api/api_keys'
import { tenancy } from '#tenancy/context'
import { storyRecord, type StoryRecord } from '#transformers/story_transformer'
import type { Site } from '#tenancy/site'

/** Items a page of any list: by default, and at most. */
export const DEFAULT_LIMIT = 20
export const MAX_LIMIT = 100

export type Reader = { apiKey: ApiKey | null; site: Site }

function staffReads(reader: Reader) {
  return Boolean(reader.apiKey?.can('staff-read'))
}

/** The API records of these stories, in the order given; stories no longer public drop out. */
export async function storyRecords(ids: number[], reader: Reader): Promise<StoryRecord[]> {
  if (!ids.length) return []
  const stories = await Story.publiclyVisible(Story.query())
    .whereIn('stories.id', ids)
    .preload('services', (query) => query.orderBy('name'))
    .preload('tags', (query) => query.orderBy('question').orderBy('position'))
  const responses = await Response.query()
    .whereIn('story_id', ids)
    .preload('service')
    .orderBy('created_at')
    .orderBy('id')
  const replies = await AuthorReply.query()
    .whereIn('story_id', ids)
    .where('status', REPLY_STATUS.published)
    .orderBy('created_at')
    .orderBy('id')
  const byId = new Map(stories.map((story) => [story.id, story]))
  return ids
    .map((id) => byId.get(id))
    .filter((story): story is Story => Boolean(story))
    .map((story) => {
      const key = reader.apiKey
      const covered =
        key !== null &&
        staffReads(reader) &&
        story.services.some((service) => coversServiceAncestry(key, service.ancestry))
      return storyRecord(story, {
        responses: responses.filter((response) => response.storyId === story.id),
        replies: replies.filter((reply) => reply.storyId === story.id),
        site: reader.site,
        criticality: covered ? { value: story.criticality } : null,
      })
    })
}

/** One public story, or null. */
export async function oneStoryRecord(id: number, reader: Reader) {
  const [record] = await storyRecords([id], reader)
  return record ?? null
}

type TimeCursor = { at: string; id: number }

export function encodeTimeCursor(cursor: TimeCursor) {
  return `${cursor.at}_${cursor.id}`
}

export function parseTimeCursor(raw: string | null): TimeCursor | null {
  const match = raw?.match(/^(\d{4}-\d\d-\d\dT[\d:.]+Z)_(\d{1,18})$/)
  if (!match || Number.isNaN(Date.parse(match[1]))) return null
  return { at: match[1], id: Number(match[2]) }
}

const AT = `to_char(stories.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`

type ChangedQuery = {
  since: DateTime
  after: TimeCursor | null
  limit: number
  /** Only stories about this service or one below it (the directory listings). */
  service: Pick<Service, 'id'> | null
  /** Publicly visible stories changed (true), or stories taken down (false). */
  visible: boolean
}

async function changedIds(query: ChangedQuery) {
  const tenantId = tenancy.require().id
  const rows = Story.query()
    .select('stories.id')
    .select(db.raw(`${AT} as at`))
    .where('stories.updated_at', '>=', query.since.toUTC().toISO()!)
    .orderBy('stories.updated_at')
    .orderBy('stories.id')
    .limit(query.limit + 1)
  if (query.visible) Story.publiclyVisible(rows)
  /* Once published and no longer public: hidden, withdrawn, erased with withdrawal. */ else
    rows.whereNotNull('stories.published_at').whereRaw(`not (${publiclyVisibleSql('stories')})`)
  if (query.after)
    rows.whereRaw('(stories.updated_at, stories.id) > (?::timestamptz, ?)', [
      query.after.at,
      query.after.id,
    ])
  if (query.service)
    rows.whereIn(
      'stories.id',
      db
        .from('story_listings')
        .select('story_id')
        .where('tenant_id', tenantId)
        .where('kind', 'service')
        .where('target_id', query.service.id)
    )
  const stories = await rows
  const found = stories.map((story) => ({ id: story.id, at: String(story.$extras.at) }))
  const page = found.slice(0, query.limit)
  const last = page[page.length - 1]
  return {
    rows: page,
    next: found.length > query.limit && last ? encodeTimeCursor(last) : null,
  }
}

/** Publicly visible stories changed since a time, oldest change first (a partner's sync). */
export async function changedStories(query: Omit<ChangedQuery, 'visible'>, reader: Reader) {
  const { rows, next } = await changedIds({ ...query, visible: true })
  return {
    stories: await storyRecords(
      rows.map((row) => row.id),
      reader
    ),
    next,
  }
}

/** Ids of stories taken down since a time (hidden, withdrawn), with when. */
export async function removedStories(query: Omit<ChangedQuery, 'visible' | 'service'>) {
  const { rows, next } = await changedIds({ ...query, service: null, visible: false })
  return { removed: rows.map((row) => ({ id: row.id, removedAt: row.at })), next }
}
