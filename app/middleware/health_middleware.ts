import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import HealthController from '#controllers/system/health_controller'

/**
 * `/health/live` and `/health/ready` answer here, before the router: on
 * every host, and without a session, a CSRF secret or a tenant lookup, so a
 * probe never writes a session row and still answers while the database is
 * down.
 */
export default class HealthMiddleware {
  #health = new HealthController()

  handle(ctx: HttpContext, next: NextFn) {
    if (ctx.request.method() === 'GET' || ctx.request.method() === 'HEAD') {
      const path = ctx.request.url()
      if (path === '/health/live') return this.#health.live(ctx)
      if (path === '/health/ready') return this.#health.ready(ctx)
    }
    return next()
  }
}
