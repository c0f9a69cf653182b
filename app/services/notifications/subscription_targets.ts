/**
 * What a subscription follows: a service (with everything below it), an
 * area (with the areas inside it), a tag, the whole site or a story search
 * (any search of /stories, matched by the search's own rules); found in the
 * current tenant only, and named in a sentence of the reader's language.
 */
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Area from '#models/area'
import Service from '#models/service'
import StoryTag from '#models/story_tag'
import type Subscription from '#models/subscription'
import type { SubscriptionTarget } from '#models/subscription'
import {
  resolveSearch,
  searchCriteria,
  searchQueryOf,
  searchQueryString,
  type ResolvedSearch,
} from '#services/reading/story_search'

/** What a subscription follows, found in the current tenant. */
export type ResolvedTarget = {
  type: SubscriptionTarget
  serviceId: number | null
  areaId: number | null
  tagId: number | null
  /** A story search, as its canonical query string. */
  searchQuery: string | null
  /** The service, area or tag name, or the search in words; null for the whole site. */
  name: string | null
}

/** A subscribed search, resolved in the current tenant. */
export async function resolvedSearchOf(text: string) {
  return resolveSearch(searchCriteria(searchQueryOf(text)))
}

/** A search in words: its text in quotes and the names of its filters. */
export function searchWords(search: ResolvedSearch, canonical: string) {
  const { input, filters } = search
  const parts = [
    input.q.trim() ? `“${input.q.trim().slice(0, 100)}”` : null,
    filters.service?.name,
    filters.area?.name,
    filters.tag?.label,
    input.from || input.to ? `${input.from ?? '…'} – ${input.to ?? '…'}` : null,
  ].filter((part): part is string => Boolean(part))
  return parts.length ? parts.join(', ') : canonical
}

/** The canonical form of a search's query string: what is stored and compared. */
function canonicalSearch(search: ResolvedSearch) {
  return searchQueryString({ ...search.input, order: 'relevance', after: null })
}

/**
 * The service (by slug), area (by slug), tag (by id) or story search (by
 * its query string) of the current tenant, or null.
 */
export async function resolveTarget(
  type: SubscriptionTarget,
  ref: string | undefined
): Promise<ResolvedTarget | null> {
  const none = { serviceId: null, areaId: null, tagId: null, searchQuery: null }
  if (type === 'tenant') return { type, ...none, name: null }
  if (!ref) return null
  if (type === 'search') {
    const search = await resolvedSearchOf(ref)
    /* A search naming another tenant's (or no) service, area or tag follows nothing. */
    const refused = ['unknownService', 'unknownArea', 'unknownTag', 'badDate', 'nothingSearchable']
    if (search.notices.some((notice) => refused.includes(notice))) return null
    const searchQuery = canonicalSearch(search)
    if (!searchQuery) return { type: 'tenant', ...none, name: null }
    return { type, ...none, searchQuery, name: searchWords(search, searchQuery) }
  }
  if (type === 'service') {
    const service = await Service.query().where('slug', ref).first()
    return service ? { type, ...none, serviceId: service.id, name: service.name } : null
  }
  if (type === 'area') {
    const area = await Area.query().where('slug', ref).first()
    return area ? { type, ...none, areaId: area.id, name: area.name } : null
  }
  if (!/^\d{1,15}$/.test(ref)) return null
  const tag = await StoryTag.find(Number(ref))
  return tag ? { type, ...none, tagId: tag.id, name: tag.label } : null
}

/** "Ward 6", "Kirkcaldy", "Kindness" or the site's name, in a sentence of the subscriber's language. */
export function describeTarget(
  i18n: { t(key: string, data?: Record<string, unknown>): string },
  type: SubscriptionTarget,
  name: string | null,
  siteName: string
) {
  return i18n.t(`subscriptions.targets.${type}`, { name: name ?? siteName })
}

/** The name of what a subscription follows (null for the whole site). */
export async function targetName(subscription: Subscription) {
  if (subscription.searchQuery) {
    return searchWords(await resolvedSearchOf(subscription.searchQuery), subscription.searchQuery)
  }
  if (subscription.serviceId) {
    const service = await Service.find(subscription.serviceId)
    return service?.name ?? null
  }
  if (subscription.areaId) {
    const area = await Area.find(subscription.areaId)
    return area?.name ?? null
  }
  if (subscription.tagId) {
    const tag = await StoryTag.find(subscription.tagId)
    return tag?.label ?? null
  }
  return null
}

/** A sentence naming what a subscription follows, in the page's language. */
export async function describeSubscription(
  subscription: Subscription,
  i18n: { t(key: string, data?: Record<string, unknown>): string },
  siteName: string
) {
  return describeTarget(i18n, subscription.targetType, await targetName(subscription), siteName)
}

/** Looks up the names of the services, areas and tags some subscriptions follow, in three queries. */
export async function targetNames(
  subscriptions: Subscription[],
  client: TransactionClientContract
) {
  const ids = (pick: (subscription: Subscription) => number | null) => [
    ...new Set(subscriptions.map(pick).filter((id): id is number => id !== null)),
  ]
  const serviceIds = ids((subscription) => subscription.serviceId)
  const areaIds = ids((subscription) => subscription.areaId)
  const tagIds = ids((subscription) => subscription.tagId)
  const services = serviceIds.length
    ? await Service.query({ client }).whereIn('id', serviceIds)
    : []
  const areas = areaIds.length ? await Area.query({ client }).whereIn('id', areaIds) : []
  const tags = tagIds.length ? await StoryTag.query({ client }).whereIn('id', tagIds) : []
  const byId = new Map<string, string>([
    ...services.map((row) => [`service:${row.id}`, row.name] as const),
    ...areas.map((row) => [`area:${row.id}`, row.name] as const),
    ...tags.map((row) => [`tag:${row.id}`, row.label] as const),
  ])
  const searches = new Map<number, string>()
  for (const subscription of subscriptions) {
    if (!subscription.searchQuery) continue
    const search = await resolvedSearchOf(subscription.searchQuery)
    searches.set(subscription.id, searchWords(search, subscription.searchQuery))
  }
  return (subscription: Subscription) => {
    if (subscription.searchQuery) return searches.get(subscription.id) ?? null
    const id = subscription.serviceId ?? subscription.areaId ?? subscription.tagId
    return byId.get(`${subscription.targetType}:${id}`) ?? null
  }
}
