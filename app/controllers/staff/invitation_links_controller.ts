import { DateTime } from 'luxon'
import QRCode from 'qrcode'
import type { HttpContext } from '@adonisjs/core/http'
import InvitationLink from '#models/invitation_link'
import { invitationLinkValidator } from '#validators/invitation_link'
import { formMessages } from '#validators/messages'
import {
  createInvitationLink,
  invitationLinksWithCounts,
  serviceForInvitation,
} from '#services/stories/invitation_links'
import { refusalsGoTo } from '#exceptions/domain_error'
import { absoluteUrl } from '#tenancy/request_site'

/** A tenant admin's invitation links: the list with counts, making one, and its printable QR code. */
export default class InvitationLinksController {
  async index(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    const rows = await invitationLinksWithCounts()
    return ctx.view.render('pages/staff/invitation_links/index', {
      rows: rows.map(({ link, stories }) => ({
        link,
        stories,
        url: absoluteUrl(ctx, `/i/${link.code}`),
      })),
    })
  }

  async store(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    const input = await ctx.request.validateUsing(invitationLinkValidator, {
      messagesProvider: formMessages(ctx.i18n, 'invitationLink'),
    })
    refusalsGoTo(ctx, '/staff/invitation-links')
    const service = await serviceForInvitation(input.service)
    const link = await createInvitationLink({
      serviceId: service.id,
      campaign: input.campaign,
      closesOn: input.closesOn ? DateTime.fromJSDate(input.closesOn) : null,
    })
    ctx.session.flash('success', ctx.i18n.t('moderation.invitations.created'))
    return ctx.response.redirect(`/staff/invitation-links/${link.id}`)
  }

  /** The link as a page to print: its address and a QR code (SVG, drawn by the qrcode package). */
  async show(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    const link = await InvitationLink.query()
      .where('id', Number(ctx.params.id) || 0)
      .preload('service')
      .firstOrFail()
    const url = absoluteUrl(ctx, `/i/${link.code}`)
    const rows = await invitationLinksWithCounts()
    return ctx.view.render('pages/staff/invitation_links/show', {
      link,
      url,
      stories: rows.find((row) => row.link.id === link.id)?.stories ?? 0,
      qrSvg: await QRCode.toString(url, { type: 'svg', margin: 2, width: 240 }),
    })
  }
}
