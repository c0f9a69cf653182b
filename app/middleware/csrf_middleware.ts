import Tokens from 'csrf'
import app from '@adonisjs/core/services/app'
import edge from 'edge.js'
import { errors } from '@adonisjs/shield'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Cross-site request forgery protection, with the secret in a cookie of its
 * own rather than in the session.
 *
 * Guarantees:
 * - every POST, PUT, PATCH and DELETE outside `/api/` carries a token (the
 *   `_csrf` field or an `X-CSRF-Token` header) made from this browser's
 *   secret, or is refused with E_BAD_CSRF_TOKEN (the exception handler
 *   answers it: "This page had expired", with what was typed kept);
 * - the secret is made only when a page renders a form (`csrfField()`), and
 *   kept in an encrypted, HttpOnly, host-only cookie (`__Host-` prefixed in
 *   production, so a sibling host cannot plant one). Reading a page
 *   therefore never creates a session or writes to the database, and the
 *   protection survives a session that ends while a form is open.
 */
export const CSRF_COOKIE = app.inProduction ? '__Host-carevoice-csrf' : 'carevoice-csrf'
export const CSRF_FIELD = '_csrf'

const tokens = new Tokens()

/**
 * This request's token maker and its browser's secret (once made), for a
 * kept page that puts each reader's own token in (public_page_cache_middleware).
 */
export const csrfOf = new WeakMap<
  HttpContext,
  { token: () => string; secret: () => string | null }
>()
const CHECKED_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

function exempt(ctx: HttpContext) {
  return ctx.request.url().startsWith('/api/')
}

export default class CsrfMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const stored = ctx.request.encryptedCookie(CSRF_COOKIE)
    let secret = typeof stored === 'string' && stored.length > 0 ? stored : null

    if (CHECKED_METHODS.has(ctx.request.method()) && !exempt(ctx)) {
      const sent = ctx.request.input(CSRF_FIELD) ?? ctx.request.header('x-csrf-token')
      if (!secret || typeof sent !== 'string' || !tokens.verify(secret, sent)) {
        throw new errors.E_BAD_CSRF_TOKEN()
      }
    }

    /* Made on first use only: pages without a form set no cookie. */
    let token: string | null = null
    const csrfToken = () => {
      if (token) return token
      secret ??= tokens.secretSync()
      /* Set again with each form, so a form stays valid for 12 hours from its page. */
      ctx.response.encryptedCookie(CSRF_COOKIE, secret, {
        httpOnly: true,
        sameSite: 'lax',
        secure: app.inProduction,
        path: '/',
        maxAge: '12h',
      })
      token = tokens.create(secret)
      return token
    }
    csrfOf.set(ctx, { token: csrfToken, secret: () => secret })
    ctx.view?.share({
      csrfToken,
      csrfField: () =>
        edge.globals.html.safe(`<input type="hidden" name="${CSRF_FIELD}" value="${csrfToken()}">`),
      csrfMeta: () => edge.globals.html.safe(`<meta name="csrf-token" content="${csrfToken()}">`),
    })
    return next()
  }
}
