import type { HttpContext } from '@adonisjs/core/http'
import { absoluteUrl } from '#tenancy/request_site'
import { brandOf, icoIcon, manifest, pngIcon, svgIcon } from '#services/reading/icons'
import { sitemapPage, sitemapRoot } from '#services/reading/sitemap'

const A_DAY = 'public, max-age=86400'

/** robots.txt, sitemaps, icons and the manifest of the tenant's site. */
export default class WebBasicsController {
  robots(ctx: HttpContext) {
    const lines = ['User-agent: *', 'Disallow: /staff/', 'Disallow: /my-story/', 'Disallow: /api/']
    lines.push(`Sitemap: ${absoluteUrl(ctx, '/sitemap.xml')}`, '')
    return ctx.response.header('Content-Type', 'text/plain; charset=utf-8').send(lines.join('\n'))
  }

  async sitemap(ctx: HttpContext) {
    const xml = await sitemapRoot(absoluteUrl(ctx, ''))
    return ctx.response.header('Content-Type', 'application/xml; charset=utf-8').send(xml)
  }

  async sitemapPage(ctx: HttpContext) {
    const match = String(ctx.params.page).match(/^(\d{1,6})\.xml$/)
    const xml = match ? await sitemapPage(absoluteUrl(ctx, ''), Number(match[1])) : null
    if (!xml) return ctx.response.status(404).send('Not found')
    return ctx.response.header('Content-Type', 'application/xml; charset=utf-8').send(xml)
  }

  favicon({ response, tenant }: HttpContext) {
    return response
      .header('Content-Type', 'image/x-icon')
      .header('Cache-Control', A_DAY)
      .send(icoIcon(brandOf(tenant!)))
  }

  svgIcon({ response, tenant }: HttpContext) {
    return response
      .header('Content-Type', 'image/svg+xml')
      .header('Cache-Control', A_DAY)
      .send(svgIcon(brandOf(tenant!)))
  }

  touchIcon({ response, tenant }: HttpContext) {
    return response
      .header('Content-Type', 'image/png')
      .header('Cache-Control', A_DAY)
      .send(pngIcon(180, brandOf(tenant!)))
  }

  manifest({ response, tenant }: HttpContext) {
    return response
      .header('Content-Type', 'application/manifest+json')
      .header('Cache-Control', A_DAY)
      .send(manifest(tenant!))
  }
}
