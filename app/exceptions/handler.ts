import app from '@adonisjs/core/services/app'
import i18nManager from '@adonisjs/i18n/services/main'
import { type HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import type { StatusPageRange, StatusPageRenderer } from '@adonisjs/core/types/http'

/**
 * Friendly, translated error pages in the site layout for people; JSON for
 * API clients. Stack traces only ever reach the log.
 */
export default class HttpExceptionHandler extends ExceptionHandler {
  protected debug = !app.inProduction && !app.inTest

  protected renderStatusPages = true

  protected statusPages: Record<StatusPageRange, StatusPageRenderer> = {
    '404': (_, ctx) => this.renderPage(ctx, 'pages/errors/not_found'),
    '500..599': (_, ctx) => this.renderPage(ctx, 'pages/errors/server_error'),
  }

  /** Unmatched routes skip the router middleware, so i18n may not be set yet. */
  protected renderPage(ctx: HttpContext, template: string) {
    if (!ctx.i18n) {
      ctx.i18n = i18nManager.locale(
        i18nManager.getSupportedLocaleFor(ctx.request.languages()) ?? i18nManager.defaultLocale
      )
    }
    return ctx.view.render(template, { i18n: ctx.i18n })
  }

  async handle(error: unknown, ctx: HttpContext) {
    return super.handle(error, ctx)
  }

  async report(error: unknown, ctx: HttpContext) {
    return super.report(error, ctx)
  }
}
