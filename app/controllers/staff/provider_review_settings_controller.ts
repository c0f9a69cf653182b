import type { HttpContext } from '@adonisjs/core/http'
import { refusalsGoTo } from '#exceptions/domain_error'
import { setProviderReviewSettings } from '#services/moderation/provider_review_settings'
import { providerReviewSettingsValidator } from '#validators/provider_review'

/** Tenant admins set the provider review settings on the moderation settings page. */
export default class ProviderReviewSettingsController {
  async update(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    refusalsGoTo(ctx, '/staff/settings/moderation')
    const input = await ctx.request.validateUsing(providerReviewSettingsValidator, {
      data: {
        ...ctx.request.all(),
        privateProviderKinds: [ctx.request.input('privateProviderKinds') ?? []].flat(),
      },
    })
    await setProviderReviewSettings(
      {
        ...input,
        workingDayStarts: input.workingDayStarts ?? null,
        workingDayEnds: input.workingDayEnds ?? null,
      },
      ctx.auth.user!
    )
    ctx.session.flash('success', ctx.i18n.t('review.settings.saved'))
    return ctx.response.redirect('/staff/settings/moderation')
  }
}
