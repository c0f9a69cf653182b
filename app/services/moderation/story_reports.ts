/**
 * Readers' reports on published stories and what moderators do about them:
 * hide the story, or read the reports and keep it published. Each in one
 * transaction with its moderation event.
 */
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Story, { STORY_STATUS } from '#models/story'
import StoryReport from '#models/story_report'
import type User from '#models/user'
import { refreshListings } from '#services/stories/story_listings'
import { MODERATION_ACTION } from '#services/moderation/moderation_actions'
import { moderationRefusal, record } from '#services/moderation/moderation_work'

/** Hides a published story: its page answers 410 and it leaves every list. */
export async function hideStory(storyId: number, reason: string, user: User) {
  return db.transaction(async (trx) => {
    const story = await Story.query({ client: trx }).where('id', storyId).forUpdate().firstOrFail()
    if (story.status !== STORY_STATUS.published)
      throw moderationRefusal('moderation.errors.onlyPublishedHidden')
    story.merge({ status: STORY_STATUS.hidden, version: story.version + 1 })
    story.useTransaction(trx)
    await story.save()
    await resolveReports(story, user, trx)
    await refreshListings([story.id], trx)
    await record(story, user, MODERATION_ACTION.hidden, trx, { reason })
    return story
  })
}

export async function resolveReports(story: Story, user: User, trx: TransactionClientContract) {
  return StoryReport.query({ client: trx })
    .where('story_id', story.id)
    .whereNull('resolved_at')
    .update({ resolvedAt: DateTime.now().toSQL(), resolvedById: user.id })
}

/** A moderator read the readers' reports and keeps the story published. */
export async function dismissReports(storyId: number, reason: string, user: User) {
  return db.transaction(async (trx) => {
    const story = await Story.query({ client: trx }).where('id', storyId).forUpdate().firstOrFail()
    const resolved = await resolveReports(story, user, trx)
    if (!Number(resolved)) throw moderationRefusal('moderation.errors.noOpenReports')
    await record(story, user, MODERATION_ACTION.reportsDismissed, trx, { reason })
    return story
  })
}

/** A reader reports a published story; it is flagged to the moderators. */
export async function reportStory(
  storyId: number,
  report: { reason: StoryReport['reason']; message?: string | null }
) {
  return db.transaction(async (trx) => {
    const story = await Story.publiclyVisible(Story.query({ client: trx }))
      .where('id', storyId)
      .first()
    if (!story) return null
    await StoryReport.create(
      { storyId: story.id, reason: report.reason, message: report.message || null },
      { client: trx }
    )
    return story
  })
}
