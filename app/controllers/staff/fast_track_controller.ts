import type { HttpContext } from '@adonisjs/core/http'
import { refusalsGoTo } from '#exceptions/domain_error'
import { actingOf } from '#tenancy/request_site'
import {
  FAST_TRACK_RECORD,
  grantFastTrack,
  respondersWithRecords,
  withdrawFastTrack,
} from '#services/responses/fast_track'
import Membership from '#models/membership'
import { idParam } from '#lib/params'

/** A moderator's list of the tenant's responders: their record, and fast-track granted or withdrawn. */
export default class FastTrackController {
  async index(ctx: HttpContext) {
    await ctx.bouncer.authorize('moderate')
    return ctx.view.render('pages/staff/responders', {
      responders: await respondersWithRecords(),
      record: FAST_TRACK_RECORD,
    })
  }

  async grant(ctx: HttpContext) {
    await ctx.bouncer.authorize('moderate')
    const membership = await Membership.findOrFail(idParam(ctx.params))
    refusalsGoTo(ctx, '/staff/responders')
    await grantFastTrack({ ...actingOf(ctx), actor: ctx.auth.user! }, membership.id)
    ctx.session.flash('success', ctx.i18n.t('checked.fastTrack.granted'))
    return ctx.response.redirect('/staff/responders')
  }

  async withdraw(ctx: HttpContext) {
    await ctx.bouncer.authorize('moderate')
    const membership = await Membership.findOrFail(idParam(ctx.params))
    refusalsGoTo(ctx, '/staff/responders')
    await withdrawFastTrack({ ...actingOf(ctx), actor: ctx.auth.user! }, membership.id)
    ctx.session.flash('success', ctx.i18n.t('checked.fastTrack.withdrawn'))
    return ctx.response.redirect('/staff/responders')
  }
}
