import type { HttpContext } from '@adonisjs/core/http'
import { setTenantStatus } from '#services/tenants/manage_tenants'

/** National console: suspending and resuming a tenant (refusals: the exception handler). */
export default class TenantStatusController {
  async suspend(ctx: HttpContext) {
    const tenant = await setTenantStatus(ctx.params.slug, 'suspended')
    ctx.session.flash(
      'success',
      ctx.i18n.t('messages.admin.tenantSuspended', { name: tenant.name })
    )
    return ctx.response.redirect().back()
  }

  async resume(ctx: HttpContext) {
    const tenant = await setTenantStatus(ctx.params.slug, 'active')
    ctx.session.flash('success', ctx.i18n.t('messages.admin.tenantResumed', { name: tenant.name }))
    return ctx.response.redirect().back()
  }
}
