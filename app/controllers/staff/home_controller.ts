import type { HttpContext } from '@adonisjs/core/http'
import { checksWaiting } from '#services/responses/response_checks'

/** The staff home of a tenant: what this account may do here. */
export default class HomeController {
  async handle({ view, auth, bouncer }: HttpContext) {
    const user = auth.getUserOrFail()
    const canModerate = await bouncer.allows('moderate')
    return view.render('pages/staff/home', {
      roles: [...(user.rights?.roles ?? [])],
      canAdminister: await bouncer.allows('administerTenant'),
      canModerate,
      responsesToCheck: canModerate ? await checksWaiting() : 0,
    })
  }
}
