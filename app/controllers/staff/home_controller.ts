import type { HttpContext } from '@adonisjs/core/http'

/** The staff home of a tenant: what this account may do here. */
export default class HomeController {
  async handle({ view, auth, bouncer }: HttpContext) {
    const user = auth.getUserOrFail()
    return view.render('pages/staff/home', {
      roles: [...(user.rights?.roles ?? [])],
      canAdminister: await bouncer.allows('administerTenant'),
      canModerate: await bouncer.allows('moderate'),
    })
  }
}
