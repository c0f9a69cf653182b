import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import env from '#start/env'
import { SESSION_COOKIE } from '#config/session'
import { replicaReads } from '#lib/read_replicas'

const HAS_SESSION = new RegExp(`(?:^|;)\\s*${SESSION_COOKIE}=`)

/**
 * With read replicas configured (DB_READ_HOSTS), lets a public read use
 * them: a GET or HEAD with no session cookie, that is a visitor who is not
 * signed in and has no form or flow of their own under way. Anyone with a
 * session (staff, an author who has just submitted) reads from the primary
 * and so sees their own writes at once. See app/lib/read_replicas.ts.
 */
export default class PublicReadsMiddleware {
  #enabled = Boolean(env.get('DB_READ_HOSTS')?.length)

  handle(ctx: HttpContext, next: NextFn) {
    if (!this.#enabled) return next()
    const method = ctx.request.method()
    if (method !== 'GET' && method !== 'HEAD') return next()
    if (HAS_SESSION.test(ctx.request.header('cookie') ?? '')) return next()
    return replicaReads.run(() => next())
  }
}
