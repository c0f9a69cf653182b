/**
 * Moderating a story: claim it, edit the public text, rate and publish or
 * reject it, correct it once published. Guarantees: only stories awaiting
 * moderation are worked on (a correction only a published one); every
 * action is one transaction with its moderation event (who, what, why, the
 * changes) and an audit entry (#services/moderation/moderation_work); the
 * author is emailed after commit. The original text is never changed.
 * Also in this folder: the queue (moderation_queue), asking and telling the
 * author (tell_author), safeguarding (escalate_story), readers' reports
 * (story_reports).
 */
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Story, { STORY_STATUS } from '#models/story'
import ModerationReason from '#models/moderation_reason'
import type User from '#models/user'
import { storyPublishedJob } from '#jobs/story_published'
import { type Acting } from '#tenancy/site'
import { refreshListings } from '#services/stories/story_listings'
import { tenancy } from '#tenancy/context'
import { MODERATION_ACTION } from '#services/moderation/moderation_actions'
import {
  applyEdit,
  CLAIM_MINUTES,
  lockForWork,
  moderationRefusal,
  record,
  setLinks,
  type ModerationEdit,
} from '#services/moderation/moderation_work'
import { tellAuthor } from '#services/moderation/tell_author'
import { afterReviewDecision, beforePublishing } from '#services/moderation/provider_review'

export async function claimStory(storyId: number, user: User) {
  return db.transaction(async (trx) => {
    const story = await lockForWork(storyId, user, trx)
    story.merge({
      claimedById: user.id,
      claimedUntil: DateTime.now().plus({ minutes: CLAIM_MINUTES }),
    })
    story.useTransaction(trx)
    await story.save()
    await record(story, user, MODERATION_ACTION.claimed, trx)
    return story
  })
}

/**
 * A late correction: a moderator edits a published story (a name a reader
 * reported, a wrong service, a tag) without taking it down. The same
 * optimistic locking as before publication; recorded with what changed;
 * its listings follow its services and tags at once, and the staff and
 * subscribers of services it newly names are alerted. No claim is needed.
 */
export async function correctPublishedStory(storyId: number, edit: ModerationEdit, user: User) {
  return db.transaction(async (trx) => {
    const story = await Story.query({ client: trx }).where('id', storyId).forUpdate().firstOrFail()
    if (story.status !== STORY_STATUS.published)
      throw moderationRefusal('moderation.errors.onlyPublishedCorrected')
    const changes = { ...applyEdit(story, edit), ...(await setLinks(story, edit, trx)) }
    story.useTransaction(trx)
    await story.save()
    if (changes.services || changes.tags) await refreshListings([story.id], trx)
    await record(story, user, MODERATION_ACTION.corrected, trx, { changes })
    /*
     * Services added: alert their staff and subscribers. Deliveries are
     * unique per story and recipient, so those already told are not told again.
     */
    if (changes.services)
      await storyPublishedJob.enqueue(
        { storyId: story.id },
        {
          client: trx,
          dedupeKey: `story.published:${tenancy.require().id}:${story.id}:v${story.version}`,
        }
      )
    return story
  })
}

export async function saveModeration(storyId: number, edit: ModerationEdit, user: User) {
  return db.transaction(async (trx) => {
    const story = await lockForWork(storyId, user, trx)
    const changes = { ...applyEdit(story, edit), ...(await setLinks(story, edit, trx)) }
    /* Saving is working on the story: the saver holds it, so the page offers no stale "Claim". */
    story.merge({
      claimedById: user.id,
      claimedUntil: DateTime.now().plus({ minutes: CLAIM_MINUTES }),
    })
    story.useTransaction(trx)
    await story.save()
    await record(story, user, MODERATION_ACTION.edited, trx, { changes })
    return story
  })
}

/**
 * Publishes a story: by a moderator on the web, or by the system (a job,
 * a command) when `acting.actor` is null. The author's email, the staff
 * alerts and the subscribers' emails are the same either way.
 */
export async function publishStory(
  acting: Acting,
  storyId: number,
  edit: ModerationEdit,
  /** A job's transaction: the publication commits with the job (a savepoint inside it). */
  client?: TransactionClientContract
) {
  const user = acting.actor
  const transaction = client ? client.transaction.bind(client) : db.transaction.bind(db)
  const story = await transaction(async (trx) => {
    const locked = await lockForWork(storyId, user, trx)
    const changes = { ...applyEdit(locked, edit), ...(await setLinks(locked, edit, trx)) }
    /* A private provider's story waits for its review window first. */
    const step = await beforePublishing(acting, locked, edit, changes, trx)
    if (step.hold) return locked
    locked.merge({
      status: STORY_STATUS.published,
      publishedAt: DateTime.now(),
      claimedById: null,
      claimedUntil: null,
    })
    locked.useTransaction(trx)
    await locked.save()
    await record(locked, user, MODERATION_ACTION.published, trx, {
      changes,
      reason: step.noteToAuthor,
    })
    await refreshListings([locked.id], trx)
    /* Alerts and subscriber emails: a job that exists only if this commits. */
    await storyPublishedJob.enqueue(
      { storyId: locked.id },
      { client: trx, dedupeKey: `story.published:${tenancy.require().id}:${locked.id}` }
    )
    await tellAuthor(acting, locked, trx, 'published')
    return locked
  })
  return story
}

export type Rejection = { reasonId?: number | null; message: string }

/** Rejects with a reason from the tenant's policy list (when it has one) and a message to the author. */
export async function rejectStory(acting: Acting, storyId: number, rejection: Rejection) {
  const user = acting.actor
  let reason = ''
  const story = await db.transaction(async (trx) => {
    const locked = await lockForWork(storyId, user, trx)
    const policy = await ModerationReason.query({ client: trx }).orderBy('position')
    const chosen = policy.find((item) => item.id === rejection.reasonId)
    if (policy.length && !chosen) throw moderationRefusal('moderation.errors.chooseReason')
    reason = chosen?.label ?? ''
    const wasInReview = locked.inProviderReview
    locked.merge({
      status: STORY_STATUS.rejected,
      decidedAt: DateTime.now(),
      claimedById: null,
      claimedUntil: null,
      version: locked.version + 1,
    })
    locked.useTransaction(trx)
    await locked.save()
    await record(locked, user, MODERATION_ACTION.rejected, trx, {
      reason: reason || null,
      changes: { message: rejection.message },
    })
    await afterReviewDecision(locked, wasInReview, user, 'rejected', trx)
    const told = [reason, rejection.message].filter(Boolean).join('\n\n')
    await tellAuthor(acting, locked, trx, 'rejected', told)
    return locked
  })
  return story
}
