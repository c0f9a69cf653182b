import type { HttpContext } from '@adonisjs/core/http'
import { accessOf, actingOf } from '#tenancy/request_site'
import limiter from '@adonisjs/limiter/services/main'
import { acceptInvitationValidator, inviteValidator } from '#validators/account'
import {
  acceptInvitation,
  findUsableInvitation,
  inviteStaff,
} from '#services/accounts/staff_invitations'
import { completeSignIn } from '#controllers/staff/sign_in_http'
import User from '#models/user'
import { limiterKey } from '#services/platform/keyed_hash'

/** Inviting staff (tenant admins) and accepting an invitation (the invitee). */
export default class InvitationsController {
  async store(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    const data = await ctx.request.validateUsing(inviteValidator)
    const invitation = await inviteStaff(actingOf(ctx), data)
    ctx.session.flash(
      'success',
      ctx.i18n.t('messages.invitations.sent', { email: invitation.email })
    )
    return ctx.response.redirect('/staff/members')
  }

  async show(ctx: HttpContext) {
    const invitation = await findUsableInvitation(ctx.params.token)
    if (!invitation)
      return ctx.response.status(404).send(await ctx.view.render('pages/staff/link_unusable'))
    const existing = await User.findByEmail(invitation.email)
    return ctx.view.render('pages/staff/invitation_accept', {
      invitation,
      token: ctx.params.token,
      hasAccount: Boolean(existing),
    })
  }

  async update(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(acceptInvitationValidator)
    if (!(await this.withinLimit(ctx))) {
      ctx.response.status(429)
      return ctx.view.render('pages/staff/link_unusable', { throttled: true })
    }
    const result = await acceptInvitation(accessOf(ctx), ctx.params.token, input)
    if (result.status === 'unusable') {
      return ctx.response.status(404).send(await ctx.view.render('pages/staff/link_unusable'))
    }
    if (result.status === 'wrong_password') return this.wrongPassword(ctx)
    if (result.user.hasTwoFactor) return ctx.response.redirect('/staff/sign-in')
    await completeSignIn(ctx, result.user)
    return ctx.response.redirect('/staff')
  }

  /** 10 tries in 15 minutes from an address. */
  private withinLimit(ctx: HttpContext) {
    return limiter
      .use({ requests: 10, duration: '15 minutes' })
      .attempt(limiterKey('invitation_accept', ctx.request.ip()), () => true)
  }

  /** An existing account's password was wrong: said beside the field, as signing in says it. */
  private wrongPassword(ctx: HttpContext) {
    ctx.session.flashValidationErrors({
      code: 'E_VALIDATION_ERROR',
      messages: [{ field: 'password', message: ctx.i18n.t('messages.signIn.invalid') }],
    } as never)
    return ctx.response.redirect().back()
  }
}
