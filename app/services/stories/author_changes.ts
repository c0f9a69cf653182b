/**
 * What the moderators changed in a published story, for its author's
 * private page: a word diff of what they wrote against what the public
 * sees, the moderator's note from publishing, and whether the author has
 * already said they disagree. Nothing before publication (the edit is not
 * final) and nothing once the original has been erased under the tenant's
 * retention.
 */
import ModerationEvent from '#models/moderation_event'
import type Story from '#models/story'
import StoryReport, { AUTHOR_DISAGREES } from '#models/story_report'
import { diffWords } from '#lib/text_diff'
import { MODERATION_ACTION } from '#services/moderation/moderation_actions'

export async function changesForAuthor(story: Story) {
  if (!story.isPubliclyVisible || story.originalErasedAt || story.publicBody === null) return null
  const publicTitle = story.publicTitle ?? story.title
  const published = await ModerationEvent.query()
    .where('story_id', story.id)
    .where('action', MODERATION_ACTION.published)
    .orderBy('id', 'desc')
    .first()
  const disagreement = await StoryReport.query()
    .where('story_id', story.id)
    .where('reason', AUTHOR_DISAGREES)
    .whereNull('resolved_at')
    .first()
  return {
    changed: publicTitle !== story.title || story.publicBody !== story.originalBody,
    title: publicTitle !== story.title ? { from: story.title, to: publicTitle } : null,
    body: diffWords(story.originalBody, story.publicBody),
    note: published?.reason ?? null,
    disagreedAt: disagreement?.createdAt ?? null,
  }
}
