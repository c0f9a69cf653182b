import type { HttpContext } from '@adonisjs/core/http'
import { refusalsGoTo } from '#exceptions/domain_error'
import { INVITED_ROLE_DEFAULT, ROLES } from '#models/membership'
import Membership from '#models/membership'
import { changeRole, listMembers, revokeMembership } from '#services/accounts/manage_memberships'
import { idParam } from '#lib/params'

/** A tenant admin's view of the tenant's staff: roles, invitations, removal. */
export default class MembersController {
  async index(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    return ctx.view.render('pages/staff/members', {
      members: await listMembers(),
      roles: ROLES,
      defaultRole: INVITED_ROLE_DEFAULT,
    })
  }

  async update(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    refusalsGoTo(ctx, '/staff/members')
    await changeRole(
      {
        membershipId: idParam(ctx.params),
        role: ctx.request.input('role'),
        serviceRefs: ctx.request.input('services'),
      },
      ctx.auth.getUserOrFail()
    )
    return this.done(ctx, 'messages.staff.memberSaved')
  }

  async destroy(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    const membership = await Membership.query()
      .where('id', idParam(ctx.params))
      .preload('user')
      .firstOrFail()
    refusalsGoTo(ctx, '/staff/members')
    await revokeMembership(
      { tenantSlug: ctx.tenant!.slug, email: membership.user.email, role: membership.role },
      ctx.auth.getUserOrFail()
    )
    return this.done(ctx, 'messages.staff.memberRemoved')
  }

  /* Refused changes come back to the list with the reason (the exception handler). */
  private done(ctx: HttpContext, message: string) {
    ctx.session.flash('success', ctx.i18n.t(message))
    return ctx.response.redirect('/staff/members')
  }
}
