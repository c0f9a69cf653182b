/**
 * Erasure: the one path that removes what could identify a story's author,
 * used by the author ("withdraw and erase now"), a tenant admin (a story,
 * or everything held for an email address), the national admin's command,
 * and the retention command.
 *
 * Guarantees, for each erased story, in the caller's transaction:
 * - its key is destroyed (#services/story_secrets), so every sealed text
 *   of its append-only moderation events (removed passages, questions,
 *   answers, messages) is unreadable for good; the events keep their shape;
 * - its original title and text, author email and confirmation token are
 *   blanked; its private links and kept staff forms for it are deleted;
 *   readers' report messages and the originals of the author's replies are
 *   blanked; queued or sent mail jobs to the author's address are deleted;
 * - the published, moderated text (and the pseudonym beside it) stays only
 *   when the story is published and the request did not ask for it to go;
 *   otherwise the story is withdrawn, leaves every list and its public page
 *   says so;
 * - one moderation event and (for staff) one audit entry record the
 *   erasure, naming the story id and the reason, never the erased data.
 */
import { DomainError } from '#exceptions/domain_error'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import limiter from '@adonisjs/limiter/services/main'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import AuthorReply from '#models/author_reply'
import KeptFormInput from '#models/kept_form_input'
import ModerationEvent from '#models/moderation_event'
import Story, { STORY_STATUS } from '#models/story'
import StoryAuthorLink from '#models/story_author_link'
import StoryReport from '#models/story_report'
import Subscription from '#models/subscription'
import type User from '#models/user'
import { auditTenant } from '#services/platform/audit'
import { EMAIL_LIMITERS, limiterKey, normalEmail } from '#services/platform/keyed_hash'
import { shredStoryKeys } from '#services/stories/story_secrets'
import { refreshListings } from '#services/stories/story_listings'
import { MODERATION_ACTION } from '#services/moderation/moderation_actions'

export type ErasureRequest = {
  /** Who asked: the author (by their private link), staff, or the retention rule. */
  by: 'author' | 'staff' | 'retention'
  actor?: Pick<User, 'id' | 'email'> | null
  /** Why, in the staff's words or the rule's: recorded, so it must not quote the erased data. */
  reason: string
  /** Take a published story down too (the author asked for it to go). */
  withdraw: boolean
}

/** Deletes mail jobs (queued or sent) addressed to any of these addresses. */
async function forgetMailTo(emails: string[], trx: TransactionClientContract) {
  for (const email of new Set(emails.filter(Boolean).map(normalEmail))) {
    /* The queue is platform infrastructure (no tenant_id, no row security). */
    await trx
      .from('jobs')
      .where('name', 'mail.send')
      .whereRaw('lower(payload::text) like ?', [`%${email.replace(/[\\%_]/g, '\\$&')}%`])
      .delete()
  }
}

/** Erases the given stories (locked here); returns how many. */
export async function eraseStories(
  storyIds: number[],
  request: ErasureRequest,
  trx: TransactionClientContract,
  action:
    | typeof MODERATION_ACTION.erased
    | typeof MODERATION_ACTION.originalErased = MODERATION_ACTION.erased
) {
  if (!storyIds.length) return 0
  const stories = await Story.query({ client: trx })
    .whereIn('id', storyIds)
    .orderBy('id')
    .forUpdate()
  const now = DateTime.now()
  const withdrawn: number[] = []
  const addresses = stories.map((story) => story.authorEmail)
  for (const story of stories) {
    const keepPublic = story.status === STORY_STATUS.published && !request.withdraw
    const takeDown =
      request.withdraw &&
      ([STORY_STATUS.published, STORY_STATUS.hidden] as string[]).includes(story.status)
    const closing =
      request.withdraw &&
      !([STORY_STATUS.withdrawn, STORY_STATUS.rejected] as string[]).includes(story.status) &&
      story.status !== STORY_STATUS.unconfirmed
    if (takeDown || closing) withdrawn.push(story.id)
    story.merge({
      title: keepPublic ? (story.publicTitle ?? '') : '',
      originalBody: '',
      publicTitle: keepPublic ? story.publicTitle : null,
      publicBody: keepPublic ? story.publicBody : null,
      displayName: keepPublic ? story.displayName : '',
      authorEmail: '',
      confirmTokenHash: null,
      claimedById: null,
      claimedUntil: null,
      originalErasedAt: now,
      version: story.version + 1,
      ...(takeDown || closing
        ? { status: STORY_STATUS.withdrawn, withdrawnAt: now, decidedAt: now }
        : {}),
    })
    story.useTransaction(trx)
    await story.save()
    await AuthorReply.query({ client: trx })
      .where('story_id', story.id)
      .update({ originalBody: '', reason: null })
    if (!keepPublic)
      await AuthorReply.query({ client: trx })
        .where('story_id', story.id)
        .update({ publicBody: null })
    await ModerationEvent.create(
      {
        storyId: story.id,
        actorId: request.actor?.id ?? null,
        action,
        reason: request.reason,
        changes: { by: request.by, withdrawn: takeDown || closing, keptPublic: keepPublic },
      },
      { client: trx }
    )
    if (request.by === 'staff')
      await auditTenant(
        {
          action: 'story.erased',
          actor: request.actor ?? null,
          subject: { type: 'story', id: story.id },
          details: { reason: request.reason, withdrawn: takeDown || closing },
        },
        trx
      )
  }
  const ids = stories.map((story) => story.id)
  await shredStoryKeys(ids, trx)
  await StoryAuthorLink.query({ client: trx }).whereIn('story_id', ids).delete()
  await StoryReport.query({ client: trx }).whereIn('story_id', ids).update({ message: null })
  for (const id of ids)
    await KeptFormInput.query({ client: trx })
      .whereIn('return_path', [`/staff/moderation/${id}`, `/staff/stories/${id}`])
      .delete()
  await forgetMailTo(addresses, trx)
  if (withdrawn.length) await refreshListings(withdrawn, trx)
  return stories.length
}

/**
 * What a tenant admin is asked to confirm before an erasure: the story
 * (refused when this tenant has no such story), or what is held for the
 * address.
 */
export async function erasureToConfirm<T extends { kind: string; story?: number; email?: string }>(
  input: T
) {
  if (input.kind === 'story') {
    const story = await Story.find(input.story!)
    if (!story) throw new DomainError('privacy.errors.noSuchStory')
    return { input }
  }
  return { input, held: await heldForEmail(input.email!) }
}

/** Erases one story of the current tenant, for its author or a tenant admin. */
export async function eraseStory(storyId: number, request: ErasureRequest) {
  return db.transaction(async (trx) => {
    const found = await Story.query({ client: trx }).where('id', storyId).first()
    if (!found) throw new DomainError('privacy.errors.noSuchStory')
    if (found.originalErasedAt && request.by !== 'staff')
      throw new DomainError('privacy.errors.alreadyErased')
    await eraseStories([storyId], request, trx)
    return found.id
  })
}

/**
 * Everything the current tenant holds for an address: its stories (erased
 * as above), its subscriptions (deleted, with their deliveries), the
 * limiter counters named after it and any mail to it. The audit entry
 * counts what was erased and does not name the address.
 */
export async function eraseByEmail(rawEmail: string, request: ErasureRequest) {
  const email = normalEmail(rawEmail)
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new DomainError('privacy.errors.email')
  const result = await db.transaction(async (trx) => {
    const stories = await Story.query({ client: trx })
      .select('id')
      .whereRaw('lower(author_email) = ?', [email])
    const erasedStories = await eraseStories(
      stories.map((story) => story.id),
      request,
      trx
    )
    const subscriptions = await Subscription.query({ client: trx })
      .whereRaw('lower(email) = ?', [email])
      .delete()
    await forgetMailTo([email], trx)
    const counts = { stories: erasedStories, subscriptions: Number(subscriptions) || 0 }
    if (request.by === 'staff')
      await auditTenant(
        {
          action: 'privacy.erased_address',
          actor: request.actor ?? null,
          details: { reason: request.reason, ...counts },
        },
        trx
      )
    return counts
  })
  for (const counter of EMAIL_LIMITERS)
    await limiter
      .use({ requests: counter.requests, duration: counter.duration })
      .delete(limiterKey(counter.name, email))
  return result
}

/** What an erasure by address would remove here: shown on the confirmation step. */
export async function heldForEmail(rawEmail: string) {
  const email = normalEmail(rawEmail)
  const stories = await Story.query()
    .whereRaw('lower(author_email) = ?', [email])
    .count('* as total')
    .first()
  const subscriptions = await Subscription.query()
    .whereRaw('lower(email) = ?', [email])
    .count('* as total')
    .first()
  return {
    stories: Number(stories?.$extras.total ?? 0),
    subscriptions: Number(subscriptions?.$extras.total ?? 0),
  }
}

/** How much each tenant holds for an address: the national console's confirmation step. */
export async function heldForEmailEverywhere(rawEmail: string) {
  const { default: Tenant } = await import('#models/tenant')
  const { tenancy } = await import('#tenancy/context')
  const tenants = await tenancy.acrossTenants('erasure by address: list tenants', async () =>
    Tenant.query().orderBy('slug')
  )
  const held = { stories: 0, subscriptions: 0 }
  for (const tenant of tenants) {
    const counts = await tenancy.run(tenant, () => heldForEmail(rawEmail))
    held.stories += counts.stories
    held.subscriptions += counts.subscriptions
  }
  return held
}

/**
 * The national admin's erasure of an address in every tenant (or the ones
 * given), each tenant in its own context and transaction; the national
 * audit log gets one entry per tenant, with counts and never the address.
 */
export async function eraseByEmailEverywhere(
  rawEmail: string,
  request: ErasureRequest,
  slug?: string
) {
  const { default: Tenant } = await import('#models/tenant')
  const { auditPlatform } = await import('#services/platform/audit')
  const { tenancy } = await import('#tenancy/context')
  if (!/^[^\s@]+@[^\s@]+$/.test(normalEmail(rawEmail)))
    throw new DomainError('privacy.errors.email')
  const tenants = await tenancy.acrossTenants('erasure by address in every tenant', async () =>
    slug ? Tenant.query().where('slug', slug) : Tenant.query().orderBy('slug')
  )
  if (slug && !tenants.length) throw new DomainError('privacy.errors.noSuchTenant')
  const results: { slug: string; stories: number; subscriptions: number }[] = []
  for (const tenant of tenants) {
    const done = await tenancy.run(tenant, () => eraseByEmail(rawEmail, request))
    await auditPlatform({
      action: 'privacy.erased_address',
      actor: request.actor ?? null,
      tenantSlug: tenant.slug,
      details: { reason: request.reason, ...done },
    })
    results.push({ slug: tenant.slug, ...done })
  }
  return results
}

/** Stories and subscriptions erased, summed over the tenants of an erasure everywhere. */
export function erasedTotals(results: { stories: number; subscriptions: number }[]) {
  return results.reduce(
    (sum, done) => ({
      stories: sum.stories + done.stories,
      subscriptions: sum.subscriptions + done.subscriptions,
    }),
    { stories: 0, subscriptions: 0 }
  )
}
