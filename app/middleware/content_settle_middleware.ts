import { setTimeout as sleep } from 'node:timers/promises'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { contentVersionReads } from '#services/reading/content_version'

/**
 * A request that may change what public pages show (any method but GET,
 * HEAD and OPTIONS) is answered no sooner than the content-version lease
 * after its handler returns, so by the time anyone sees "hidden",
 * "withdrawn" or "erased", every instance's kept pages have stopped
 * trusting version reads from before the change
 * (#services/reading/content_version). It costs each such request 25 ms.
 */
const READS = new Set(['GET', 'HEAD', 'OPTIONS'])

export default class ContentSettleMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (READS.has(ctx.request.method())) return next()
    try {
      return await next()
    } finally {
      if (contentVersionReads.leaseMs > 0) await sleep(contentVersionReads.leaseMs)
    }
  }
}
