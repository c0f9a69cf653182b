/**
 * A story's public page, assembled in one place: only a publicly visible
 * story is shown (Story.publiclyVisible); a hidden or withdrawn one is
 * gone (the page says which), a story of this tenant's former deployment
 * has moved to its new id, and anything else is not found (404).
 */
import Story, { STORY_STATUS } from '#models/story'
import { TAG_QUESTIONS } from '#models/story_tag'
import { publicResponses } from '#services/responses/respond'
import { movedId } from '#services/tenants/transfer/moved_ids'
import { excerpt } from '#services/reading/story_cards'
import { paragraphs } from '#lib/paragraphs'

export type PublicStoryPage =
  | { movedTo: number }
  | { gone: { withdrawn: boolean } }
  | { page: Awaited<ReturnType<typeof pageOf>> }

export async function publicStoryPage(id: number): Promise<PublicStoryPage> {
  const story = await Story.query().where('id', id).first()
  if (!story) {
    /* A link from before this tenant moved here. */
    const newId = await movedId('stories', id)
    if (newId) return { movedTo: newId }
  }
  if (story && ([STORY_STATUS.hidden, STORY_STATUS.withdrawn] as string[]).includes(story.status))
    return { gone: { withdrawn: story.status === STORY_STATUS.withdrawn } }
  const visible = await Story.publiclyVisible(Story.query())
    .where('id', story?.id ?? 0)
    .preload('services')
    .preload('tags')
    .firstOrFail()
  return { page: await pageOf(visible) }
}

async function pageOf(story: Story) {
  return {
    story,
    responses: await publicResponses(story.id),
    description: excerpt(story.publicBody ?? '', 155),
    paragraphs: paragraphs(story.publicBody),
    tagGroups: TAG_QUESTIONS.map((question) => ({
      question,
      tags: story.tags.filter((tag) => tag.question === question),
    })).filter((group) => group.tags.length),
  }
}
