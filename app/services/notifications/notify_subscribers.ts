/**
 * Telling subscribers of a published story. Guarantees: a published story
 * is sent at most once per subscription (`subscription_deliveries`), in the
 * subscriber's language, with its public title only (never a draft or the
 * original text), with the one-click unsubscribe link; only confirmed
 * subscriptions of the story's tenant hear of it.
 */
import i18nManager from '@adonisjs/i18n/services/main'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Story from '#models/story'
import Subscription from '#models/subscription'
import Tenant from '#models/tenant'
import { tenancy } from '#tenancy/context'
import { hashToken } from '#services/platform/secret_tokens'
import { areaAncestorIds } from '#services/directory/area_ancestry'
import { SubscriberStoryMail } from '#mails/subscriber_story_mail'
import { siteOfTenant, siteUrl } from '#tenancy/site'
import {
  describeTarget,
  resolvedSearchOf,
  targetNames,
} from '#services/notifications/subscription_targets'
import { storyMatchesSearch } from '#services/reading/story_search'
import { unsubscribeLinks, unsubscribeToken } from '#services/notifications/subscription_tokens'

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
    const what = describeTarget(i18n, subscription.targetType, names(subscription), tenant.name)
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
