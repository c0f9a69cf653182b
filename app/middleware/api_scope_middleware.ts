import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type { ApiScope } from '#models/api_key'
import { DomainError } from '#exceptions/domain_error'

/** An API route that needs a key with `scope`: 401 without a key, 403 with one that lacks it. */
export default class ApiScopeMiddleware {
  async handle(ctx: HttpContext, next: NextFn, options: { scope: ApiScope }) {
    if (!ctx.apiKey) {
      ctx.response.header('www-authenticate', 'Bearer realm="api"')
      throw new DomainError('api.errors.keyRequired', { status: 401 })
    }
    if (!ctx.apiKey.can(options.scope))
      throw new DomainError('api.errors.scope', { status: 403, values: { scope: options.scope } })
    return next()
  }
}
