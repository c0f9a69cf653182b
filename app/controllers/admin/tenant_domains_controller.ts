import type { HttpContext } from '@adonisjs/core/http'
import { addDomain, makePrimaryDomain, removeDomain } from '#services/tenants/manage_tenants'

/** National console: a tenant's domains (refusals: the exception handler). */
export default class TenantDomainsController {
  async store(ctx: HttpContext) {
    const input = { hostname: ctx.request.input('hostname') }
    const primary = ctx.request.input('primary') === 'on'
    const domain = await addDomain(ctx.params.slug, input, { primary })
    ctx.session.flash(
      'success',
      ctx.i18n.t('messages.admin.domainAdded', { hostname: domain.hostname })
    )
    return ctx.response.redirect().back()
  }

  async makePrimary(ctx: HttpContext) {
    const { hostname } = ctx.params
    await makePrimaryDomain(ctx.params.slug, hostname)
    ctx.session.flash('success', ctx.i18n.t('messages.admin.domainPrimary', { hostname }))
    return ctx.response.redirect().back()
  }

  async destroy(ctx: HttpContext) {
    const { hostname } = ctx.params
    await removeDomain(ctx.params.slug, hostname)
    ctx.session.flash('success', ctx.i18n.t('messages.admin.domainRemoved', { hostname }))
    return ctx.response.redirect().back()
  }
}
