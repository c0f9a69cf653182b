/**
 * The directory, tags and figures as the public API gives them.
 *
 * Guarantees: only the current tenant's rows (scoped models); a page of
 * services costs the same few queries however long it is (areas, parents
 * and children loaded for the page at once); unpublished counts only for
 * a `staff-read` key, and only of stories about the services it covers.
 */
import db from '@adonisjs/lucid/services/db'
import Area from '#models/area'
import Service from '#models/service'
import StoryTag from '#models/story_tag'
import { STORY_STATUS } from '#models/story'
import type ApiKey from '#models/api_key'
import { figuresFor } from '#services/reading/figures'
import { subtreeCondition } from '#services/directory/directory_tree'
import { tenancy } from '#tenancy/context'
import { areaRecord, serviceRecord } from '#transformers/directory_transformer'
import { tagRecord } from '#transformers/story_transformer'
import type { Site } from '#tenancy/site'

async function serviceRecords(services: Service[], site: Site) {
  const ids = services.map((service) => service.id)
  const parentIds = [...new Set(services.map((service) => service.parentId).filter(Boolean))]
  const parents = parentIds.length
    ? await Service.query()
        .select('id', 'ref')
        .whereIn('id', parentIds as number[])
    : []
  const children = ids.length
    ? await Service.query()
        .select('id', 'ref', 'parent_id')
        .whereIn('parent_id', ids)
        .orderBy('name')
    : []
  const parentRef = new Map(parents.map((parent) => [parent.id, parent.ref]))
  return services.map((service) =>
    serviceRecord(service, {
      parentRef: service.parentId ? (parentRef.get(service.parentId) ?? null) : null,
      childRefs: children
        .filter((child) => child.parentId === service.id)
        .map((child) => child.ref),
      site,
    })
  )
}

/** Services by id, `limit` at a time after the cursor (the last id seen). */
export async function servicePage(after: number | null, limit: number, site: Site) {
  const query = Service.query()
    .preload('area')
    .orderBy('id')
    .limit(limit + 1)
  if (after) query.where('id', '>', after)
  const found = await query
  const page = found.slice(0, limit)
  return {
    services: await serviceRecords(page, site),
    next: found.length > limit ? String(page[page.length - 1].id) : null,
  }
}

/** The service a partner names: by ref, slug or external code (such as an NHS organisation code). */
export async function serviceNamed(name: string) {
  return (
    (await Service.byRef(name).preload('area').first()) ??
    (await Service.query().where('external_code', name).preload('area').orderBy('id').first())
  )
}

export async function serviceOne(service: Service, site: Site) {
  const [record] = await serviceRecords([service], site)
  return record
}

export async function areaRecords() {
  const areas = await Area.query().orderBy('name').orderBy('id')
  const slugOf = new Map(areas.map((area) => [area.id, area.slug]))
  return areas.map((area) =>
    areaRecord(area, area.parentId ? (slugOf.get(area.parentId) ?? null) : null)
  )
}

export async function tagRecords() {
  const tags = await StoryTag.query().orderBy('question').orderBy('position').orderBy('id')
  return tags.map(tagRecord)
}

const UNPUBLISHED = {
  awaitingModeration: STORY_STATUS.awaitingModeration,
  needsAuthorInput: STORY_STATUS.needsAuthorInput,
  escalated: STORY_STATUS.escalated,
  hidden: STORY_STATUS.hidden,
} as const

/** Stories not public, by status, about the services `apiKey` covers (all when it has no limit). */
async function unpublishedCounts(apiKey: ApiKey) {
  const tenantId = tenancy.require().id
  const limits = apiKey.serviceIds.length
    ? await Service.query().select('id', 'path').whereIn('id', apiKey.serviceIds)
    : null
  const query = db
    .from('stories')
    .where('stories.tenant_id', tenantId)
    .whereIn('stories.status', Object.values(UNPUBLISHED))
    .groupBy('stories.status')
    .select('stories.status')
    .select(db.raw('count(*)::int as total'))
  if (limits) {
    query.whereExists((exists) => {
      exists
        .from('story_services')
        .join('services', (join) => {
          join.on('services.tenant_id', 'story_services.tenant_id')
          join.on('services.id', 'story_services.service_id')
        })
        .where('story_services.tenant_id', tenantId)
        .whereRaw('story_services.story_id = stories.id')
        .where((any) => {
          for (const limit of limits) {
            const [condition, bindings] = subtreeCondition('services.path', limit.path)
            any.orWhereRaw(condition, bindings)
          }
          if (!limits.length) any.whereRaw('false')
        })
    })
  }
  const rows = (await query) as { status: string; total: number }[]
  const total = (status: string) => rows.find((row) => row.status === status)?.total ?? 0
  return {
    awaitingModeration: total(UNPUBLISHED.awaitingModeration),
    needsAuthorInput: total(UNPUBLISHED.needsAuthorInput),
    escalated: total(UNPUBLISHED.escalated),
    hidden: total(UNPUBLISHED.hidden),
  }
}

/** The tenant's public figures; with a staff-read key, its unpublished counts too. */
export async function figuresRecord(apiKey: ApiKey | null) {
  const figures = await figuresFor({ kind: 'tenant' })
  return {
    stories: figures.stories,
    responded: figures.responded,
    responseRate: figures.responseRate,
    medianDays: figures.medianDays,
    changesMade: figures.changesMade,
    months: figures.months.map((month) => ({
      month: month.month,
      stories: month.stories,
      responded: month.responded,
      responseRate: month.responseRate,
      medianDays: month.medianDays,
    })),
    good: figures.good,
    improve: figures.improve,
    ...(apiKey?.can('staff-read') ? { unpublished: await unpublishedCounts(apiKey) } : {}),
  }
}
