import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type ApiKey from '#models/api_key'
import { DomainError } from '#exceptions/domain_error'
import { keyForSecret } from '#services/api/api_keys'
import {
  ipBucket,
  keyBucket,
  policyOf,
  ratePolicies,
  takeRequest,
  type RateDecision,
} from '#services/api/rate_limits'

/**
 * The door of /api/v1: who is asking, and whether they may ask now.
 * - `Authorization: Bearer <key>` names a key of this tenant (looked up on
 *   this host's tenant only: another tenant's key is unknown here, 401);
 *   no header is an anonymous reader.
 * - every request counts against the key's rate, or without a key against
 *   the client IP's low rate; over it, 429 with Retry-After. The RateLimit
 *   and RateLimit-Policy headers (IETF httpapi draft) are on every answer.
 */
export default class ApiAccessMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    ctx.response.header('vary', 'Authorization')
    const header = ctx.request.header('authorization')
    let apiKey: ApiKey | null = null
    if (header !== undefined) {
      const token = header.match(/^Bearer\s+(\S+)\s*$/i)?.[1]
      apiKey = token ? await keyForSecret(token) : null
      if (!apiKey) {
        ctx.response.header('www-authenticate', 'Bearer realm="api", error="invalid_token"')
        throw new DomainError('api.errors.invalidKey', { status: 401 })
      }
    }
    const decision = apiKey
      ? await takeRequest(keyBucket(apiKey.id), policyOf(apiKey.ratePerSecond))
      : /* Counted already when the kept-answer door had to send it on. */
        (ctx.apiRateDecision ??
        (await takeRequest(ipBucket(ctx.tenant!.id, ctx.request.ip()), ratePolicies().anonymous)))
    rateHeaders(ctx, decision)
    if (!decision.allowed) {
      ctx.response.header('retry-after', String(decision.retryAfter))
      throw new DomainError('api.errors.rateLimited', {
        status: 429,
        values: { seconds: decision.retryAfter },
      })
    }
    ctx.apiKey = apiKey
    return next()
  }
}

/** The RateLimit and RateLimit-Policy headers of an answer (IETF httpapi draft). */
export function rateHeaders(ctx: HttpContext, decision: RateDecision) {
  const { burst, perSecond } = decision.policy
  const window = Math.max(1, Math.ceil(burst / perSecond))
  ctx.response.header('ratelimit-policy', `"api";q=${burst};w=${window}`)
  ctx.response.header('ratelimit', `"api";r=${decision.remaining};t=${decision.reset}`)
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    /** The API key of an /api/v1 request, null for an anonymous reader. */
    apiKey?: ApiKey | null
    /** An anonymous request's rate decision, when the kept-answer door counted it. */
    apiRateDecision?: RateDecision
  }
}
