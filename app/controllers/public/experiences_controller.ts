import type { HttpContext } from '@adonisjs/core/http'
import limiter from '@adonisjs/limiter/services/main'
import { addExperience } from '#services/reading/experiences'

const COOKIE = 'experienced'
const REMEMBERED = 200

/** "I've experienced this too" on a story's page (30 an hour per address). */
export default class ExperiencesController {
  async store(ctx: HttpContext) {
    const { params, request, response, view } = ctx
    const id = /^\d{1,15}$/.test(String(params.id)) ? Number(params.id) : 0
    const counted = this.counted(request.cookie(COOKIE))
    if (counted.includes(id)) return this.back(ctx, id, 'already')
    if (!(await this.withinLimit(request.ip()))) {
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
    response.cookie(COOKIE, [id, ...counted].slice(0, REMEMBERED), this.cookieOptions)
    return this.back(ctx, id, outcome === 'added' ? 'thanks' : 'already')
  }

  private back({ session, i18n, response }: HttpContext, id: number, said: 'thanks' | 'already') {
    session.flash('success', i18n.t(`reading.experienced.${said}`))
    return response.redirect(`/stories/${id}#experienced`)
  }

  /** The stories this browser already counted (the cookie, read leniently). */
  private counted(remembered: unknown) {
    return Array.isArray(remembered) ? remembered.filter(Number.isInteger) : []
  }

  private withinLimit(ip: string) {
    return limiter
      .use({ requests: 30, duration: '1 hour' })
      .attempt(`experienced:${ip}`, () => true)
  }

  private cookieOptions = { maxAge: '1y', httpOnly: true, sameSite: 'lax' as const }
}
