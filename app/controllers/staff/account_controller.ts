import type { HttpContext } from '@adonisjs/core/http'
import { accessOf } from '#tenancy/request_site'
import { alertsOf } from '#services/notifications/staff_alert_settings'
import { profileValidator } from '#validators/account'
import { auditStaffAction } from '#services/accounts/staff_audit'
import { listSessionsOf } from '#services/accounts/staff_sessions'
import { languagesFor, showInAccountLocale } from '#middleware/detect_user_locale_middleware'
import { returnToKeptResponse } from '#controllers/staff/job_title_http'

/**
 * A staff member's own name, job title and language, alerts and sessions (the password
 * has its own reset flow).
 */
export default class AccountController {
  async show(ctx: HttpContext) {
    const { view, auth, session } = ctx
    const user = auth.getUserOrFail()
    return view.render('pages/staff/account', {
      user,
      languages: languagesFor(ctx),
      ...(await alertsOf(user)),
      sessions: await listSessionsOf(user.id, session.sessionId),
    })
  }

  async update(ctx: HttpContext) {
    const user = ctx.auth.getUserOrFail()
    const { name, jobTitle, locale } = await ctx.request.validateUsing(profileValidator, {
      meta: { languages: languagesFor(ctx).choices },
    })
    const localeBefore = user.locale
    user.name = name
    user.jobTitle = jobTitle ?? null
    user.locale = locale ?? null
    await user.save()
    const details = localeBefore === user.locale ? undefined : { locale: user.locale, localeBefore }
    await auditStaffAction(accessOf(ctx), 'account.updated', user, user.email, details)
    /* The confirmation speaks the language just chosen. */
    showInAccountLocale(ctx, user)
    if (await returnToKeptResponse(ctx)) return
    ctx.session.flash('success', ctx.i18n.t('messages.account.saved'))
    return ctx.response.redirect('/staff/account')
  }
}
