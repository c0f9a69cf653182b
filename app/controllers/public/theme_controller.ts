import type { HttpContext } from '@adonisjs/core/http'
import { themeStylesheet } from '#services/tenants/tenant_theme'

/** The tenant's design tokens, served as a stylesheet so the CSP stays strict. */
export default class ThemeController {
  handle({ tenant, response }: HttpContext) {
    response.header('content-type', 'text/css; charset=utf-8')
    response.header('cache-control', 'public, max-age=300')
    return themeStylesheet(tenant!)
  }
}
