/**
 * Atom 1.0 feeds of a service (with everything below it), an area (with its
 * localities), a tag or the whole site: the latest published stories and
 * the responses to them, newest first.
 *
 * Guarantees:
 * - a story is in a feed only if `Story.publiclyVisible` says so, and a
 *   response only if its story is (so nothing unpublished, hidden or
 *   withdrawn, and nothing of another tenant: every query is in the
 *   current tenant);
 * - only public text: a story's public title and body, a response's body,
 *   its signature and service;
 * - every piece of text is XML-escaped, with the characters XML 1.0 forbids
 *   removed, so a feed is always well-formed.
 */
import { DateTime } from 'luxon'
import type { ModelQueryBuilderContract } from '@adonisjs/lucid/types/model'
import Area from '#models/area'
import Response from '#models/response'
import Service from '#models/service'
import Story from '#models/story'
import StoryTag from '#models/story_tag'
import { tenancy } from '#tenancy/context'

export const FEED_SIZE = 50

export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8'

/** What a feed covers. */
export type FeedScope =
  | { kind: 'tenant' }
  | { kind: 'service'; service: Service }
  | { kind: 'area'; area: Area }
  | { kind: 'tag'; tag: StoryTag }

export type FeedEntry = {
  id: string
  title: string
  author: string
  link: string
  published: DateTime
  updated: DateTime
  content: string
}

export type Feed = {
  id: string
  title: string
  /** The feed's own absolute URL. */
  self: string
  /** The absolute URL of the page it follows. */
  alternate: string
  author: string
  lang: string
  entries: FeedEntry[]
}

/* Everything but Tab, LF, CR and the ranges XML 1.0 allows (lone surrogates included). */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu

/** Text safe inside an XML element or a quoted attribute. */
export function escapeXml(text: string) {
  return text.replace(NOT_XML_CHAR, '').replace(/[&<>"']/g, (char) => {
    switch (char) {
      case '&':
        return '&amp;'
      case '<':
        return '&lt;'
      case '>':
        return '&gt;'
      case '"':
        return '&quot;'
      default:
        return '&apos;'
    }
  })
}

/** A service, an area (its feed includes the areas inside it) or a tag of the current tenant, by slug or id; null if none. */
export async function findScope(
  kind: FeedScope['kind'],
  ref: string | undefined
): Promise<FeedScope | null> {
  if (kind === 'tenant') return { kind }
  if (!ref || ref.length > 140) return null
  if (kind === 'service') {
    const service = await Service.query().where('slug', ref).first()
    return service ? { kind, service } : null
  }
  if (kind === 'area') {
    /* The stories of the areas inside it come through its story_listings rows. */
    const area = await Area.query().where('slug', ref).first()
    return area ? { kind, area } : null
  }
  if (!/^\d{1,15}$/.test(ref)) return null
  const tag = await StoryTag.find(Number(ref))
  return tag ? { kind, tag } : null
}

/** The public stories a feed covers (a query to run, or to use as a subquery). */
function storiesIn(scope: FeedScope) {
  const query = Story.publiclyVisible(Story.query())
  const listing =
    scope.kind === 'service'
      ? { kind: 'service', id: scope.service.id }
      : scope.kind === 'area'
        ? { kind: 'area', id: scope.area.id }
        : scope.kind === 'tag'
          ? { kind: 'tag', id: scope.tag.id }
          : null
  if (listing) {
    /* One range of the story_listings index (see #services/story_listings). */
    query
      .join('story_listings', (join) =>
        join
          .on('story_listings.tenant_id', 'stories.tenant_id')
          .andOn('story_listings.story_id', 'stories.id')
      )
      .where('story_listings.kind', listing.kind)
      .where('story_listings.target_id', listing.id)
  }
  return query
}

/** The latest stories of a feed, newest first, on the (tenant_id, published_at, id) index. */
async function latestStories(scope: FeedScope) {
  /* Ordered by the index the query reads: the listing's for a service, area or tag. */
  const table = scope.kind === 'tenant' ? 'stories' : 'story_listings'
  const id = scope.kind === 'tenant' ? 'stories.id' : 'story_listings.story_id'
  /* Only what an entry shows: not the original text, the search vector or the author's email. */
  return storiesIn(scope)
    .select(
      'stories.id',
      'stories.public_title',
      'stories.public_body',
      'stories.published_at',
      'stories.display_name'
    )
    .orderBy(`${table}.published_at`, 'desc')
    .orderBy(id, 'desc')
    .limit(FEED_SIZE)
}

/** The latest responses to the stories of a feed, newest first. */
async function latestResponses(scope: FeedScope) {
  const tenantId = tenancy.require().id
  /* A subquery is not run through the scoped model: restrict it to the tenant here. */
  const visible = storiesIn(scope)
    .select('stories.id')
    .where('stories.tenant_id', tenantId) as ModelQueryBuilderContract<typeof Story>
  const responses = await Response.query()
    .whereIn('story_id', visible)
    .preload('service')
    .orderBy('responses.created_at', 'desc')
    .orderBy('responses.id', 'desc')
    .limit(FEED_SIZE)
  const storyIds = [...new Set(responses.map((response) => response.storyId))]
  const stories = await Story.query().select('id', 'public_title').whereIn('id', storyIds)
  const titles = new Map(stories.map((story) => [story.id, story.publicTitle ?? '']))
  return responses.map((response) => ({ response, storyTitle: titles.get(response.storyId) ?? '' }))
}

/**
 * The entries of a feed: its latest stories and responses merged, newest
 * first, at most FEED_SIZE. `t` translates; `baseUrl` has no trailing slash.
 */
export async function feedEntries(
  scope: FeedScope,
  baseUrl: string,
  t: (key: string, data?: Record<string, unknown>) => string
): Promise<FeedEntry[]> {
  const [stories, responses] = await Promise.all([latestStories(scope), latestResponses(scope)])
  const storyEntries: FeedEntry[] = stories.map((story) => {
    const link = `${baseUrl}/stories/${story.id}`
    return {
      id: link,
      title: story.publicTitle ?? '',
      author: story.displayName,
      link,
      published: story.publishedAt!,
      updated: story.publishedAt!,
      content: story.publicBody ?? '',
    }
  })
  const responseEntries: FeedEntry[] = responses.map(({ response, storyTitle }) => {
    const link = `${baseUrl}/stories/${response.storyId}`
    const service = response.service?.name ?? ''
    return {
      id: `${link}#response-${response.id}`,
      title: t('subscriptions.feeds.responseTitle', { service, title: storyTitle }),
      author: [response.authorName, response.authorJobTitle, service].filter(Boolean).join(', '),
      link: `${link}#response-${response.id}`,
      published: response.createdAt,
      updated: response.updatedAt ?? response.createdAt,
      content: response.body,
    }
  })
  return [...storyEntries, ...responseEntries]
    .sort((a, b) => b.published.toMillis() - a.published.toMillis() || b.id.localeCompare(a.id))
    .slice(0, FEED_SIZE)
}

function atomDate(date: DateTime) {
  return date.toUTC().toISO({ suppressMilliseconds: true })!
}

/** The feed as an Atom 1.0 document. */
export function renderAtom(feed: Feed) {
  const updated = feed.entries.reduce<DateTime | null>(
    (latest, entry) => (!latest || entry.updated > latest ? entry.updated : latest),
    null
  )
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(feed.lang)}">`,
    `  <id>${escapeXml(feed.id)}</id>`,
    `  <title type="text">${escapeXml(feed.title)}</title>`,
    /* An empty feed has nothing newer than the Unix epoch: stable for caches. */
    `  <updated>${atomDate(updated ?? DateTime.fromMillis(0))}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(feed.self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(feed.alternate)}"/>`,
    `  <author><name>${escapeXml(feed.author)}</name></author>`,
    '  <generator>Carevoice</generator>',
  ]
  for (const entry of feed.entries) {
    lines.push(
      '  <entry>',
      `    <id>${escapeXml(entry.id)}</id>`,
      `    <title type="text">${escapeXml(entry.title)}</title>`,
      `    <updated>${atomDate(entry.updated)}</updated>`,
      `    <published>${atomDate(entry.published)}</published>`,
      `    <author><name>${escapeXml(entry.author)}</name></author>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(entry.link)}"/>`,
      `    <content type="text">${escapeXml(entry.content)}</content>`,
      '  </entry>'
    )
  }
  lines.push('</feed>', '')
  return lines.join('\n')
}

/** The page a feed belongs to (its `alternate` link) and the feed's title, in the reader's language. */
export function feedHeading(
  scope: FeedScope,
  t: (key: string, data?: Record<string, unknown>) => string,
  site: string
): { path: string; title: string } {
  switch (scope.kind) {
    case 'service':
      return {
        path: `/services/${scope.service.slug}`,
        title: t('subscriptions.feeds.serviceTitle', { name: scope.service.name }),
      }
    case 'area':
      return {
        path: `/areas/${scope.area.slug}`,
        title: t('subscriptions.feeds.areaTitle', { name: scope.area.name }),
      }
    case 'tag':
      return {
        path: `/subscriptions/new?target=tag&ref=${scope.tag.id}`,
        title: t('subscriptions.feeds.tagTitle', { name: scope.tag.label }),
      }
    default:
      return { path: '/', title: t('subscriptions.feeds.tenantTitle', { name: site }) }
  }
}
