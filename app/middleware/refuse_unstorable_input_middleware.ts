import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import UnstorableInputException from '#exceptions/unstorable_input_exception'
import { firstUnstorableField, isStorableText, percentEscapesAreUtf8 } from '#lib/unstorable_text'

/** Request headers the app reads (Node itself refuses control characters in any header). */
const HEADERS_READ = [
  'host',
  'accept',
  'accept-language',
  'authorization',
  'cookie',
  'user-agent',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
]

/**
 * The one place where text from outside is checked before any controller,
 * validator or query sees it: the raw URL, the query string, route
 * parameters, the parsed body (form, JSON, multipart fields) and the
 * headers the app reads. It runs right after the body parser, so every
 * route is covered, and refuses with UnstorableInputException (400).
 */
export default class RefuseUnstorableInputMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const field = this.unstorableField(ctx)
    if (field) throw new UnstorableInputException(field)
    return next()
  }

  protected unstorableField(ctx: HttpContext): string | null {
    const { request } = ctx
    if (!percentEscapesAreUtf8(request.request.url ?? '')) return 'url'
    const rawBody = request.raw()
    if (request.is(['application/x-www-form-urlencoded']) && rawBody) {
      if (!percentEscapesAreUtf8(rawBody)) return 'body'
    }
    for (const name of HEADERS_READ) {
      const value = request.header(name)
      if (value !== undefined && !isStorableText(value)) return name
    }
    return (
      firstUnstorableField(ctx.params, { singleLine: true }) ??
      firstUnstorableField(request.qs()) ??
      firstUnstorableField(request.body())
    )
  }
}
