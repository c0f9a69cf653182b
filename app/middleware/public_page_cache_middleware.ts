import { createHash } from 'node:crypto'
import { statSync } from 'node:fs'
import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import edge from 'edge.js'
import { CSRF_FIELD, csrfOf } from '#middleware/csrf_middleware'
import { contentVersion } from '#services/reading/content_version'
import {
  CSRF_MARK,
  bodyFor,
  piecesOf,
  publicPageCache,
  type CachedPage,
} from '#services/reading/public_page_cache'

/**
 * Public pages for readers without a session: an ETag and Cache-Control on
 * each, 304 Not Modified without rendering when the browser already has
 * the page, and the rendered page kept for the next reader
 * (#services/reading/public_page_cache).
 *
 * Guarantees:
 * - only the GET routes of PUBLIC_ROUTES, only for a reader whose session
 *   is empty (no flash message, nobody signed in), and only
 *   answers that are 200 and set no cookie are kept;
 * - the ETag and the cache key name the tenant, its content version (read
 *   once per request from the database), the tenant's settings, the
 *   language, the URL and this build, so a published, changed, hidden or
 *   withdrawn story changes them as soon as it commits. Pages vary on the
 *   language cookie and Accept-Language;
 * - a page with a form is kept with a mark where the CSRF token goes, and
 *   each reader gets their own token in it (and the CSRF cookie, set again
 *   with a 304 too); its ETag also names the reader's CSRF secret, so a
 *   browser never reuses a page whose token is not its own.
 */
const PUBLIC_ROUTES = new Set([
  'home',
  'stories.show',
  'stories.search',
  'stories.search_feed',
  'figures',
  'figures.csv',
  'services.figures',
  'services.figures_csv',
  'areas.figures',
  'areas.figures_csv',
  'areas.index',
  'areas.show',
  'services.index',
  'services.show',
  'tags.show',
  'feeds.tenant',
  'feeds.service',
  'feeds.area',
  'feeds.tag',
  'robots',
  'sitemap',
  'sitemap.page',
])

/** Changes with each build, so a deployment never answers 304 for a page of the previous one. */
const BUILD = String(statSync(app.makePath('package.json')).mtimeMs)

function routeName(ctx: HttpContext) {
  const name = ctx.route?.name ?? ''
  return name.startsWith('public.') ? name.slice('public.'.length) : name
}

function cacheable(ctx: HttpContext) {
  const method = ctx.request.method()
  return (
    (method === 'GET' || method === 'HEAD') &&
    ctx.tenant !== null &&
    PUBLIC_ROUTES.has(routeName(ctx)) &&
    /* Nobody signed in, no flash message to show: the page is the same for every reader. */
    (!ctx.session || (ctx.session.isEmpty && ctx.session.flashMessages.isEmpty))
  )
}

function hash(text: string) {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22)
}

function matches(ifNoneMatch: string | undefined, etag: string) {
  if (!ifNoneMatch) return false
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim())
    .some((tag) => tag === etag || tag === '*')
}

export default class PublicPageCacheMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (!cacheable(ctx)) return next()
    const tenant = ctx.tenant!
    const version = await contentVersion()
    const key = [
      tenant.id,
      version,
      tenant.updatedAt?.toMillis() ?? 0,
      ctx.i18n.locale,
      ctx.request.url(true),
    ].join('|')
    const csrf = csrfOf.get(ctx)
    const response = ctx.response
    response.header('Vary', 'Cookie, Accept-Language')

    const send = (page: CachedPage) => {
      /* The reader's own token (made, with its secret and cookie, on first use). */
      const token = page.withCsrf ? (csrf?.token() ?? '') : ''
      const secret = page.withCsrf ? (csrf?.secret() ?? '') : ''
      const etag = `W/"${version}-${hash(`${BUILD}|${key}|${secret}`)}"`
      response.header('ETag', etag)
      response.header('Cache-Control', page.withCsrf ? 'private, no-cache' : 'public, no-cache')
      if (matches(ctx.request.header('if-none-match'), etag)) {
        return response.status(304).send('', false)
      }
      if (page.contentType) response.header('Content-Type', page.contentType)
      const body = bodyFor(page, token)
      response.status(page.status).send(body, false)
    }

    const known = publicPageCache.enabled
      ? (publicPageCache.get(key) ?? (await publicPageCache.pending(key)))
      : null
    if (known) return send(known)

    let page: CachedPage | null = null
    await publicPageCache.renderOnce(key, async () => {
      /* The page is rendered with a mark for the CSRF token, filled in per reader by send(). */
      let withCsrf = false
      const mark = () => {
        withCsrf = true
        return CSRF_MARK
      }
      ctx.view.share({
        csrfToken: mark,
        csrfField: () =>
          edge.globals.html.safe(`<input type="hidden" name="${CSRF_FIELD}" value="${mark()}">`),
        csrfMeta: () => edge.globals.html.safe(`<meta name="csrf-token" content="${mark()}">`),
      })
      await next()
      const content = response.content?.[0]
      if (response.getStatus() !== 200 || typeof content !== 'string') return null
      if (response.getHeader('set-cookie')) return null
      page = {
        status: 200,
        /* As the framework would infer it for a string (a kept body is sent as bytes). */
        contentType:
          (response.getHeader('content-type') as string | undefined) ??
          (content.trimStart().startsWith('<')
            ? 'text/html; charset=utf-8'
            : 'text/plain; charset=utf-8'),
        pieces: piecesOf(content),
        withCsrf,
      }
      return publicPageCache.enabled ? page : null
    })
    if (page) return send(page)
    /* Not kept (an error page, a redirect, a cookie): answered as rendered, with the mark replaced. */
    const content = response.content?.[0]
    if (typeof content === 'string' && content.includes(CSRF_MARK))
      response.send(content.replaceAll(CSRF_MARK, csrf?.token() ?? ''), false)
  }
}
