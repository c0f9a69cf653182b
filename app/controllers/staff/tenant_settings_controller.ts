import { readFile } from 'node:fs/promises'
import type { HttpContext } from '@adonisjs/core/http'
import i18nManager from '@adonisjs/i18n/services/main'
import { fromRequest } from '#tenancy/request_site'
import { refusalsGoTo } from '#exceptions/domain_error'
import {
  removeTenantLogo,
  setTenantLogo,
  refuseSettings,
  updateTenantSettings,
} from '#services/tenants/tenant_settings'
import { MAX_FOOTER_LINKS, tenantSettingsValidator } from '#validators/tenant_settings'

/** A tenant admin's settings of their own tenant: branding, languages, contact. */
export default class TenantSettingsController {
  async show(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    return ctx.view.render('pages/staff/settings', {
      tenant: ctx.tenant!,
      languageChoicesAll: i18nManager.supportedLocales(),
      footerSlots: [...Array(MAX_FOOTER_LINKS).keys()],
    })
  }

  async update(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    const form = await ctx.request.validateUsing(tenantSettingsValidator)
    refusalsGoTo(ctx, '/staff/settings')
    await updateTenantSettings(form, fromRequest(ctx))
    return this.saved(ctx)
  }

  async updateLogo(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    const file = ctx.request.file('logo', { size: '200kb' })
    refusalsGoTo(ctx, '/staff/settings')
    if (!file || !file.tmpPath) refuseSettings([{ field: 'logo', key: 'logoMissing' }])
    if (!file.isValid)
      refuseSettings([{ field: 'logo', key: 'logoTooLarge', values: { max: 200 } }])
    await setTenantLogo(await readFile(file.tmpPath), fromRequest(ctx))
    return this.saved(ctx)
  }

  async destroyLogo(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    await removeTenantLogo(fromRequest(ctx))
    return this.saved(ctx)
  }

  /* Refused settings go back to the form, each message beside its field (the exception handler). */
  private saved(ctx: HttpContext) {
    ctx.session.flash('success', ctx.i18n.t('settings.saved'))
    return ctx.response.redirect('/staff/settings')
  }
}
