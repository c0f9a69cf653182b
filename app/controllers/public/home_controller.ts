import type { HttpContext } from '@adonisjs/core/http'
import { homePage } from '#services/reading/home_page'

export default class HomeController {
  async handle({ view }: HttpContext) {
    return view.render('pages/public/home', await homePage())
  }
}
