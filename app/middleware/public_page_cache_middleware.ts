import { createHash } from 'node:crypto'
import { statSync } from 'node:fs'
import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import edge from 'edge.js'
import { CSRF_COOKIE, CSRF_FIELD, csrfOf } from '#middleware/csrf_middleware'
import { LOCALE_COOKIE } from '#middleware/detect_user_locale_middleware'
import { contentVersion } from '#services/reading/content_version'
import {
  CSRF_MARK,
  bodyFor,
  gzipOf,
  keptPageDoors,
  piecesOf,
  publicPageCache,
  type CachedPage,
} from '#services/reading/public_page_cache'
import { acceptsGzip, gzipFor } from '#services/reading/gzip_pieces'
import { ifNoneMatchHits } from '#lib/http_cache'
import { hostCache } from '#tenancy/host_cache'
import { normaliseHost } from '#tenancy/host_resolver'

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

/** The only cookies a reader answered from here may bring: neither changes what the page says. */
const READER_COOKIES = new Set([CSRF_COOKIE, LOCALE_COOKIE])

/**
 * What a GET brings that can change a public page (host, URL with its
 * query, the language cookie as sent, Accept-Language), or null when it
 * brings any other cookie (a session above all): such a request always
 * goes the whole way.
 */
export function doorKeyOf(ctx: HttpContext, host = normaliseHost(ctx.request.hostname())) {
  if (!host) return null
  let locale = ''
  const cookies = ctx.request.header('cookie')
  if (cookies) {
    for (const pair of cookies.split(';')) {
      const equals = pair.indexOf('=')
      const name = (equals < 0 ? pair : pair.slice(0, equals)).trim()
      if (!name) continue
      if (!READER_COOKIES.has(name)) return null
      if (name === LOCALE_COOKIE) locale = pair.slice(equals + 1).trim()
    }
  }
  return `${host}\n${ctx.request.url(true)}\n${locale}\n${ctx.request.header('accept-language') ?? ''}`
}

type Csrf = { token: () => string; secret: () => string | null } | undefined

/**
 * Answers with a kept page: its ETag (naming the reader's CSRF secret when
 * the page has a form), 304 when the browser has it, else the body with
 * the reader's own token.
 */
export function answerKept(
  ctx: HttpContext,
  page: CachedPage,
  {
    version,
    key,
    csrf,
    direct = false,
  }: { version: number; key: string; csrf: Csrf; direct?: boolean }
) {
  const response = ctx.response
  /* The reader's own token (made, with its secret and cookie, on first use). */
  const token = page.withCsrf ? (csrf?.token() ?? '') : ''
  const secret = page.withCsrf ? (csrf?.secret() ?? '') : ''
  const etag = `W/"${version}-${hash(`${BUILD}|${key}|${secret}`)}"`
  response.header('ETag', etag)
  response.header('Cache-Control', page.withCsrf ? 'private, no-cache' : 'public, no-cache')
  if (ifNoneMatchHits(ctx.request.header('if-none-match'), etag)) {
    return response.status(304).send('', false)
  }
  if (page.contentType) response.header('Content-Type', page.contentType)
  /* Through the framework, for middleware that may still set a header on the way out (a session's cookie). */
  if (!direct) return response.status(page.status).send(bodyFor(page, token), false)
  /*
   * At the kept-page door, nothing runs after this: the pieces go to the
   * socket as they are kept, the reader's token between them, with no
   * copy of the page per reader (62 kB for a ward's page, thousands of
   * times a second, was most of the process's garbage). The framework
   * sees the headers sent and writes nothing more.
   */
  const raw = response.response
  let parts: Buffer[]
  if (acceptsGzip(ctx.request.header('accept-encoding'))) {
    /* Compressed once for every reader; each reader's token goes in between (gzip_pieces). */
    parts = gzipFor(gzipOf(page), token)
    response.header('Content-Encoding', 'gzip')
  } else {
    const glue = Buffer.from(token, 'utf8')
    parts = page.pieces.flatMap((piece, index) => (index > 0 ? [glue, piece] : [piece]))
  }
  response.header('Content-Length', String(parts.reduce((sum, part) => sum + part.length, 0)))
  response.setRequestId()
  response.status(page.status).writeHead(page.status)
  raw.cork()
  for (const part of parts) raw.write(part)
  raw.end()
}

/** Headers of a kept answer that answerKept or the first middleware set for each request. */
const OWN_HEADERS = new Set([
  'set-cookie',
  'etag',
  'cache-control',
  'content-type',
  'content-length',
  'content-encoding',
  'x-request-id',
  /* An API answer's rate headers are each request's own (api_access_middleware). */
  'ratelimit',
  'ratelimit-policy',
  'retry-after',
  'referrer-policy',
])

/**
 * Lets the next reader who brings the same host, URL, language cookie and
 * Accept-Language be answered before the router (kept_page_middleware), as
 * long as the host still resolves to the same lookup and the content
 * version has not moved. API answers are remembered under their own
 * prefix (API_DOOR).
 */
export const API_DOOR = 'api\n'
export function rememberDoor(ctx: HttpContext, pageKey: string, version: number, prefix = '') {
  if (ctx.request.method() !== 'GET' || !ctx.host?.name) return
  const doorKey = doorKeyOf(ctx, ctx.host.name)
  const host = hostCache.get(ctx.host.name)
  if (doorKey === null || !host || host.tenant !== ctx.tenant) return
  const headers: [string, string][] = []
  for (const [name, value] of Object.entries(ctx.response.getHeaders())) {
    if (OWN_HEADERS.has(name.toLowerCase()) || value === undefined) continue
    headers.push([name, Array.isArray(value) ? value.join(', ') : String(value)])
  }
  keptPageDoors.set(prefix + doorKey, { pageKey, host, version, headers })
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
    response.header('Vary', 'Cookie, Accept-Language, Accept-Encoding')

    const send = (page: CachedPage) => {
      rememberDoor(ctx, key, version)
      answerKept(ctx, page, { version, key, csrf })
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
        ...piecesOf(content),
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
