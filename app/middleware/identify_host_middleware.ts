import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { adminHost } from '#config/app'
import type Tenant from '#models/tenant'
import { tenancy } from '#tenancy/context'
import { normaliseHost, resolveHost } from '#tenancy/host_resolver'
import { isDatabaseUnavailable } from '#lib/database_unavailable'

/**
 * Runs for every request: works out whether the host is the national admin
 * console, a tenant's domain, or unknown, and enters the tenant's context
 * for everything that follows. It answers nothing itself; the `tenantSite`
 * and `adminSite` route middleware decide what each kind of host may see.
 */
export default class IdentifyHostMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const host = normaliseHost(ctx.request.hostname())
    ctx.host = { name: host, isAdmin: host === adminHost, isPrimary: true, primaryHost: host }
    ctx.tenant = null

    if (!host || ctx.host.isAdmin) return next()

    let resolved
    try {
      resolved = await resolveHost(host)
    } catch (error) {
      /* Health checks must still answer; tenant pages turn this into their 503. */
      if (!isDatabaseUnavailable(error)) throw error
      ctx.host.lookupFailure = error
      return next()
    }
    if (!resolved) return next()

    /*
     * A tenant moved to another deployment: every old link (emails, feeds,
     * bookmarks) goes to the same path there. Health checks still answer here.
     */
    const movedTo = resolved.tenant.movedToUrl
    if (movedTo && !ctx.request.url().startsWith('/health/')) {
      return ctx.response
        .redirect()
        .status(301)
        .toPath(`${movedTo}${ctx.request.url(true)}`)
    }

    ctx.tenant = resolved.tenant
    ctx.host.isPrimary = resolved.isPrimary
    ctx.host.primaryHost = resolved.primaryHost
    return tenancy.run(resolved.tenant, () => next())
  }
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    host: {
      name: string | null
      isAdmin: boolean
      isPrimary: boolean
      primaryHost: string | null
      /** Set when the tenant could not be looked up because the database is unavailable. */
      lookupFailure?: unknown
    }
    tenant: Tenant | null
  }
}
