/**
 * The steps every moderator's action on a story shares: its claim (30
 * minutes; someone else's live claim is respected), the refusal it throws
 * (409, the story's state stands in the way), the edit with optimistic
 * locking (a save over a newer version is refused), replacing its tags and
 * services (this tenant's only), and recording the action as a moderation
 * event with its audit entry, in the action's transaction.
 */
import { DateTime } from 'luxon'
import { DomainError } from '#exceptions/domain_error'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import ModerationEvent from '#models/moderation_event'
import Story, { STORY_STATUS } from '#models/story'
import StoryTag from '#models/story_tag'
import StoryTagLink from '#models/story_tag_link'
import StoryServiceLink from '#models/story_service_link'
import Service, { SERVICE_STATUS } from '#models/service'
import type User from '#models/user'
import { auditTenant } from '#services/platform/audit'
import { type ModerationAction } from '#services/moderation/moderation_actions'

export const CLAIM_MINUTES = 30
/** How long before a claim ends its holder is warned, with a way to extend it (WCAG 2.2.1). */
export const CLAIM_WARNING_MINUTES = 5

/**
 * A refused moderation action: an i18n key and its values; times are given
 * as DateTime, shown in the tenant's time zone when rendered.
 */
export function moderationRefusal(key: string, values: Record<string, string | DateTime> = {}) {
  /* 409: the story's state (not the input) is what stands in the way. */
  return new DomainError(key, { values, status: 409 })
}

export type ModerationEdit = {
  version: number
  publicTitle: string
  publicBody: string
  criticality: number
  tags?: number[]
  services?: number[]
  /** On publishing: why the story was edited, shown to its author beside the word diff. */
  noteToAuthor?: string | null
}

/** Replaces the story's services with `serviceIds` (at least one; this tenant's, not merged away). */
async function setServices(story: Story, serviceIds: number[], trx: TransactionClientContract) {
  const wanted = [...new Set(serviceIds)].sort((a, b) => a - b)
  if (!wanted.length) throw moderationRefusal('moderation.errors.noService')
  const found = await Service.query({ client: trx })
    .whereIn('id', wanted)
    .whereNot('status', SERVICE_STATUS.merged)
  if (found.length !== wanted.length) throw moderationRefusal('moderation.errors.chooseServices')
  const current = await StoryServiceLink.query({ client: trx }).where('story_id', story.id)
  const before = current.map((link) => link.serviceId).sort((a, b) => a - b)
  if (before.join() === wanted.join()) return null
  await StoryServiceLink.query({ client: trx }).where('story_id', story.id).delete()
  for (const serviceId of wanted)
    await StoryServiceLink.create({ storyId: story.id, serviceId }, { client: trx })
  return { from: before, to: wanted }
}

/** Tags and services, when the edit names them; returns the recorded changes. */
export async function setLinks(story: Story, edit: ModerationEdit, trx: TransactionClientContract) {
  const changes: Record<string, unknown> = {}
  const tags = edit.tags ? await setTags(story, edit.tags, trx) : null
  if (tags) changes.tags = tags
  const services = edit.services ? await setServices(story, edit.services, trx) : null
  if (services) changes.services = services
  return changes
}

/** Replaces the story's tags with `tagIds`, all of which must be this tenant's. */
async function setTags(story: Story, tagIds: number[], trx: TransactionClientContract) {
  const wanted = [...new Set(tagIds)]
  const tags = wanted.length ? await StoryTag.query({ client: trx }).whereIn('id', wanted) : []
  if (tags.length !== wanted.length) throw moderationRefusal('moderation.errors.chooseTags')
  const current = await StoryTagLink.query({ client: trx }).where('story_id', story.id)
  const before = current.map((link) => link.tagId).sort((a, b) => a - b)
  const after = wanted.sort((a, b) => a - b)
  if (before.join() === after.join()) return null
  await StoryTagLink.query({ client: trx }).where('story_id', story.id).delete()
  for (const tagId of after)
    await StoryTagLink.create({ storyId: story.id, tagId }, { client: trx })
  return { from: before, to: after }
}

export async function lockForWork(
  storyId: number,
  user: User | null,
  trx: TransactionClientContract
) {
  const story = await Story.query({ client: trx }).where('id', storyId).forUpdate().firstOrFail()
  /* A story in provider review is still a moderator's (#services/moderation/provider_review). */
  if (story.status !== STORY_STATUS.awaitingModeration && !story.inProviderReview)
    throw moderationRefusal('moderation.errors.notAwaiting')
  const heldByOther =
    story.claimedById &&
    story.claimedById !== user?.id &&
    story.claimedUntil &&
    story.claimedUntil > DateTime.now()
  if (heldByOther) {
    const holder = await story.related('claimedBy').query().useTransaction(trx).first()
    throw moderationRefusal('moderation.errors.heldByOther', {
      name: holder?.name ?? '',
      time: story.claimedUntil!,
    })
  }
  return story
}

export async function record(
  story: Story,
  user: User | null,
  action: ModerationAction,
  trx: TransactionClientContract,
  extra: { reason?: string | null; changes?: Record<string, unknown> } = {}
) {
  await ModerationEvent.create(
    {
      storyId: story.id,
      actorId: user?.id ?? null,
      action,
      reason: extra.reason ?? null,
      changes: extra.changes ?? {},
    },
    { client: trx }
  )
  await auditTenant(
    { action: `story.${action}`, actor: user, subject: { type: 'story', id: story.id } },
    trx
  )
}

export function applyEdit(story: Story, edit: ModerationEdit) {
  if (edit.version !== story.version) {
    throw moderationRefusal('moderation.errors.staleVersion')
  }
  const changes: Record<string, unknown> = {}
  if (edit.publicTitle !== (story.publicTitle ?? story.title))
    changes.title = { from: story.publicTitle ?? story.title, to: edit.publicTitle }
  if (edit.publicBody !== (story.publicBody ?? story.originalBody)) {
    changes.body = { from: story.publicBody ?? story.originalBody, to: edit.publicBody }
  }
  if (edit.criticality !== story.criticality)
    changes.criticality = { from: story.criticality, to: edit.criticality }
  story.merge({
    publicTitle: edit.publicTitle,
    publicBody: edit.publicBody,
    criticality: edit.criticality,
    version: story.version + 1,
  })
  return changes
}
