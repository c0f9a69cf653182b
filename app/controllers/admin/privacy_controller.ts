import type { HttpContext } from '@adonisjs/core/http'
import { refusalsGoTo } from '#exceptions/domain_error'
import {
  eraseByEmailEverywhere,
  erasedTotals,
  heldForEmailEverywhere,
} from '#services/privacy/erasure'
import { nationalErasureValidator } from '#validators/privacy'

/** National console: erasing everything held for an address, in every tenant. */
export default class PrivacyController {
  async show(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerPlatform')
    return ctx.view.render('pages/admin/privacy')
  }

  async erase(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerPlatform')
    const input = await ctx.request.validateUsing(nationalErasureValidator)
    if (input.confirmed !== 'yes')
      return ctx.view.render('pages/staff/privacy/confirm', {
        input: { ...input, kind: 'email' },
        held: await heldForEmailEverywhere(input.email),
        action: '/privacy/erasures',
        cancel: '/privacy',
      })
    refusalsGoTo(ctx, '/privacy')
    const results = await eraseByEmailEverywhere(input.email, {
      by: 'staff',
      actor: ctx.auth.user!,
      reason: input.reason,
      withdraw: Boolean(input.withdraw),
    })
    ctx.session.flash('success', ctx.i18n.t('privacy.staff.doneEmail', erasedTotals(results)))
    return ctx.response.redirect('/privacy')
  }
}
