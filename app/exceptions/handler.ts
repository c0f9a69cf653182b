import app from '@adonisjs/core/services/app'
import i18nManager from '@adonisjs/i18n/services/main'
import { languagesFor } from '#middleware/detect_user_locale_middleware'
import { themeFor } from '#services/tenant_theme'
import { type HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import type { StatusPageRange, StatusPageRenderer } from '@adonisjs/core/types/http'
import { isLostStaffPost, keepFormForSignIn } from '#controllers/staff/kept_forms_http'

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
    /* An unknown host learns nothing, not even which platform this is. */
    if (!ctx.tenant && !ctx.host?.isAdmin) {
      return ctx.response
        .header('content-type', 'text/plain; charset=utf-8')
        .send(template.endsWith('not_found') ? 'Not found' : 'Server error')
    }
    if (!ctx.i18n) {
      const { choices, fallback } = languagesFor(ctx)
      ctx.i18n = i18nManager.locale(ctx.request.language(choices) ?? fallback)
    }
    if (ctx.tenant) ctx.view.share(themeFor(ctx.tenant))
    return ctx.view.render(template, { i18n: ctx.i18n })
  }

  async handle(error: unknown, ctx: HttpContext) {
    /* A refused action is a 403 page, never a silent redirect. */
    const code = (error as { code?: string }).code
    if (code === 'E_AUTHORIZATION_FAILURE' && ctx.request.accepts(['html', 'json']) !== 'json') {
      ctx.response.status(403)
      return ctx.response.send(await this.renderPage(ctx, 'pages/errors/forbidden'))
    }
    /*
     * A staff form posted after the session ended fails its CSRF check (the
     * session held the token): keep the text through signing in again rather
     * than sending it back into a page that now asks to sign in first.
     */
    if (code === 'E_BAD_CSRF_TOKEN' && isLostStaffPost(ctx) && !ctx.session?.has('auth_web'))
      return keepFormForSignIn(ctx)
    return super.handle(error, ctx)
  }

  async report(error: unknown, ctx: HttpContext) {
    return super.report(error, ctx)
  }
}
