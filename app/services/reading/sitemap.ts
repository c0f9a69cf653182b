/**
 * A tenant's sitemaps (sitemaps.org 0.9): its sections, services, areas,
 * tags and publicly visible stories, on its own primary domain. Past
 * `limits.pageSize` URLs, /sitemap.xml is an index of pages: page 1 holds
 * the sections, services, areas and tags, the next ones the stories in id
 * order. Every query is in the current tenant; stories go through
 * Story.publiclyVisible.
 */
import Area from '#models/area'
import Service from '#models/service'
import Story from '#models/story'
import StoryTag from '#models/story_tag'
import { escapeXml } from '#services/notifications/feeds'

/** The sitemaps.org limit; tests lower it. */
export const limits = { pageSize: 50_000 }

const SECTIONS = ['/', '/stories', '/services', '/areas', '/figures', '/tell']

type Entry = { path: string; lastmod?: string | null }

async function directoryEntries(): Promise<Entry[]> {
  const services = await Service.query()
    .select('slug', 'updated_at')
    .orderBy('id')
    .limit(limits.pageSize)
  const areas = await Area.query().select('slug').orderBy('id').limit(limits.pageSize)
  const tags = await StoryTag.query().select('id').orderBy('id').limit(limits.pageSize)
  return [
    ...SECTIONS.map((path) => ({ path })),
    ...services.map((service) => ({
      path: `/services/${encodeURIComponent(service.slug)}`,
      lastmod: service.updatedAt?.toISODate(),
    })),
    ...areas.map((area) => ({ path: `/areas/${encodeURIComponent(area.slug)}` })),
    ...tags.map((tag) => ({ path: `/tags/${tag.id}` })),
  ].slice(0, limits.pageSize)
}

async function storyEntries(offset: number, limit: number): Promise<Entry[]> {
  const stories = await Story.publiclyVisible(Story.query())
    .select('stories.id', 'stories.published_at', 'stories.updated_at')
    .orderBy('stories.id')
    .offset(offset)
    .limit(limit)
  return stories.map((story) => ({
    path: `/stories/${story.id}`,
    lastmod: (story.updatedAt ?? story.publishedAt)?.toISODate(),
  }))
}

async function storyCount() {
  const row = await Story.publiclyVisible(Story.query()).count('* as total').first()
  return Number(row?.$extras.total ?? 0)
}

function urlset(base: string, entries: Entry[]) {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...entries.map(
      (entry) =>
        `  <url><loc>${escapeXml(base + entry.path)}</loc>${entry.lastmod ? `<lastmod>${entry.lastmod}</lastmod>` : ''}</url>`
    ),
    '</urlset>',
    '',
  ].join('\n')
}

/** /sitemap.xml: everything, or an index when there is too much for one page. */
export async function sitemapRoot(base: string) {
  const directory = await directoryEntries()
  const stories = await storyCount()
  if (directory.length + stories <= limits.pageSize) {
    return urlset(base, [...directory, ...(await storyEntries(0, limits.pageSize))])
  }
  const pages = 1 + Math.ceil(stories / limits.pageSize)
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...Array.from(
      { length: pages },
      (_, index) =>
        `  <sitemap><loc>${escapeXml(`${base}/sitemaps/${index + 1}.xml`)}</loc></sitemap>`
    ),
    '</sitemapindex>',
    '',
  ].join('\n')
}

/** /sitemaps/N.xml of the index; null past the last page. */
export async function sitemapPage(base: string, page: number) {
  if (page === 1) return urlset(base, await directoryEntries())
  const offset = (page - 2) * limits.pageSize
  if (offset >= (await storyCount())) return null
  return urlset(base, await storyEntries(offset, limits.pageSize))
}
