import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { themeFor } from '#services/tenants/tenant_theme'
import { siteOfRequest } from '#tenancy/request_site'

/**
 * Guards every tenant page: an unknown host gets a bare 404 that names no
 * tenant, a secondary domain is sent to the primary one, and a suspended
 * tenant answers 503 with its own notice. Shares the tenant's branding with
 * the templates.
 */
export default class TenantSiteMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const tenant = ctx.tenant
    if (!tenant && ctx.host.lookupFailure) throw ctx.host.lookupFailure
    if (!tenant) {
      return ctx.response
        .status(404)
        .header('content-type', 'text/plain; charset=utf-8')
        .send('Not found')
    }

    if (!ctx.host.isPrimary && ctx.host.primaryHost) {
      const port = ctx.request.host()?.match(/:(\d+)$/)?.[1]
      const origin = `${ctx.request.protocol()}://${ctx.host.primaryHost}${port ? `:${port}` : ''}`
      return ctx.response
        .redirect()
        .status(301)
        .toPath(`${origin}${ctx.request.url(true)}`)
    }

    ctx.view.share(themeFor(tenant))
    /* Canonical URLs name the primary domain (this host, once redirected above). */
    ctx.view.share({ canonicalOrigin: siteOfRequest(ctx).baseUrl })

    if (tenant.isSuspended) {
      ctx.response.status(503)
      return ctx.response.send(
        await ctx.view.render('pages/public/suspended', { notice: tenant.suspensionNotice })
      )
    }

    return next()
  }
}
