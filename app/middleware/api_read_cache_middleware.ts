import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { sendJson } from '#controllers/api/api_http'
import { contentVersion } from '#services/reading/content_version'
import { API_DOOR, rememberDoor } from '#middleware/public_page_cache_middleware'
import { publicPageCache, type CachedPage } from '#services/reading/public_page_cache'

/**
 * Read answers of the public API, kept like public pages
 * (#services/reading/public_page_cache): the same list asked again is sent
 * as it was written, without searching, loading and serialising its
 * stories again.
 *
 * Guarantees:
 * - it runs after the API's door (api_access_middleware), so every request
 *   is still counted against its key's or address's rate and a bad key is
 *   still refused;
 * - the key names the tenant, its content version (read for this
 *   request), the host, the URL with its query and who reads: everyone
 *   without staff rights shares an answer, a `staff-read` key has its own
 *   (criticality, only for the services it covers). A story published,
 *   changed, hidden or withdrawn changes the version, so no answer from
 *   before it is sent once it has committed;
 * - only 200 answers are kept; the ETag and Cache-Control headers the
 *   answer had are sent again, and If-None-Match still gets a 304.
 */
export type KeptAnswer = CachedPage & { etag: string; cacheControl: string }
type Kept = KeptAnswer

export default class ApiReadCacheMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (!publicPageCache.enabled || ctx.request.method() !== 'GET' || !ctx.tenant) return next()
    /* The door may send a kept answer in gzip (kept_page_middleware). */
    ctx.response.header('vary', 'Authorization, Accept-Encoding')
    const key = ctx.apiKey
    const reader = key?.can('staff-read') ? `key:${key.id}` : 'public'
    const version = await contentVersion()
    const cacheKey = [
      'api',
      ctx.tenant.id,
      version,
      ctx.host?.name ?? '',
      reader,
      ctx.request.url(true),
    ].join('|')

    const known = (publicPageCache.get(cacheKey) ??
      (await publicPageCache.pending(cacheKey))) as Kept | null
    if (known) {
      /* Asked again without a key: the next such reader is answered at the door (kept_page_middleware). */
      if (!key && ctx.request.header('authorization') === undefined)
        rememberDoor(ctx, cacheKey, version, API_DOOR)
      return sendJson(ctx, known.pieces[0], known)
    }

    let kept: Kept | null = null
    /* A miss is answered by the route itself; its answer is kept for the next. */
    await publicPageCache.renderOnce(cacheKey, async () => {
      await next()
      const body = ctx.response.content?.[0]
      if (ctx.response.getStatus() !== 200 || typeof body !== 'string') return null
      /* One piece: an API answer has no CSRF token to put in. */
      const bytes = Buffer.from(body, 'utf8')
      kept = {
        status: 200,
        contentType: 'application/json; charset=utf-8',
        pieces: [bytes],
        bytes: bytes.length,
        withCsrf: false,
        etag: String(ctx.response.getHeader('etag') ?? ''),
        cacheControl: String(ctx.response.getHeader('cache-control') ?? 'no-cache'),
      }
      return kept
    })
  }
}
