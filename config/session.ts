import env from '#start/env'
import { defineConfig } from '@adonisjs/session'
import app from '@adonisjs/core/services/app'
import { serverSessionStore } from '#lib/server_session_store'

/**
 * Sessions live in PostgreSQL (the `sessions` table); the cookie carries only
 * the session id. Deleting a row therefore ends that session on every copy
 * of the cookie: sign-out, sign out everywhere, password reset, a disabled
 * account, a revoked membership (app/services/accounts/staff_sessions.ts).
 *
 * A session expires after two hours without a request, checked on the
 * server (the store keeps `expires_at` and refuses a row past it); expired
 * rows are deleted by the `sessions.prune` job (start/jobs.ts), not by the
 * store's random clean-up on writes. A session ended while one of its
 * requests was still running stays ended (app/lib/server_session_store.ts).
 *
 * Cookies are host-only (no Domain attribute), so a session on one tenant's
 * host is never sent to another tenant's host.
 *
 * `SESSION_DRIVER=memory` keeps sessions in the process instead (one
 * process only; nothing survives a restart).
 */
/** Idle lifetime: a session with no request for this long is over. */
export const SESSION_AGE = '2h'
/** The session id's cookie; a request without it has no session (app/middleware/session_middleware.ts). */
export const SESSION_COOKIE = 'carevoice-session'
export const SESSION_STORE = env.get('SESSION_DRIVER') ?? 'database'

const sessionConfig = defineConfig({
  enabled: true,
  cookieName: SESSION_COOKIE,
  clearWithBrowser: true,
  age: SESSION_AGE,
  cookie: {
    path: '/',
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
  store: SESSION_STORE,
  stores: {
    database: serverSessionStore({ tableName: 'sessions' }),
  },
})

export default sessionConfig
