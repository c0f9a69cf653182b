import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import env from '#start/env'
import { replicaReads } from '#lib/read_replicas'

/**
 * With read replicas configured (DB_READ_HOSTS), lets a public read use
 * them: a GET or HEAD whose session holds nothing, that is a visitor who is
 * not signed in and has no form, message or flow of their own under way.
 * (Every page sets a session cookie, so the cookie alone says nothing; the
 * session is read from the primary, just before this runs.) Anyone whose
 * session holds something — staff, an author who has just submitted, a
 * message flashed after a form — reads from the primary and so sees their
 * own writes at once. See app/lib/read_replicas.ts.
 */
export default class PublicReadsMiddleware {
  #enabled = Boolean(env.get('DB_READ_HOSTS')?.length)

  handle(ctx: HttpContext, next: NextFn) {
    if (!this.#enabled) return next()
    const method = ctx.request.method()
    if (method !== 'GET' && method !== 'HEAD') return next()
    if (!ctx.session || !ctx.session.isEmpty) return next()
    return replicaReads.run(() => next())
  }
}
