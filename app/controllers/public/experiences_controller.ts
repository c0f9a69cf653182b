import type { HttpContext } from '@adonisjs/core/http'
import limiter from '@adonisjs/limiter/services/main'
import { addExperience } from '#services/reading/experiences'

const COOKIE = 'experienced'
const REMEMBERED = 200

/** "I've experienced this too" on a story's page (30 an hour per address). */
export default class ExperiencesController {
  async store({ params, request, response, session, i18n, view }: HttpContext) {
    const id = /^\d{1,15}$/.test(String(params.id)) ? Number(params.id) : 0
    const remembered = (request.cookie(COOKIE) as number[] | null) ?? []
    const counted = Array.isArray(remembered) ? remembered.filter(Number.isInteger) : []
    if (counted.includes(id)) {
      session.flash('success', i18n.t('reading.experienced.already'))
      return response.redirect(`/stories/${id}#experienced`)
    }
    const allowed = await limiter
      .use({ requests: 30, duration: '1 hour' })
      .attempt(`experienced:${request.ip()}`, () => true)
    if (!allowed) {
      response.status(429)
      return view.render('pages/public/tell/too_many')
    }
    const outcome = await addExperience(id, {
      ip: request.ip(),
      userAgent: request.header('user-agent') ?? '',
    })
    if (!outcome) {
      response.status(404)
      return view.render('pages/errors/not_found')
    }
    response.cookie(COOKIE, [id, ...counted].slice(0, REMEMBERED), {
      maxAge: '1y',
      httpOnly: true,
      sameSite: 'lax',
    })
    session.flash(
      'success',
      i18n.t(outcome === 'added' ? 'reading.experienced.thanks' : 'reading.experienced.already')
    )
    return response.redirect(`/stories/${id}#experienced`)
  }
}
