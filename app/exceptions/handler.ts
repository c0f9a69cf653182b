import app from '@adonisjs/core/services/app'
import i18nManager from '@adonisjs/i18n/services/main'
import { languagesFor } from '#middleware/detect_user_locale_middleware'
import { themeFor } from '#services/tenants/tenant_theme'
import { isDatabaseUnavailable } from '#lib/database_unavailable'
import type UnstorableInputException from '#exceptions/unstorable_input_exception'
import { DomainError, problemsIn, refusalText } from '#exceptions/domain_error'
import { type HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import type { StatusPageRange, StatusPageRenderer } from '@adonisjs/core/types/http'
import { isLostStaffPost, keepFormForSignIn } from '#controllers/staff/kept_forms_http'
import { isApiRequest, problemOf } from '#exceptions/api_problems'

/** Seconds a client is asked to wait while the database is unavailable. */
export const RETRY_AFTER_SECONDS = 10

/** What an unknown host is told, in place of each page. */
const PLAIN_TEXT: Record<string, string> = {
  'pages/errors/not_found': 'Not found',
  'pages/errors/unstorable_input':
    'Bad request: the text contained characters that cannot be stored',
  'pages/errors/unavailable': 'Service temporarily unavailable, please try again shortly',
}

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
        .send(PLAIN_TEXT[template] ?? 'Server error')
    }
    this.ensureI18n(ctx)
    if (ctx.tenant) ctx.view.share(themeFor(ctx.tenant))
    return ctx.view.render(template, { i18n: ctx.i18n })
  }

  protected ensureI18n(ctx: HttpContext) {
    if (!ctx.i18n) {
      const { choices, fallback } = languagesFor(ctx)
      ctx.i18n = i18nManager.locale(ctx.request.language(choices) ?? fallback)
    }
    return ctx.i18n
  }

  async handle(error: unknown, ctx: HttpContext) {
    if (isApiRequest(ctx)) return this.apiProblem(error, ctx)
    /* A refused action is a 403 page, never a silent redirect. */
    const code = (error as { code?: string }).code
    if (code === 'E_AUTHORIZATION_FAILURE' && ctx.request.accepts(['html', 'json']) !== 'json') {
      ctx.response.status(403)
      return ctx.response.send(await this.renderPage(ctx, 'pages/errors/forbidden'))
    }
    if (error instanceof DomainError) return this.refuseDomain(error, ctx)
    if (code === 'E_UNSTORABLE_INPUT') {
      const field = (error as UnstorableInputException).field
      const i18n = this.ensureI18n(ctx)
      return this.refuse(ctx, 400, 'pages/errors/unstorable_input', {
        title: i18n.t('messages.errors.unstorableTitle'),
        detail: i18n.t('messages.errors.unstorableDetail', { field }),
      })
    }
    /* The database is shutting down, restarting or unreachable: ask to come back shortly. */
    if (isDatabaseUnavailable(error)) {
      ctx.response.header('retry-after', String(RETRY_AFTER_SECONDS))
      const i18n = this.ensureI18n(ctx)
      return this.refuse(ctx, 503, 'pages/errors/unavailable', {
        title: i18n.t('messages.errors.unavailableTitle'),
        detail: i18n.t('messages.errors.unavailableDetail', { seconds: RETRY_AFTER_SECONDS }),
      })
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

  /**
   * The public API answers every error with problem details (RFC 9457),
   * whatever the client accepts; a server error says nothing more.
   */
  protected apiProblem(error: unknown, ctx: HttpContext) {
    if (isDatabaseUnavailable(error))
      ctx.response.header('retry-after', String(RETRY_AFTER_SECONDS))
    const problem = problemOf(
      isDatabaseUnavailable(error) ? { status: 503 } : error,
      this.ensureI18n(ctx),
      (refusal) => this.refusalText(refusal, ctx)
    )
    ctx.response.removeHeader('etag')
    ctx.response.header('cache-control', 'no-store')
    return ctx.response
      .status(problem.status)
      .header('content-type', 'application/problem+json; charset=utf-8')
      .send(JSON.stringify(problem))
  }

  /**
   * Answers with `status`: problem+json (RFC 9457) for clients that want
   * JSON, else the page in the site's layout.
   */
  protected async refuse(
    ctx: HttpContext,
    status: number,
    template: string,
    problem: { title: string; detail: string }
  ) {
    ctx.response.status(status)
    if (this.wantsJson(ctx)) {
      return ctx.response
        .header('content-type', 'application/problem+json; charset=utf-8')
        .send(JSON.stringify({ type: 'about:blank', status, ...problem }))
    }
    const page = await this.renderPage(ctx, template)
    return page === undefined ? undefined : ctx.response.send(page)
  }

  /**
   * A domain rule refused: problem details (RFC 9457) for JSON clients;
   * for forms, back with the input kept and the message beside its field.
   */
  protected refuseDomain(error: DomainError, ctx: HttpContext) {
    const message = this.refusalText(error, ctx)
    if (this.wantsJson(ctx) || !ctx.session) {
      return ctx.response
        .status(error.status)
        .header('content-type', 'application/problem+json; charset=utf-8')
        .send(
          JSON.stringify({
            type: 'about:blank',
            status: error.status,
            title: message,
            ...(error.key ? { code: error.key } : {}),
            ...(this.fieldProblems(error, message, ctx).length
              ? {
                  errors: this.fieldProblems(error, message, ctx).map((problem) => ({
                    field: problem.field,
                    detail: problem.message,
                  })),
                }
              : {}),
          })
        )
    }
    ctx.session.flashExcept(['_csrf', '_method', 'password', 'password_confirmation'])
    const problems = this.fieldProblems(error, message, ctx)
    if (problems.length)
      ctx.session.flashValidationErrors({ code: 'E_VALIDATION_ERROR', messages: problems } as never)
    else ctx.session.flash('error', message)
    const back = ctx.refusalPath
    return back ? ctx.response.redirect(back) : ctx.response.redirect().back()
  }

  /** The refusal's messages that belong beside a form field. */
  protected fieldProblems(error: DomainError, message: string, ctx: HttpContext) {
    const problems = error.problems.length
      ? problemsIn(error, this.ensureI18n(ctx), ctx.tenant?.timeZone)
      : error.field
        ? [{ field: error.field, message }]
        : []
    const formField = ctx.refusalField
    return formField ? problems.map((p) => ({ ...p, field: formField(p.field) })) : problems
  }

  /** A refusal in the reader's language; times in the tenant's time zone. */
  refusalText(error: DomainError, ctx: HttpContext) {
    return refusalText(error, this.ensureI18n(ctx), ctx.tenant?.timeZone)
  }

  /** JSON when asked for, or when JSON was sent and HTML was not asked for. */
  protected wantsJson(ctx: HttpContext) {
    const accepted = ctx.request.accepts(['html', 'json'])
    if (accepted === 'json') return true
    const accept = ctx.request.header('accept') ?? ''
    return Boolean(ctx.request.is(['json'])) && !accept.includes('html')
  }

  async report(error: unknown, ctx: HttpContext) {
    /* An outage is one line per request, not a stack trace each time. */
    if (isDatabaseUnavailable(error)) {
      const { code, message } = error as { code?: string; message?: string }
      ctx.logger.warn({ code, reason: message }, 'database unavailable: answered 503')
      return
    }
    return super.report(error, ctx)
  }
}
