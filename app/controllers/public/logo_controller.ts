import type { HttpContext } from '@adonisjs/core/http'
import { findTenantLogo } from '#services/tenants/tenant_settings'

/**
 * The tenant's uploaded logo (also its favicon), from PostgreSQL so every
 * instance serves it. Its URL carries the content hash, so it is cached for
 * a year; an SVG gets a policy that lets nothing in it run or load.
 */
export default class LogoController {
  async show({ params, response }: HttpContext) {
    const [hash, extension] = String(params.file).split('.')
    const logo = await findTenantLogo(hash)
    if (!logo || extension !== logoExtension(logo.contentType)) {
      return response
        .status(404)
        .header('content-type', 'text/plain; charset=utf-8')
        .send('Not found')
    }
    response.header('content-type', logo.contentType)
    response.header('cache-control', 'public, max-age=31536000, immutable')
    response.header('x-content-type-options', 'nosniff')
    response.header(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    )
    return response.send(logo.bytes)
  }
}

function logoExtension(contentType: string) {
  return { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/svg+xml': 'svg' }[contentType]
}
