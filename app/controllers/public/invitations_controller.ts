import { DateTime } from 'luxon'
import type { HttpContext } from '@adonisjs/core/http'
import { invitationByCode } from '#services/stories/invitation_links'

/** /i/<code>: starts telling a story about the link's service, with its campaign tag. */
export default class InvitationsController {
  async show(ctx: HttpContext) {
    const found = await invitationByCode(
      String(ctx.params.code ?? ''),
      DateTime.now().setZone(ctx.tenant!.timeZone)
    )
    if (!found) {
      ctx.response.status(404)
      return ctx.view.render('pages/public/tell/invitation_closed', { link: null })
    }
    if (!found.open) return ctx.view.render('pages/public/tell/invitation_closed', found)
    /* Remembered for this telling only; the story is tagged when it is sent. */
    ctx.session.put('invitationLinkId', found.link.id)
    return ctx.response.redirect(
      `/tell/story?service=${encodeURIComponent(found.link.service.slug)}`
    )
  }
}
