import type { HttpContext } from '@adonisjs/core/http'
import Area from '#models/area'
import Service from '#models/service'
import { AUTHOR_ROLES } from '#models/story'
import StoryTag from '#models/story_tag'
import { absoluteUrl } from '#tenancy/request_site'
import { ATOM_CONTENT_TYPE, renderAtom } from '#services/notifications/feeds'
import {
  COUNT_CAP,
  PROGRESS_FILTERS,
  searchInput,
  searchQueryString,
  searchStories,
} from '#services/reading/story_search'
import { searchFeedEntries } from '#services/reading/search_feed'

/** Story search at /stories (works without JavaScript), its Atom feed, and the old /search. */
export default class StorySearchController {
  async index({ request, view }: HttpContext) {
    const input = searchInput(request.qs())
    const result = await searchStories(input)
    const query = searchQueryString(input)
    return view.render('pages/public/search/index', {
      ...result,
      query,
      countCap: COUNT_CAP,
      choices: {
        /* The filter lists: the tenant's top two levels of services, its areas and tags. */
        services: await Service.query().where('depth', '<=', 1).orderBy('path').limit(300),
        areas: await Area.query().orderBy('name'),
        tags: await StoryTag.query().orderBy('question').orderBy('position'),
        progress: Object.keys(PROGRESS_FILTERS),
        roles: AUTHOR_ROLES,
      },
      nextUrl: result.next ? `/stories?${searchQueryString(input, { after: result.next })}` : null,
      feedUrl: `/stories/feed.atom${query ? `?${query}` : ''}`,
    })
  }

  async feed(ctx: HttpContext) {
    const input = { ...searchInput(ctx.request.qs()), order: 'newest' as const, after: null }
    const base = absoluteUrl(ctx, '')
    const query = searchQueryString(input)
    const site = ctx.tenant!.name
    const title = input.q.trim()
      ? ctx.i18n.t('reading.search.feedTitleFor', { q: input.q.slice(0, 100) })
      : ctx.i18n.t('reading.search.feedTitle')
    const xml = renderAtom({
      id: `${base}${ctx.request.url(true)}`,
      self: `${base}${ctx.request.url(true)}`,
      alternate: `${base}/stories${query ? `?${query}` : ''}`,
      title: `${title} – ${site}`,
      author: site,
      lang: ctx.i18n.locale,
      entries: await searchFeedEntries(input, base),
    })
    return ctx.response.header('Content-Type', ATOM_CONTENT_TYPE).send(xml)
  }

  /** /search?q=… was never a page; readers and old links land on the search. */
  redirect({ request, response }: HttpContext) {
    const query = request.parsedUrl.query
    return response
      .redirect()
      .status(301)
      .toPath(`/stories${query ? `?${query}` : ''}`)
  }
}
