/**
 * The moderation page's one form, decided in one place. A service the
 * moderator names by its ref (or slug) joins the ticked ones; a story that
 * is already published is corrected (its public text and links, no new
 * emails); otherwise the moderator saves the work so far or publishes.
 * Each of those is one transaction with its event (#services/moderation/moderate_story).
 */
import type User from '#models/user'
import Story, { STORY_STATUS } from '#models/story'
import { findServiceByReference } from '#services/directory/service_lookup'
import {
  correctPublishedStory,
  publishStory,
  saveModeration,
} from '#services/moderation/moderate_story'
import { moderationRefusal, type ModerationEdit } from '#services/moderation/moderation_work'
import type { Acting } from '#tenancy/site'

export async function submitModerationForm(
  acting: Acting & { actor: User },
  storyId: number,
  form: ModerationEdit & { addService?: string },
  decision: { publish: boolean }
): Promise<{ story: Story; corrected: boolean }> {
  const { addService, ...edit } = form
  const current = await Story.find(storyId)
  const corrected = current?.status === STORY_STATUS.published
  if (addService) {
    const added = await findServiceByReference(addService)
    if (!added) throw moderationRefusal('moderation.errors.unknownService', { ref: addService })
    edit.services = [...(edit.services ?? []), added.id]
  }
  if (corrected)
    return { story: await correctPublishedStory(storyId, edit, acting.actor), corrected }
  const story = decision.publish
    ? await publishStory(acting, storyId, edit)
    : await saveModeration(storyId, edit, acting.actor)
  return { story, corrected }
}
