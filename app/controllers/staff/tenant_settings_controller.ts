import { readFile } from 'node:fs/promises'
import type { HttpContext } from '@adonisjs/core/http'
import i18nManager from '@adonisjs/i18n/services/main'
import { fromRequest } from '#tenancy/request_site'
import {
  removeTenantLogo,
  setTenantLogo,
  SettingsInputError,
  type SettingsProblem,
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
    return this.refusingBadInput(ctx, () => updateTenantSettings(form, fromRequest(ctx)))
  }

  async updateLogo(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    const file = ctx.request.file('logo', { size: '200kb' })
    return this.refusingBadInput(ctx, async () => {
      if (!file || !file.tmpPath)
        throw new SettingsInputError([{ field: 'logo', key: 'logoMissing' }])
      if (!file.isValid) {
        throw new SettingsInputError([{ field: 'logo', key: 'logoTooLarge', params: { max: 200 } }])
      }
      await setTenantLogo(await readFile(file.tmpPath), fromRequest(ctx))
    })
  }

  async destroyLogo(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    return this.refusingBadInput(ctx, () => removeTenantLogo(fromRequest(ctx)))
  }

  /** Refused settings go back to the form, each message beside its field, what was typed kept. */
  private async refusingBadInput(ctx: HttpContext, action: () => Promise<unknown>) {
    try {
      await action()
      ctx.session.flash('success', ctx.i18n.t('settings.saved'))
    } catch (error) {
      if (!(error instanceof SettingsInputError)) throw error
      ctx.session.flashExcept(['_csrf', '_method'])
      ctx.session.flashValidationErrors({
        code: 'E_VALIDATION_ERROR',
        messages: error.problems.map((problem: SettingsProblem) => ({
          field: problem.field,
          message: ctx.i18n.t(`settings.${problem.key}`, problem.params ?? {}),
        })),
      } as never)
    }
    return ctx.response.redirect('/staff/settings')
  }
}
