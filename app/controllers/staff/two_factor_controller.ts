import type { HttpContext } from '@adonisjs/core/http'
import { accessOf } from '#tenancy/request_site'
import { enrolTwoFactorValidator } from '#validators/sign_in'
import { confirmEnrolment, startEnrolment } from '#services/accounts/two_factor'
import { auditStaffAction } from '#services/accounts/staff_audit'

const PENDING_SECRET = 'two_factor_enrolment'

/** Setting up two-factor sign-in: scan a QR code, confirm a code, keep the recovery codes. */
export default class TwoFactorController {
  async show(ctx: HttpContext) {
    const user = ctx.auth.getUserOrFail()
    if (user.hasTwoFactor) return ctx.view.render('pages/staff/two_factor_enabled')
    const enrolment = await startEnrolment(user)
    ctx.session.put(PENDING_SECRET, enrolment.secret)
    return ctx.view.render('pages/staff/two_factor_setup', { enrolment })
  }

  async store(ctx: HttpContext) {
    const user = ctx.auth.getUserOrFail()
    const secret = ctx.session.get(PENDING_SECRET) as string | undefined
    const { code } = await ctx.request.validateUsing(enrolTwoFactorValidator)
    const recoveryCodes =
      secret && !user.hasTwoFactor ? await confirmEnrolment(user, secret, code) : null
    if (!recoveryCodes) {
      ctx.session.flashValidationErrors({
        code: 'E_VALIDATION_ERROR',
        messages: [{ field: 'code', message: ctx.i18n.t('messages.twoFactor.wrongCode') }],
      } as never)
      return ctx.response.redirect().back()
    }
    ctx.session.forget(PENDING_SECRET)
    await auditStaffAction(accessOf(ctx), 'two_factor.enabled', user, user.email)
    return ctx.view.render('pages/staff/two_factor_recovery_codes', { recoveryCodes })
  }
}
