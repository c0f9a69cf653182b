import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { redactPath } from '#lib/redact_path'

/**
 * One log line per request (method, path, status, duration), through the
 * request's logger so it carries the request id. Query strings are left
 * out: they can hold tokens, and so are tokens in the path (#lib/redact_path). Health checks that pass are not logged: load
 * balancers and `npm run dev` ask every few seconds.
 */
export default class RequestLogMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const started = process.hrtime.bigint()
    try {
      await next()
    } finally {
      const quiet = ctx.request.url().startsWith('/health/') && ctx.response.getStatus() < 400
      if (!quiet) this.log(ctx, started)
    }
  }

  protected log(ctx: HttpContext, started: bigint) {
    const durationMs = Number(process.hrtime.bigint() - started) / 1e6
    ctx.logger.info(
      {
        method: ctx.request.method(),
        path: redactPath(ctx.request.url()),
        status: ctx.response.getStatus(),
        durationMs: Math.round(durationMs * 10) / 10,
        host: ctx.host?.name ?? null,
      },
      'request'
    )
  }
}
