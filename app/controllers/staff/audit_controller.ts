import type { HttpContext } from '@adonisjs/core/http'
import { auditPage } from '#services/platform/audit_log'
import { PLATFORM_AUDIT_PERSONAL_DAYS } from '#services/privacy/audit_retention'

/** The audit log: a tenant admin reads their tenant's; a national admin everything. */
export default class AuditController {
  async index(ctx: HttpContext) {
    const before = Number(ctx.request.input('before')) || undefined
    if (ctx.tenant) {
      await ctx.bouncer.authorize('administerTenant')
      return ctx.view.render('pages/staff/audit', {
        page: await auditPage('tenant', before),
        personalDays: ctx.tenant.auditPersonalDays,
      })
    }
    await ctx.bouncer.authorize('administerPlatform')
    const scope = ctx.request.input('scope') === 'tenants' ? 'all_tenants' : 'platform'
    return ctx.view.render('pages/staff/audit', {
      page: await auditPage(scope, before),
      scope,
      personalDays: PLATFORM_AUDIT_PERSONAL_DAYS,
    })
  }
}
