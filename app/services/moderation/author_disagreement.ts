/**
 * The author of a published story says they disagree with the moderator's
 * edits. It flags the story to the moderators exactly as a reader's report
 * does (the queue's "reported" stories, dismissed or acted on the same way),
 * with the author's own reason, and is recorded in the story's history in
 * the same transaction. One open disagreement at a time.
 */
import db from '@adonisjs/lucid/services/db'
import ModerationEvent from '#models/moderation_event'
import Story from '#models/story'
import StoryReport, { AUTHOR_DISAGREES } from '#models/story_report'
import { DomainError } from '#exceptions/domain_error'
import { MODERATION_ACTION } from '#services/moderation/moderation_actions'

export async function disagreeWithEdits(storyId: number, message: string) {
  return db.transaction(async (trx) => {
    const story = await Story.query({ client: trx }).where('id', storyId).forUpdate().firstOrFail()
    if (!story.isPubliclyVisible) throw new DomainError('stories.author.errors.notPublished')
    const open = await StoryReport.query({ client: trx })
      .where('story_id', story.id)
      .where('reason', AUTHOR_DISAGREES)
      .whereNull('resolved_at')
      .first()
    if (open) throw new DomainError('stories.author.errors.alreadyDisagreed')
    await StoryReport.create(
      { storyId: story.id, reason: AUTHOR_DISAGREES, message },
      { client: trx }
    )
    await ModerationEvent.create(
      {
        storyId: story.id,
        actorId: null,
        action: MODERATION_ACTION.authorDisagreed,
        reason: message,
        changes: { by: 'author' },
      },
      { client: trx }
    )
    return story
  })
}
