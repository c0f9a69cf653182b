import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/** The national console answers on the admin host only. */
export default class AdminSiteMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (!ctx.host.isAdmin) {
      return ctx.response
        .status(404)
        .header('content-type', 'text/plain; charset=utf-8')
        .send('Not found')
    }
    ctx.view.share({ siteName: ctx.i18n.t('messages.admin.siteName'), isAdminSite: true })
    return next()
  }
}
