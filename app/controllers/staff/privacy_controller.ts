import type { HttpContext } from '@adonisjs/core/http'
import { refusalsGoTo } from '#exceptions/domain_error'
import { eraseByEmail, eraseStory, erasureToConfirm } from '#services/privacy/erasure'
import { recordForEmail } from '#services/privacy/subject_access'
import { staffErasureValidator, subjectAccessValidator } from '#validators/privacy'

/**
 * A tenant admin answers requests about personal data: erase a story, erase
 * everything held for an address (both with a reason and a confirming
 * step), and download what is held for an address.
 */
export default class PrivacyController {
  async show(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    return ctx.view.render('pages/staff/privacy/show')
  }

  /** Asks to confirm first; refusals come back with the reason (the exception handler). */
  async erase(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    const input = await ctx.request.validateUsing(staffErasureValidator)
    refusalsGoTo(ctx, '/staff/privacy')
    if (input.confirmed !== 'yes')
      return ctx.view.render('pages/staff/privacy/confirm', await erasureToConfirm(input))
    const request = {
      by: 'staff' as const,
      actor: ctx.auth.user!,
      reason: input.reason,
      withdraw: Boolean(input.withdraw),
    }
    const done =
      input.kind === 'story'
        ? ctx.i18n.t('privacy.staff.doneStory', { id: await eraseStory(input.story!, request) })
        : ctx.i18n.t('privacy.staff.doneEmail', await eraseByEmail(input.email!, request))
    ctx.session.flash('success', done)
    return ctx.response.redirect('/staff/privacy')
  }

  /** Subject access by address: POSTed, so the address stays out of URLs and logs. */
  async access(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    const { email } = await ctx.request.validateUsing(subjectAccessValidator)
    ctx.response.header('Cache-Control', 'no-store')
    ctx.response.header('Content-Disposition', 'attachment; filename="subject-access.json"')
    return ctx.response.json(await recordForEmail(email))
  }
}
