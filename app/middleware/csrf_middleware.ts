import { randomUUID } from 'node:crypto'
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
 *   kept in a signed, HttpOnly, host-only cookie (`__Host-` prefixed in
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

/**
 * This browser's CSRF secret (from its cookie) and a token maker: the first
 * token makes the secret if there is none, and sets its cookie again, so a
 * form stays valid for 12 hours from its page.
 */
export function csrfFor(ctx: HttpContext) {
  /* Signed since the kept-page door (a browser's own secret needs no hiding from it); encrypted before. */
  const stored = ctx.request.cookie(CSRF_COOKIE) ?? ctx.request.encryptedCookie(CSRF_COOKIE)
  let secret = typeof stored === 'string' && stored.length > 0 ? stored : null
  let token: string | null = null
  return {
    secret: () => secret,
    token: () => {
      if (token) return token
      /* 122 random bits from Node's pooled source: a first visit costs no system call. */
      secret ??= randomUUID()
      ctx.response.cookie(CSRF_COOKIE, secret, {
        httpOnly: true,
        sameSite: 'lax',
        secure: app.inProduction,
        path: '/',
        maxAge: '12h',
      })
      token = tokens.create(secret)
      return token
    },
  }
}

export default class CsrfMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const csrf = csrfFor(ctx)

    if (CHECKED_METHODS.has(ctx.request.method()) && !exempt(ctx)) {
      const secret = csrf.secret()
      const sent = ctx.request.input(CSRF_FIELD) ?? ctx.request.header('x-csrf-token')
      if (!secret || typeof sent !== 'string' || !tokens.verify(secret, sent)) {
        throw new errors.E_BAD_CSRF_TOKEN()
      }
    }

    /* Made on first use only: pages without a form set no cookie. */
    const csrfToken = csrf.token
    csrfOf.set(ctx, csrf)
    ctx.view?.share({
      csrfToken,
      csrfField: () =>
        edge.globals.html.safe(`<input type="hidden" name="${CSRF_FIELD}" value="${csrfToken()}">`),
      csrfMeta: () => edge.globals.html.safe(`<meta name="csrf-token" content="${csrfToken()}">`),
    })
    return next()
  }
}
