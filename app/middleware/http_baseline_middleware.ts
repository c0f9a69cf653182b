import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/** Sent with every response; pages that hold a secret link tighten it to no-referrer. */
export const REFERRER_POLICY = 'strict-origin-when-cross-origin'

/**
 * The first server middleware, so it covers every response: static files,
 * unknown hosts and error pages included.
 * - Referrer-Policy is set on the raw response, which static files write to
 *   directly; a header set later through ctx.response still wins.
 * - A request with more than one Host header is refused: the tenant is
 *   picked by Host, and Node keeps only the first of several, while a proxy
 *   in front may have used another.
 */
export default class HttpBaselineMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    ctx.response.response.setHeader('Referrer-Policy', REFERRER_POLICY)
    if (hostHeaderCount(ctx.request.request.rawHeaders) > 1) {
      return ctx.response
        .status(400)
        .header('content-type', 'text/plain; charset=utf-8')
        .send('Bad request: more than one Host header')
    }
    return next()
  }
}

function hostHeaderCount(rawHeaders: string[]) {
  let count = 0
  for (let index = 0; index < rawHeaders.length; index += 2) {
    if (rawHeaders[index].toLowerCase() === 'host') count++
  }
  return count
}
