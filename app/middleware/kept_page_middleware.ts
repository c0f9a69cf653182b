import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { csrfFor } from '#middleware/csrf_middleware'
import { answerKept, doorKeyOf } from '#middleware/public_page_cache_middleware'
import { contentVersionOf, leasedContentVersion } from '#services/reading/content_version'
import { keptPageDoors, publicPageCache } from '#services/reading/public_page_cache'
import { hostCache } from '#tenancy/host_cache'
import { normaliseHost } from '#tenancy/host_resolver'

/**
 * The kept-page door: a public page already rendered for a reader who
 * brought the same host, URL, language cookie and Accept-Language is
 * answered here, before static files, the router and its middleware
 * (sessions, shield, CSRF, auth), which the first reader went through.
 *
 * Guarantees, the same as the full way (public_page_cache_middleware):
 * - only GET, and only for a request with no cookie but the CSRF secret
 *   and the language choice: nobody signed in, no flash message;
 * - the host must still resolve to the very lookup the first reader's
 *   request used (a tenant or domain change makes a new one), the kept
 *   page must not have expired, and the tenant's content version is read
 *   for this request (a query that began after it arrived, or within the
 *   version lease before, shared with readers arriving meanwhile): a story
 *   hidden, withdrawn or changed is never answered from here once the
 *   change is confirmed (#services/reading/content_version);
 * - the headers the middleware stack set (content security policy, frame
 *   and transport rules, Vary) are sent again, and each reader gets their
 *   own CSRF token and ETag;
 * - anything missing or failing (no entry, the database unavailable)
 *   sends the request the whole way.
 */
export default class KeptPageMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (!publicPageCache.enabled || ctx.request.method() !== 'GET') return next()
    const host = normaliseHost(ctx.request.hostname())
    const doorKey = doorKeyOf(ctx, host)
    const door = doorKey === null ? null : keptPageDoors.get(doorKey)
    if (!door || hostCache.get(host!) !== door.host) return next()
    const page = publicPageCache.get(door.pageKey)
    if (!page) return next()
    let version = leasedContentVersion(door.host.tenant.id)
    if (version === undefined) {
      try {
        version = await contentVersionOf(door.host.tenant.id)
      } catch {
        return next()
      }
    }
    if (version !== door.version) return next()
    keptPageDoors.answered++
    for (const [name, value] of door.headers) ctx.response.header(name, value)
    answerKept(ctx, page, { version, key: door.pageKey, csrf: csrfFor(ctx), direct: true })
  }
}
