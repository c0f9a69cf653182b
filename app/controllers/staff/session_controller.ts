import type { HttpContext } from '@adonisjs/core/http'
import { signInValidator, secondFactorValidator } from '#validators/sign_in'
import {
  attemptSecondFactor,
  attemptSignIn,
  pendingSecondFactor,
  signOut,
} from '#controllers/staff/sign_in_http'
import { staffPath } from '#services/accounts/staff_paths'
import type User from '#models/user'
import { restoreKeptForm } from '#controllers/staff/kept_forms_http'

/**
 * The staff page asked for before signing in (kept by the auth middleware),
 * else staff home; with the text of a form posted after the session ended, when one was kept.
 */
async function afterSignIn(ctx: HttpContext, user: User) {
  const asked = ctx.session.pull('after_sign_in')
  const wanted = typeof asked === 'string' && /^\/[^/\\]/.test(asked) ? asked : staffPath(ctx, '/')
  await restoreKeptForm(ctx, user, wanted)
  return wanted
}

/** Signing in and out, on a tenant's host (/staff) and on the admin host. */
export default class SessionController {
  create({ view }: HttpContext) {
    return view.render('pages/staff/sign_in')
  }

  async store(ctx: HttpContext) {
    const { email, password } = await ctx.request.validateUsing(signInValidator)
    const outcome = await attemptSignIn(ctx, email, password)
    switch (outcome.status) {
      case 'signed_in':
        return ctx.response.redirect(await afterSignIn(ctx, ctx.auth.user!))
      case 'needs_second_factor':
        return ctx.response.redirect(staffPath(ctx, '/sign-in/two-factor'))
      case 'throttled':
        return this.throttled(ctx, 'pages/staff/sign_in', outcome.retryAfterSeconds, { email })
      default:
        ctx.session.flashExcept(['password', '_csrf'])
        return this.refused(ctx, 'email', 'messages.signIn.invalid')
    }
  }

  async challenge(ctx: HttpContext) {
    if (!(await pendingSecondFactor(ctx))) return ctx.response.redirect(staffPath(ctx, '/sign-in'))
    return ctx.view.render('pages/staff/two_factor_challenge')
  }

  async verify(ctx: HttpContext) {
    const { code } = await ctx.request.validateUsing(secondFactorValidator)
    const outcome = await attemptSecondFactor(ctx, code)
    switch (outcome.status) {
      case 'signed_in':
        return ctx.response.redirect(await afterSignIn(ctx, outcome.user))
      case 'start_again':
        if (outcome.tooManyCodes) {
          ctx.session.flash('error', ctx.i18n.t('messages.twoFactor.tooManyCodes'))
        }
        return ctx.response.redirect(staffPath(ctx, '/sign-in'))
      case 'throttled':
        return this.throttled(ctx, 'pages/staff/two_factor_challenge', outcome.retryAfterSeconds)
      default:
        return this.refused(ctx, 'code', 'messages.twoFactor.wrongCode')
    }
  }

  async destroy(ctx: HttpContext) {
    await signOut(ctx)
    return ctx.response.redirect(staffPath(ctx, '/sign-in'))
  }

  /** Too many tries: 429 with when to try again, on the same page. */
  private throttled(ctx: HttpContext, page: string, seconds: number, data = {}) {
    ctx.response.header('retry-after', String(seconds))
    ctx.response.status(429)
    return ctx.view.render(page, {
      problem: ctx.i18n.t('messages.signIn.throttled', { seconds }),
      ...data,
    })
  }

  /**
   * A failed sign-in is not a domain refusal: it says the same whatever was
   * wrong, beside one field, and never sends back the password or code.
   */
  private refused(ctx: HttpContext, field: string, message: string) {
    ctx.session.flashValidationErrors({
      code: 'E_VALIDATION_ERROR',
      messages: [{ field, message: ctx.i18n.t(message) }],
    } as never)
    return ctx.response.redirect().back()
  }
}
