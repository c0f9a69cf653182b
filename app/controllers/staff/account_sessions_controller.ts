import type { HttpContext } from '@adonisjs/core/http'
import { signOutEverywhere, signOutOtherSession } from '#controllers/staff/sign_in_http'
import { staffPath } from '#services/accounts/staff_paths'

/** A staff member's own sessions, listed on /staff/account: end one, or all of them. */
export default class AccountSessionsController {
  async destroyAll(ctx: HttpContext) {
    await signOutEverywhere(ctx)
    ctx.session.flash('success', ctx.i18n.t('messages.account.sessions.endedEverywhere'))
    return ctx.response.redirect(staffPath(ctx, '/sign-in'))
  }

  async destroy(ctx: HttpContext) {
    const ended = await signOutOtherSession(ctx, String(ctx.params.id))
    ctx.session.flash(
      ended ? 'success' : 'error',
      ctx.i18n.t(ended ? 'messages.account.sessions.ended' : 'messages.account.sessions.notFound')
    )
    return ctx.response.redirect('/staff/account#sessions')
  }
}
