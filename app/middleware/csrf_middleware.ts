import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto'
import Tokens from 'csrf'
import app from '@adonisjs/core/services/app'
import edge from 'edge.js'
import { errors } from '@adonisjs/shield'
import { appSubkey } from '#services/platform/keyed_hash'
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
 *   kept in an HttpOnly, host-only cookie (`__Host-` prefixed in
 *   production, so a sibling host cannot plant one). Reading a page
 *   therefore never creates a session or writes to the database, and the
 *   protection survives a session that ends while a form is open;
 * - a token is a fresh salt and an HMAC, under a key derived from APP_KEY,
 *   of the salt and the secret: nobody without the key can make one for a
 *   secret, so the cookie needs no signature of its own, and each page's
 *   token differs. Cookies signed or encrypted by earlier versions, and
 *   the tokens made from them, are still accepted.
 */
export const CSRF_COOKIE = app.inProduction ? '__Host-carevoice-csrf' : 'carevoice-csrf'
export const CSRF_FIELD = '_csrf'

/* Tokens of the earlier scheme (the csrf package), still accepted from forms opened before it changed. */
const legacyTokens = new Tokens()

const tokenKey = appSubkey('csrf-token/v2')
/*
 * A secret kept as it is in the cookie (this version makes random UUIDs;
 * one carried over from a signed or encrypted cookie may be shorter). A
 * signed or encrypted value has a colon and a dot, so it never matches.
 */
const OWN_SECRET = /^[A-Za-z0-9_-]{16,64}$/

function mac(salt: string, secret: string) {
  return createHmac('sha256', tokenKey).update(`${salt}.${secret}`).digest('base64url')
}

/** A token for this secret: a new salt (so no two pages carry the same) and its HMAC. */
export function csrfTokenFor(secret: string) {
  const salt = randomUUID().slice(0, 8)
  return `${salt}.${mac(salt, secret)}`
}

/** Whether `sent` was made for this secret (by this scheme or the earlier one). */
export function csrfTokenMatches(secret: string, sent: string) {
  const dot = sent.indexOf('.')
  if (dot < 0) return legacyTokens.verify(secret, sent)
  const expected = Buffer.from(mac(sent.slice(0, dot), secret))
  const given = Buffer.from(sent.slice(dot + 1))
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/*
 * The secret cookie's attributes, written once: a first visit to a kept
 * page makes one per request, and the framework's cookie options would be
 * merged and parsed again each time.
 */
const COOKIE_ATTRIBUTES = `; Max-Age=${12 * 3600}; Path=/; HttpOnly${app.inProduction ? '; Secure' : ''}; SameSite=Lax`

/** This browser's secret: its own cookie as set now, or one signed or encrypted by earlier versions. */
function storedSecret(ctx: HttpContext): string | null {
  const raw = ctx.request.plainCookie(CSRF_COOKIE, { encoded: false })
  if (typeof raw === 'string' && OWN_SECRET.test(raw)) return raw
  const earlier = ctx.request.cookie(CSRF_COOKIE) ?? ctx.request.encryptedCookie(CSRF_COOKIE)
  return typeof earlier === 'string' && earlier.length > 0 ? earlier : null
}

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
  let secret = storedSecret(ctx)
  let token: string | null = null
  return {
    secret: () => secret,
    token: () => {
      if (token) return token
      /* 122 random bits from Node's pooled source: a first visit costs no system call. */
      secret ??= randomUUID()
      ctx.response.append('set-cookie', `${CSRF_COOKIE}=${secret}${COOKIE_ATTRIBUTES}`)
      token = csrfTokenFor(secret)
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
      if (!secret || typeof sent !== 'string' || !csrfTokenMatches(secret, sent)) {
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
