import type { HttpContext } from '@adonisjs/core/http'
import {
  areaPage,
  areasWithCounts,
  parseCursor,
  parseStoryCursor,
} from '#services/directory/directory_queries'

/** Browsing the directory by area. */
export default class AreasController {
  async index({ view }: HttpContext) {
    return view.render('pages/public/areas/index', { regions: await areasWithCounts() })
  }

  async show({ params, request, view }: HttpContext) {
    const result = await areaPage(
      String(params.slug),
      parseCursor(request.input('after')),
      parseStoryCursor(request.input('stories'))
    )
    return view.render('pages/public/areas/show', result)
  }
}
