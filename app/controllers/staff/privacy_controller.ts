import type { HttpContext } from '@adonisjs/core/http'
import Story from '#models/story'
import { eraseByEmail, eraseStory, ErasureError, heldForEmail } from '#services/privacy/erasure'
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

  async erase(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    const input = await ctx.request.validateUsing(staffErasureValidator)
    const request = {
      by: 'staff' as const,
      actor: ctx.auth.user!,
      reason: input.reason,
      withdraw: Boolean(input.withdraw),
    }
    try {
      if (input.kind === 'story') {
        const story = await Story.find(input.story!)
        if (!story) throw new ErasureError('privacy.errors.noSuchStory')
        if (input.confirmed !== 'yes')
          return ctx.view.render('pages/staff/privacy/confirm', { input })
        await eraseStory(story.id, request)
        ctx.session.flash('success', ctx.i18n.t('privacy.staff.doneStory', { id: story.id }))
      } else {
        if (input.confirmed !== 'yes')
          return ctx.view.render('pages/staff/privacy/confirm', {
            input,
            held: await heldForEmail(input.email!),
          })
        const done = await eraseByEmail(input.email!, request)
        ctx.session.flash('success', ctx.i18n.t('privacy.staff.doneEmail', done))
      }
    } catch (error) {
      if (!(error instanceof ErasureError)) throw error
      ctx.session.flashAll()
      ctx.session.flash('error', ctx.i18n.t(error.message))
    }
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
