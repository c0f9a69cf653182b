/**
 * The public's email subscriptions to a service (with everything below it),
 * an area (with its localities), a tag, the whole site or a story search
 * (any search of /stories, matched by the search's own rules).
 *
 * Guarantees:
 * - double opt-in: a subscription gets nothing but its confirmation email
 *   until the link in it is opened (valid seven days, single use);
 * - asking again with the same address and target never makes a second row,
 *   and the answer is the same whether the address was subscribed or not
 *   (only the email it receives differs);
 * - every email carries the one-click unsubscribe link, in the text and in
 *   `List-Unsubscribe` (+ `List-Unsubscribe-Post`, RFC 8058); unsubscribing
 *   deletes the row (and its deliveries);
 * - a published story is sent at most once per subscription
 *   (`subscription_deliveries`), in the subscriber's language, with its
 *   public title only: never a draft or the original text;
 * - everything runs in the current tenant: another tenant's services, areas,
 *   tags, tokens and subscriptions are never found.
 *
 * Unsubscribe tokens. Only a token's SHA-256 is stored, yet every later
 * email needs the token itself. It is therefore derived, not random: an
 * HMAC-SHA256, keyed by APP_KEY, of the tenant and subscription ids (the id
 * is drawn from the sequence before the insert, so the hash is written with
 * the row). Every email of a subscription carries the same working link, a
 * database leak yields no usable link (the key is not in the database), and
 * nothing is rotated per email, so a link in an old email keeps working.
 * Rotating APP_KEY changes the tokens: the next story email stores the new
 * hash (links in earlier emails stop working; the new ones work).
 * `subscriptions:rotate-tokens` raises a subscription's `token_version`
 * (#services/subscription_tokens) to the same effect for chosen rows.
 */
import { createHmac } from 'node:crypto'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import i18nManager from '@adonisjs/i18n/services/main'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { appKey } from '#config/app'
import Area from '#models/area'
import Service from '#models/service'
import Story from '#models/story'
import StoryTag from '#models/story_tag'
import Subscription, { type SubscriptionTarget } from '#models/subscription'
import Tenant from '#models/tenant'
import { tenancy } from '#tenancy/context'
import { hashToken, newToken } from '#services/platform/secret_tokens'
import { areaAncestorIds } from '#services/directory/area_ancestry'
import {
  SubscriberStoryMail,
  SubscriptionConfirmMail,
  SubscriptionExistsMail,
} from '#mails/subscriber_mail'
import { siteOfTenant, siteUrl, type Site } from '#tenancy/site'
import {
  resolveSearch,
  searchCriteria,
  searchQueryOf,
  searchQueryString,
  storyMatchesSearch,
  type ResolvedSearch,
} from '#services/reading/story_search'

const CONFIRM_DAYS = 7

/**
 * Deletes, in every tenant, subscriptions whose confirmation link expired
 * unused (run by the nightly housekeeping job). Returns how many went.
 */
export async function forgetUnconfirmedSubscriptions(client: TransactionClientContract) {
  const result = await tenancy.acrossTenants(
    'forget unconfirmed subscriptions in every tenant',
    async () =>
      client.rawQuery(`delete from subscriptions where confirmed_at is null and created_at < ?`, [
        DateTime.now().minus({ days: CONFIRM_DAYS }).toSQL()!,
      ])
  )
  return Number(result.rowCount ?? 0)
}

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
async function resolvedSearchOf(text: string) {
  return resolveSearch(searchCriteria(searchQueryOf(text)))
}

/** A search in words: its text in quotes and the names of its filters. */
function searchWords(search: ResolvedSearch, canonical: string) {
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

/** The unsubscribe token of a subscription; see the header for why it is derived. */
export function unsubscribeToken(
  subscription: Pick<Subscription, 'id' | 'tenantId'> & { tokenVersion?: number }
) {
  /* Version 1 keeps the original derivation, so links already sent keep working. */
  const version = (subscription.tokenVersion ?? 1) > 1 ? `:r${subscription.tokenVersion}` : ''
  return createHmac('sha256', appKey.release())
    .update(
      `carevoice:subscription-unsubscribe:v1:${subscription.tenantId}:${subscription.id}${version}`
    )
    .digest('base64url')
}

export function unsubscribePath(token: string) {
  return `/subscriptions/unsubscribe/${token}`
}

/**
 * The RFC 8058 one-click address (List-Unsubscribe). It lives under /api/:
 * a mailbox provider POSTs to it with no session and no CSRF token; the
 * token in the path is the credential, as for the other /api/ routes.
 */
export function oneClickPath(token: string) {
  return `/api/subscriptions/unsubscribe/${token}`
}

/** "Ward 6", "Kirkcaldy", "Kindness" or the site's name, in a sentence of the subscriber's language. */
function describe(
  i18n: { t(key: string, data?: Record<string, unknown>): string },
  type: SubscriptionTarget,
  name: string | null,
  siteName: string
) {
  return i18n.t(`subscriptions.targets.${type}`, { name: name ?? siteName })
}

/** The two unsubscribe addresses every subscriber email carries. */
function unsubscribeLinks(site: Site, token: string) {
  return {
    unsubscribeUrl: siteUrl(site, unsubscribePath(token)),
    oneClickUrl: siteUrl(site, oneClickPath(token)),
  }
}

/**
 * Asks for a subscription: a new one is written unconfirmed and sent its
 * confirmation link; an unconfirmed one gets a fresh link; a confirmed one
 * is told it already exists. The caller answers the same in every case.
 */
export async function requestSubscription(
  input: { target: ResolvedTarget; email: string },
  { tenant, site }: { tenant: Tenant; site: Site }
) {
  const tenantId = tenancy.require().id
  const email = input.email.trim().toLowerCase()
  const { target } = input
  const i18n = i18nManager.locale(site.locale)
  const what = describe(i18n, target.type, target.name, tenant.name)

  await db.transaction(async (trx) => {
    const confirm = newToken()
    const next = await trx.rawQuery(
      `select nextval(pg_get_serial_sequence('subscriptions', 'id')) as id`
    )
    const id = Number((next.rows as { id: string }[])[0].id)
    /* Raw, for "on conflict do nothing" on the expression index; tenant_id is given explicitly. */
    const inserted = await trx.rawQuery(
      `insert into subscriptions (id, tenant_id, email, locale, target_type, service_id, area_id,
         tag_id, search_query, confirm_token_hash, unsubscribe_token_hash, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
       on conflict do nothing
       returning id`,
      [
        id,
        tenantId,
        email,
        site.locale,
        target.type,
        target.serviceId,
        target.areaId,
        target.tagId,
        target.searchQuery,
        confirm.tokenHash,
        hashToken(unsubscribeToken({ id, tenantId })),
      ] as never /* knex binds null as NULL; Lucid's binding type omits it */
    )
    let subscription: Subscription
    if ((inserted.rows as unknown[]).length) {
      subscription = await Subscription.query({ client: trx }).where('id', id).firstOrFail()
    } else {
      subscription = await Subscription.query({ client: trx })
        .whereRaw('lower(email) = ?', [email])
        .where('target_type', target.type)
        .whereRaw('coalesce(service_id, 0) = ?', [target.serviceId ?? 0])
        .whereRaw('coalesce(area_id, 0) = ?', [target.areaId ?? 0])
        .whereRaw('coalesce(tag_id, 0) = ?', [target.tagId ?? 0])
        .whereRaw(`md5(coalesce(search_query, '')) = md5(?)`, [target.searchQuery ?? ''])
        .forUpdate()
        .firstOrFail()
      if (!subscription.confirmedAt) {
        /* Asked again: a fresh link, valid for a fresh week. */
        subscription.useTransaction(trx)
        subscription.merge({ confirmTokenHash: confirm.tokenHash, createdAt: DateTime.now() })
        await subscription.save()
      }
    }

    const links = unsubscribeLinks(site, unsubscribeToken(subscription))
    const mail = subscription.confirmedAt
      ? new SubscriptionExistsMail(tenant, email, i18n.locale, links, what)
      : new SubscriptionConfirmMail(
          tenant,
          email,
          i18n.locale,
          links,
          what,
          siteUrl(site, `/subscriptions/confirm/${confirm.token}`)
        )
    await mail.queue({ client: trx })
  })
}

/** Confirms the subscription a link stands for; null when the link is unusable. */
export async function confirmSubscription(token: string) {
  return db.transaction(async (trx) => {
    const subscription = await Subscription.query({ client: trx })
      .where('confirm_token_hash', hashToken(token))
      .whereNull('confirmed_at')
      .where('created_at', '>', DateTime.now().minus({ days: CONFIRM_DAYS }).toSQL()!)
      .forUpdate()
      .first()
    if (!subscription) return null
    subscription.useTransaction(trx)
    subscription.merge({ confirmedAt: DateTime.now(), confirmTokenHash: null })
    await subscription.save()
    return subscription
  })
}

/** The subscription an unsubscribe link stands for, or null. */
export function findByUnsubscribeToken(token: string) {
  if (token.length > 100) return Promise.resolve(null)
  return Subscription.query().where('unsubscribe_token_hash', hashToken(token)).first()
}

/** Deletes the subscription a link stands for (its deliveries go with it); null when unknown. */
export async function unsubscribe(token: string) {
  const subscription = await findByUnsubscribeToken(token)
  if (!subscription) return null
  await subscription.delete()
  return subscription
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
  return describe(i18n, subscription.targetType, await targetName(subscription), siteName)
}

/**
 * Called by the `story.published` job, in the story's tenant, with the job's
 * transaction: queues one email per confirmed subscription that follows the
 * story (the site; one of its services or any service above one; the area
 * of one of its services or any area above it; one of its tags), at most
 * once per subscription and story. Returns the number of emails queued.
 */
export async function notifySubscribers(
  storyId: number,
  client: TransactionClientContract
): Promise<number> {
  const tenantRef = tenancy.require()
  const story = await Story.publiclyVisible(Story.query({ client }))
    .where('stories.id', storyId)
    .preload('services')
    .preload('tags')
    .first()
  if (!story) return 0

  const serviceIds = [...new Set(story.services.flatMap((service) => service.ancestry))]
  const ownAreaIds = [...new Set(story.services.map((service) => service.areaId))]
  const areaIds = await areaAncestorIds(ownAreaIds, client)
  const tagIds = story.tags.map((tag) => tag.id)

  const subscriptions = await Subscription.query({ client })
    .whereNotNull('confirmed_at')
    .where((query) => {
      query.where('target_type', 'tenant')
      if (serviceIds.length)
        query.orWhere((q) => q.where('target_type', 'service').whereIn('service_id', serviceIds))
      if (areaIds.length)
        query.orWhere((q) => q.where('target_type', 'area').whereIn('area_id', areaIds))
      if (tagIds.length)
        query.orWhere((q) => q.where('target_type', 'tag').whereIn('tag_id', tagIds))
    })
    .orderBy('id')
  subscriptions.push(...(await matchingSearchSubscriptions(story, client)))
  if (!subscriptions.length) return 0

  /* The primary key is the "at most once": only rows inserted now are sent. */
  const inserted = await client.rawQuery(
    `insert into subscription_deliveries (tenant_id, subscription_id, story_id, created_at)
     select ?, unnest(?::bigint[]), ?, now()
     on conflict do nothing
     returning subscription_id`,
    [tenantRef.id, subscriptions.map((subscription) => subscription.id), story.id]
  )
  const fresh = new Set(
    (inserted.rows as { subscription_id: string }[]).map((row) => Number(row.subscription_id))
  )
  const recipients = subscriptions.filter((subscription) => fresh.has(subscription.id))
  if (!recipients.length) return 0

  const tenant = await Tenant.findOrFail(tenantRef.id, { client })
  const site = await siteOfTenant(tenant)
  const names = await targetNames(recipients, client)
  for (const subscription of recipients) {
    const token = unsubscribeToken(subscription)
    const tokenHash = hashToken(token)
    if (subscription.unsubscribeTokenHash !== tokenHash) {
      /* APP_KEY was rotated: store the new hash so this email's link works. */
      subscription.useTransaction(client)
      subscription.unsubscribeTokenHash = tokenHash
      await subscription.save()
    }
    const i18n = i18nManager.locale(subscription.locale)
    const what = describe(i18n, subscription.targetType, names(subscription), tenant.name)
    await new SubscriberStoryMail(
      tenant,
      subscription.email,
      i18n.locale,
      unsubscribeLinks(site, token),
      what,
      { title: story.publicTitle ?? '', url: siteUrl(site, `/stories/${story.id}`) }
    ).queue({ client, dedupeKey: `subscription:${subscription.id}:${story.id}` })
  }
  return recipients.length
}

/**
 * The confirmed search subscriptions a story matches, by the public
 * search's own rules (one short call of the search function each).
 */
async function matchingSearchSubscriptions(story: Story, client: TransactionClientContract) {
  const searches = await Subscription.query({ client })
    .where('target_type', 'search')
    .whereNotNull('confirmed_at')
    .orderBy('id')
  const matching: Subscription[] = []
  for (const subscription of searches) {
    const search = await resolvedSearchOf(subscription.searchQuery ?? '')
    if (await storyMatchesSearch(search, story)) matching.push(subscription)
  }
  return matching
}

/** Looks up the names of the services, areas and tags some subscriptions follow, in three queries. */
async function targetNames(subscriptions: Subscription[], client: TransactionClientContract) {
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
