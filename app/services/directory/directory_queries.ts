/**
 * What the public reads from the directory: areas with their counts, the
 * services of an area or a letter (cursor-paginated), a forgiving search,
 * and one service with its place in the tree. Every query goes through the
 * scoped models and an index leading with tenant_id.
 */
import db from '@adonisjs/lucid/services/db'
import type { ModelQueryBuilderContract } from '@adonisjs/lucid/types/model'
import Area from '#models/area'
import Service from '#models/service'
import Story from '#models/story'
import { serviceFigures } from '#services/stories/story_progress'
import { ancestorsOf, subtreeQuery } from '#services/directory/directory_tree'
import { cardsOf } from '#services/reading/story_cards'

export const PAGE_SIZE = 50

/** Cursor for lists ordered by (lower(name), id): "name|id". */
export type NameCursor = { name: string; id: number } | null

export function parseCursor(raw: unknown): NameCursor {
  if (typeof raw !== 'string' || raw.length > 300) return null
  const at = raw.lastIndexOf('|')
  const id = Number(raw.slice(at + 1))
  return at > 0 && Number.isInteger(id) ? { name: raw.slice(0, at), id } : null
}

function page(services: Service[]) {
  const hasMore = services.length > PAGE_SIZE
  const rows = services.slice(0, PAGE_SIZE)
  const last = rows[rows.length - 1]
  return { services: rows, next: hasMore && last ? `${last.name.toLowerCase()}|${last.id}` : null }
}

function orderedByName(
  query: ModelQueryBuilderContract<typeof Service, Service>,
  after: NameCursor
) {
  if (after) {
    query.whereRaw('(lower(services.name), services.id) > (?, ?)', [after.name, after.id])
  }
  return query.orderByRaw('lower(services.name), services.id').limit(PAGE_SIZE + 1)
}

/** Every area with the number of services in it. */
export async function areasWithCounts() {
  const areas = await Area.query().orderBy('name')
  const counts = await Service.query()
    .select('area_id')
    .count('* as total')
    .groupBy('area_id')
    .pojo<{ area_id: number; total: number }>()
  const countOf = new Map(counts.map((row) => [Number(row.area_id), Number(row.total)]))
  const withCounts = areas.map((area) => ({ area, count: countOf.get(area.id) ?? 0 }))
  const roots = withCounts.filter((entry) => !entry.area.parentId)
  return roots.map((root) => ({
    ...root,
    localities: withCounts.filter((entry) => entry.area.parentId === root.area.id),
  }))
}

export async function areaPage(slug: string, after: NameCursor, storyCursor: StoryCursor = null) {
  const area = await Area.query()
    .where('slug', slug)
    .preload('parent')
    /* By name: row order differs between deployments after a tenant move. */
    .preload('children', (children) => children.orderBy('name').orderBy('id'))
    .firstOrFail()
  const services = await orderedByName(
    Service.query().where('area_id', area.id).preload('area'),
    after
  )
  const stories = await listedStories('area', area.id, storyCursor)
  return { area, ...stories, ...page(services) }
}

export async function servicesByLetter(letter: string, after: NameCursor) {
  const services = await orderedByName(
    Service.query()
      .whereRaw('lower(services.name) like ?', [`${letter.toLowerCase()}%`])
      .preload('area'),
    after
  )
  return page(services)
}

/**
 * Names and codes, prefix and case insensitive, with typo tolerance by
 * trigram similarity; best matches first.
 */
export async function searchServices(text: string, limit = 20) {
  const q = text.trim().toLowerCase().slice(0, 100)
  if (!q) return []
  const pattern = `${q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`
  return Service.query()
    .where((query) => {
      query
        .whereRaw('lower(services.name) like ?', [pattern])
        .orWhereRaw('lower(services.name) like ?', [`% ${pattern}`])
        .orWhereRaw('lower(services.external_code) = ?', [q])
        .orWhereRaw('lower(services.name) % ?', [q])
    })
    .preload('area')
    .orderByRaw(
      '(lower(services.name) like ?) desc, similarity(lower(services.name), ?) desc, lower(services.name)',
      [pattern, q]
    )
    .limit(limit)
}

/** One service with its ancestors, children and the size of its subtree. */
export async function servicePage(slug: string, storyCursor: StoryCursor = null) {
  const service = await Service.query().where('slug', slug).preload('area').firstOrFail()
  const ancestors = await ancestorsOf(service)
  const children = await Service.query().where('parent_id', service.id).orderByRaw('lower(name)')
  const below = await subtreeQuery(service).count('* as total').first()
  const mergedInto = service.mergedIntoId ? await Service.find(service.mergedIntoId) : null
  const stories = await storiesBelow(service, storyCursor)
  return {
    figures: await serviceFigures(service),
    service,
    ancestors,
    children,
    subtreeSize: Number(below?.$extras.total ?? 1) - 1,
    mergedInto,
    ...stories,
  }
}

/** Letters that start at least one service name, for the A–Z. */
export async function lettersInUse() {
  const rows = await Service.query()
    .select(db.raw('distinct upper(left(services.name, 1)) as letter'))
    .pojo<{ letter: string }>()
  return rows
    .map((row) => row.letter)
    .filter((letter) => /^[A-Z0-9]$/.test(letter))
    .sort()
}

export type StoryCursor = { at: string; id: number } | null

/** "published_at|id" from a "more stories" link; anything else is the first page. */
export function parseStoryCursor(raw: unknown): StoryCursor {
  const [at, id] = String(raw ?? '').split('|')
  if (!at || !/^\d{1,18}$/.test(id ?? '') || Number.isNaN(Date.parse(at))) return null
  return { at, id: Number(id) }
}

/**
 * A page of the publicly visible stories listed under one service (with
 * everything below it), area (with the areas in it) or tag, newest first,
 * by cursor: one range of the story_listings index, joined to the stories.
 */
export async function listedStories(
  kind: 'service' | 'area' | 'tag',
  targetId: number,
  before: StoryCursor,
  size = PAGE_SIZE
) {
  /* Ids and times only: the cards load what they show. */
  const query = Story.publiclyVisible(Story.query())
    .select('stories.id', 'stories.published_at')
    .join('story_listings', (join) =>
      join
        .on('story_listings.tenant_id', 'stories.tenant_id')
        .andOn('story_listings.story_id', 'stories.id')
    )
    .where('story_listings.kind', kind)
    .where('story_listings.target_id', targetId)
    .orderBy('story_listings.published_at', 'desc')
    .orderBy('story_listings.story_id', 'desc')
    .limit(size + 1)
  if (before)
    query.whereRaw('(story_listings.published_at, story_listings.story_id) < (?, ?)', [
      before.at,
      before.id,
    ])
  const rows = await query
  const stories = rows.slice(0, size)
  const last = stories[stories.length - 1]
  return {
    stories: await cardsOf(stories),
    storiesNext:
      rows.length > size && last ? `${last.publishedAt!.toUTC().toISO()}|${last.id}` : null,
  }
}

/** Published stories about a service or anything below it, newest first, by cursor. */
export function storiesBelow(service: Pick<Service, 'id'>, before: StoryCursor) {
  return listedStories('service', service.id, before)
}
