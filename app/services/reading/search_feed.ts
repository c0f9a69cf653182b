/**
 * The Atom entries of a search: its newest matching stories, public text
 * only (the same search as the page, so the same visibility rules).
 */
import Story from '#models/story'
import type { FeedEntry } from '#services/notifications/feeds'
import { FEED_SIZE } from '#services/notifications/feeds'
import { searchStories, type SearchInput } from '#services/reading/story_search'

export async function searchFeedEntries(input: SearchInput, baseUrl: string): Promise<FeedEntry[]> {
  const { cards } = await searchStories({ ...input, order: 'newest', after: null }, FEED_SIZE)
  const stories = await Story.publiclyVisible(Story.query()).whereIn(
    'stories.id',
    cards.map((card) => card.id)
  )
  const byId = new Map(stories.map((story) => [story.id, story]))
  return cards.flatMap((card) => {
    const story = byId.get(card.id)
    if (!story) return []
    const link = `${baseUrl}/stories/${story.id}`
    return [
      {
        id: link,
        title: story.publicTitle ?? '',
        author: story.displayName,
        link,
        published: story.publishedAt!,
        updated: story.publishedAt!,
        content: story.publicBody ?? '',
      },
    ]
  })
}
