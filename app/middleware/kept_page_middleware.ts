import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { csrfFor } from '#middleware/csrf_middleware'
import { rateHeaders } from '#middleware/api_access_middleware'
import type { KeptAnswer } from '#middleware/api_read_cache_middleware'
import { API_DOOR, answerKept, doorKeyOf } from '#middleware/public_page_cache_middleware'
import { sendJson } from '#controllers/api/api_http'
import { ipBucket, ratePolicies, takeRequest } from '#services/api/rate_limits'
import { contentVersionOf } from '#services/reading/content_version'
import {
  gzippedWhole,
  keptPageDoors,
  publicPageCache,
  type KeptDoor,
} from '#services/reading/public_page_cache'
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
 *   sends the request the whole way;
 * - API read answers kept for readers without a key are answered here
 *   too, each request counted against its address's rate first.
 */
export default class KeptPageMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (!publicPageCache.enabled || ctx.request.method() !== 'GET') return next()
    const api = ctx.request.url().startsWith('/api/v1/')
    /* A key's answers are its own, and its rate is counted on the full way. */
    if (api && ctx.request.header('authorization') !== undefined) return next()
    const host = normaliseHost(ctx.request.hostname())
    const doorKey = doorKeyOf(ctx, host)
    const door = doorKey === null ? null : keptPageDoors.get(api ? API_DOOR + doorKey : doorKey)
    if (!door || hostCache.get(host!) !== door.host) return next()
    const page = publicPageCache.get(door.pageKey)
    if (!page) return next()
    let version: number
    try {
      version = await contentVersionOf(door.host.tenant.id)
    } catch {
      return next()
    }
    if (version !== door.version) return next()
    if (api) return this.answerApi(ctx, next, door, page as KeptAnswer)
    keptPageDoors.answered++
    for (const [name, value] of door.headers) ctx.response.header(name, value)
    answerKept(ctx, page, { version, key: door.pageKey, csrf: csrfFor(ctx), direct: true })
  }

  /**
   * A kept anonymous API answer (api_read_cache_middleware), once the
   * request is counted against its address's rate as on the full way. A
   * request over the rate goes the full way with its decision, for the
   * same 429 problem answer, without being counted twice.
   */
  protected async answerApi(ctx: HttpContext, next: NextFn, door: KeptDoor, kept: KeptAnswer) {
    let decision
    try {
      decision = await takeRequest(
        ipBucket(door.host.tenant.id, ctx.request.ip()),
        ratePolicies().anonymous
      )
    } catch {
      return next()
    }
    if (!decision.allowed) {
      ctx.apiRateDecision = decision
      return next()
    }
    keptPageDoors.answered++
    for (const [name, value] of door.headers) ctx.response.header(name, value)
    rateHeaders(ctx, decision)
    return sendJson(ctx, kept.pieces[0], { ...kept, gzipped: () => gzippedWhole(kept) })
  }
}
