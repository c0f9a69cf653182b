/**
 * The one card every story list shows (home, service, area, tag, search):
 * title, an excerpt of the moderated text (or, in a search, highlighted
 * snippets), services, date, tags, progress, response count and how many
 * readers experienced the same.
 *
 * Guarantees: only publicly visible stories of the current tenant (loaded
 * through the scoped model and Story.publiclyVisible), only public text,
 * and a fixed number of queries however many cards. Highlighted HTML is
 * built here from escaped text: the only markup in it is <mark>.
 */
import db from '@adonisjs/lucid/services/db'
import type { DateTime } from 'luxon'
import Story from '#models/story'
import { tenancy } from '#tenancy/context'

export type StoryCard = {
  id: number
  titleHtml: string
  excerptHtml: string
  publishedAt: DateTime
  displayName: string
  authorRole: string
  services: { slug: string; name: string }[]
  tags: { id: number; label: string; question: string }[]
  progress: Story['progress']
  staffViews: number
  responseCount: number
  experiencedCount: number
}

const EXCERPT_CHARS = 220
/* Enough text for the longest excerpt (with the whitespace it collapses). */
const EXCERPT_READ_CHARS = 1200
/* Private-use characters mark highlights; they are removed from the text first. */
const START = '\uE000'
const STOP = '\uE001'

export function escapeHtml(text: string) {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}

/** Escaped text in which START…STOP become <mark>…</mark>. */
export function highlightedHtml(marked: string) {
  let open = false
  let html = ''
  for (const piece of marked.split(/([\uE000\uE001])/)) {
    if (piece === START && !open) {
      html += '<mark>'
      open = true
    } else if (piece === STOP && open) {
      html += '</mark>'
      open = false
    } else if (piece !== START && piece !== STOP) html += escapeHtml(piece)
  }
  return open ? `${html}</mark>` : html
}

/** The start of a text, cut at a word, with an ellipsis when shortened. */
export function excerpt(text: string, size = EXCERPT_CHARS) {
  const flat = text.replace(/\s+/g, ' ').trim()
  if (flat.length <= size) return flat
  const cut = flat.slice(0, size)
  const space = cut.lastIndexOf(' ')
  return `${(space > size / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:]+$/, '')}…`
}

const HEADLINE_QUERY = `to_tsquery('pg_catalog.english', ?) || to_tsquery('pg_catalog.simple', ?)`

/**
 * Cards of these stories, in the order given (stories no longer public
 * drop out). With `tsquery` (as built by parseQuery) the title and
 * excerpt show the matched words highlighted.
 */
export async function storyCards(ids: number[], tsquery: string | null = null) {
  if (!ids.length) return []
  const tenantId = tenancy.require().id
  /*
   * Only the columns a card shows, and no more of the text than an excerpt
   * needs: a story's original text, search vector and up to 1,500 words of
   * body are not read for a card.
   */
  const stories = await Story.publiclyVisible(Story.query())
    .select(
      'stories.id',
      'stories.public_title',
      db.raw(`left(stories.public_body, ${EXCERPT_READ_CHARS}) as public_body`),
      'stories.published_at',
      'stories.display_name',
      'stories.author_role',
      'stories.progress',
      'stories.staff_views',
      'stories.experienced_count'
    )
    .whereIn('stories.id', ids)
    .preload('services', (query) => query.select('services.id', 'slug', 'name'))
    .preload('tags', (query) => query.orderBy('question').orderBy('position'))
  const counts = await db.rawQuery<{ rows: { story_id: string; total: number }[] }>(
    `select story_id, count(*)::int as total from responses
      where tenant_id = ? and story_id = any(?) group by story_id`,
    [tenantId, ids]
  )
  const responseCount = new Map(counts.rows.map((row) => [Number(row.story_id), row.total]))
  const headlines = new Map<number, { title: string; body: string }>()
  if (tsquery) {
    const options = `StartSel=${START}, StopSel=${STOP}`
    const result = await db.rawQuery<{ rows: { id: string; title: string; body: string }[] }>(
      `select id,
              ts_headline(carevoice_search_config(locale), translate(coalesce(public_title, ''), ?, ''),
                          ${HEADLINE_QUERY}, ?) as title,
              ts_headline(carevoice_search_config(locale), translate(coalesce(public_body, ''), ?, ''),
                          ${HEADLINE_QUERY}, ?) as body
         from stories where tenant_id = ? and id = any(?)`,
      [
        START + STOP,
        tsquery,
        tsquery,
        `${options}, HighlightAll=true`,
        START + STOP,
        tsquery,
        tsquery,
        `${options}, MaxFragments=2, MaxWords=30, MinWords=12, FragmentDelimiter=" … "`,
        tenantId,
        ids,
      ]
    )
    for (const row of result.rows)
      headlines.set(Number(row.id), { title: row.title, body: row.body })
  }
  const byId = new Map(stories.map((story) => [story.id, story]))
  return ids
    .map((id) => byId.get(id))
    .filter((story): story is Story => Boolean(story))
    .map((story): StoryCard => {
      const headline = headlines.get(story.id)
      const body = headline ? headline.body : excerpt(story.publicBody ?? '')
      return {
        id: story.id,
        titleHtml: headline ? highlightedHtml(headline.title) : escapeHtml(story.publicTitle ?? ''),
        excerptHtml: headline ? highlightedHtml(excerpt(body, 400)) : escapeHtml(body),
        publishedAt: story.publishedAt!,
        displayName: story.displayName,
        authorRole: story.authorRole,
        services: story.services.map((service) => ({ slug: service.slug, name: service.name })),
        tags: story.tags.map((tag) => ({ id: tag.id, label: tag.label, question: tag.question })),
        progress: story.progress,
        staffViews: story.staffViews,
        responseCount: responseCount.get(story.id) ?? 0,
        experiencedCount: story.experiencedCount ?? 0,
      }
    })
}

/** Cards for stories already loaded (a listing page), same order. */
export function cardsOf(stories: Pick<Story, 'id'>[]) {
  return storyCards(stories.map((story) => story.id))
}
