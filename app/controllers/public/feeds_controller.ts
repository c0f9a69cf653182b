import type { HttpContext } from '@adonisjs/core/http'
import { Exception } from '@adonisjs/core/exceptions'
import { siteOfRequest } from '#tenancy/request_site'
import {
  ATOM_CONTENT_TYPE,
  feedEntries,
  feedHeading,
  findScope,
  renderAtom,
  type FeedScope,
} from '#services/notifications/feeds'

/** Atom feeds of the site, a service, an area and a tag: public stories and responses. */
export default class FeedsController {
  async tenant(ctx: HttpContext) {
    return this.respond(ctx, 'tenant', undefined)
  }

  async service(ctx: HttpContext) {
    return this.respond(ctx, 'service', String(ctx.params.slug))
  }

  async area(ctx: HttpContext) {
    return this.respond(ctx, 'area', String(ctx.params.slug))
  }

  async tag(ctx: HttpContext) {
    return this.respond(ctx, 'tag', String(ctx.params.id))
  }

  private async respond(ctx: HttpContext, kind: FeedScope['kind'], ref: string | undefined) {
    const scope = await findScope(kind, ref)
    if (!scope) throw new Exception('No such feed', { status: 404, code: 'E_NOT_FOUND' })
    const base = siteOfRequest(ctx).baseUrl
    const t = ctx.i18n.t.bind(ctx.i18n)
    const site = ctx.tenant!.name
    const page = feedHeading(scope, t, site)
    const xml = renderAtom({
      id: `${base}${ctx.request.url()}`,
      self: `${base}${ctx.request.url()}`,
      alternate: `${base}${page.path}`,
      title: `${page.title} – ${site}`,
      author: site,
      lang: ctx.i18n.locale,
      entries: await feedEntries(scope, base, t),
    })
    return ctx.response.header('Content-Type', ATOM_CONTENT_TYPE).send(xml)
  }
}
