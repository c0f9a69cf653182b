import type { HttpContext } from '@adonisjs/core/http'
import { addDomain, makePrimaryDomain, removeDomain } from '#services/tenants/manage_tenants'
import { withTenantInput } from '#controllers/admin/tenant_input'

/** National console: a tenant's domains. */
export default class TenantDomainsController {
  async store(ctx: HttpContext) {
    const input = { hostname: ctx.request.input('hostname') }
    const primary = ctx.request.input('primary') === 'on'
    return withTenantInput(ctx, async () => {
      const domain = await addDomain(ctx.params.slug, input, { primary })
      ctx.session.flash(
        'success',
        ctx.i18n.t('messages.admin.domainAdded', { hostname: domain.hostname })
      )
      return ctx.response.redirect().back()
    })
  }

  async makePrimary(ctx: HttpContext) {
    return withTenantInput(ctx, async () => {
      await makePrimaryDomain(ctx.params.slug, ctx.params.hostname)
      ctx.session.flash(
        'success',
        ctx.i18n.t('messages.admin.domainPrimary', { hostname: ctx.params.hostname })
      )
      return ctx.response.redirect().back()
    })
  }

  async destroy(ctx: HttpContext) {
    return withTenantInput(ctx, async () => {
      await removeDomain(ctx.params.slug, ctx.params.hostname)
      ctx.session.flash(
        'success',
        ctx.i18n.t('messages.admin.domainRemoved', { hostname: ctx.params.hostname })
      )
      return ctx.response.redirect().back()
    })
  }
}
