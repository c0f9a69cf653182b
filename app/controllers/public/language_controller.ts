import type { HttpContext } from '@adonisjs/core/http'
import { LOCALE_COOKIE } from '#middleware/detect_user_locale_middleware'
import { languageValidator } from '#validators/language'

export default class LanguageController {
  /** Remembers the visitor's language and takes them back to the page they were on. */
  async store({ request, response }: HttpContext) {
    const { locale, return_to: returnTo } = await request.validateUsing(languageValidator)
    response.plainCookie(LOCALE_COOKIE, locale, { maxAge: '1y', httpOnly: true })
    return response.redirect(safeReturnPath(returnTo))
  }
}

/** Only paths on this host: never an open redirect. */
function safeReturnPath(path: string | null | undefined) {
  if (!path || !path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return '/'
  return path
}
