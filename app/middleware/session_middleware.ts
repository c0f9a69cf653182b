import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import emitter from '@adonisjs/core/services/emitter'
import { Session } from '@adonisjs/session'
/* For its side effects: the redirect macros, the validation error renderer and the ctx.session type. */
import '@adonisjs/session/session_middleware'
import sessionConfig from '#config/session'
import { configProvider } from '@adonisjs/core'
import app from '@adonisjs/core/services/app'
import type { ResolvedSessionConfig } from '@adonisjs/session/types'

let resolved: ResolvedSessionConfig | null = null
async function config() {
  resolved ??= (await configProvider.resolve<ResolvedSessionConfig>(app, sessionConfig))!
  return resolved
}

/**
 * @adonisjs/session's middleware, except that a visitor who has no session
 * gets none until something is put in it.
 *
 * The package's middleware gives every request a session: with no cookie it
 * makes a new id, reads the store for it (a database query that cannot
 * find anything) and sets the session cookie on every response, even when
 * nothing was stored. So every anonymous page set a cookie, could not be
 * cached by a browser or proxy, and cost a query. Here, a request without a
 * session cookie reads nothing, and an empty session with no cookie is not
 * committed: no cookie, no write. A session that becomes empty (its flash
 * message shown) has its cookie cleared, so the reader is anonymous again.
 * Anything that puts a value or a flash message (sign-in, a refused form)
 * commits as before. CSRF does not depend on it: its secret is in its own
 * cookie (app/middleware/csrf_middleware.ts).
 */
export default class SessionMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const settings = await config()
    if (!settings.enabled) return next()
    const fromCookie = ctx.request.cookie(settings.cookieName, undefined) as string | undefined
    const store = settings.stores[settings.store]
    /* Without a cookie there is nothing to read: a fresh session starts empty, without a query. */
    const factory: typeof store = fromCookie
      ? store
      : (storeCtx, storeConfig) => {
          const inner = store(storeCtx, storeConfig)
          return new Proxy(inner, {
            get(target, property, receiver) {
              if (property === 'read') return async () => null
              const value = Reflect.get(target, property, receiver)
              return typeof value === 'function' ? value.bind(target) : value
            },
          })
        }
    ctx.session = new Session(settings, factory, emitter, ctx)
    await ctx.session.initiate(false)
    const response = await next()
    const session = ctx.session
    const nothingToKeep = session.isEmpty && session.responseFlashMessages.isEmpty
    if (nothingToKeep && !fromCookie) return response
    await session.commit()
    if (nothingToKeep) {
      /* commit() set the cookie again: take that back, and have the browser forget it. */
      const name = `${settings.cookieName}=`
      const cookies = ctx.response.getHeader('set-cookie')
      const kept = (Array.isArray(cookies) ? cookies : cookies ? [String(cookies)] : []).filter(
        (cookie) => !cookie.startsWith(name)
      )
      ctx.response.removeHeader('set-cookie')
      for (const cookie of kept) ctx.response.append('set-cookie', cookie)
      ctx.response.clearCookie(settings.cookieName)
    }
    return response
  }
}
