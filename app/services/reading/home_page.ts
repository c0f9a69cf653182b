/**
 * What a tenant's home page shows: the latest publicly visible stories as
 * cards, the tenant's figures of the last 12 months, and the tags to
 * browse by. A fixed number of queries, each in the current tenant.
 */
import Story from '#models/story'
import StoryTag from '#models/story_tag'
import { figuresFor } from '#services/reading/figures'
import { storyCards } from '#services/reading/story_cards'

export const HOME_STORIES = 6

export async function homePage() {
  const latest = await Story.publiclyVisible(Story.query())
    .select('stories.id')
    .orderBy('stories.published_at', 'desc')
    .orderBy('stories.id', 'desc')
    .limit(HOME_STORIES)
  return {
    stories: await storyCards(latest.map((story) => story.id)),
    figures: await figuresFor({ kind: 'tenant' }),
    tags: await StoryTag.query().orderBy('question').orderBy('position'),
  }
}
