import type { HttpContext } from '@adonisjs/core/http'
import {
  lettersInUse,
  parseCursor,
  parseStoryCursor,
  searchServices,
  servicePage,
  servicesByLetter,
} from '#services/directory/directory_queries'

/** The A–Z of services, the search, and one service's page. */
export default class ServicesController {
  async index({ request, view }: HttpContext) {
    const letters = await lettersInUse()
    const asked = String(request.input('letter') ?? '').toUpperCase()
    const letter = letters.includes(asked) ? asked : (letters[0] ?? 'A')
    const result = await servicesByLetter(letter, parseCursor(request.input('after')))
    return view.render('pages/public/services/index', { letters, letter, ...result })
  }

  async search({ request, view }: HttpContext) {
    const q = String(request.input('q') ?? '').slice(0, 100)
    return view.render('pages/public/services/search', { q, services: await searchServices(q, 50) })
  }

  /** Search as you type for the service picker. */
  async searchJson({ request, response }: HttpContext) {
    const services = await searchServices(String(request.input('q') ?? ''), 10)
    return response.json(
      services.map((service) => ({
        id: service.id,
        slug: service.slug,
        name: service.name,
        area: service.area?.name ?? null,
      }))
    )
  }

  async show({ params, request, view }: HttpContext) {
    return view.render(
      'pages/public/services/show',
      await servicePage(String(params.slug), parseStoryCursor(request.input('stories')))
    )
  }
}
