/**
 * The session store: @adonisjs/session's database store, with one change
 * that makes ending a session final.
 *
 * The database store writes a session by upserting its row. A request that
 * began before its session was ended (another tab, or the very request that
 * reset the password) would then insert the row again at its end, and the
 * session would be back, signed in and no longer tied to its account. Here a
 * session that existed when the request read it is only ever updated, never
 * re-inserted: once its row is deleted it stays gone. New sessions (and
 * rotated ids) are written by the database store as before. An unchanged
 * session's expiry is moved on at most once a minute (touch).
 */
import { configProvider } from '@adonisjs/core'
import { MessageBuilder } from '@adonisjs/core/helpers'
import string from '@adonisjs/core/helpers/string'
import { stores } from '@adonisjs/session'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type {
  SessionData,
  SessionStoreFactory,
  SessionStoreWithTaggingContract,
} from '@adonisjs/session/types'

class ServerSessionStore implements SessionStoreWithTaggingContract {
  /* Ids this request found in the table; a store instance lives for one request. */
  #existing = new Set<string>()

  constructor(
    private inner: SessionStoreWithTaggingContract,
    private client: QueryClientContract,
    private tableName: string,
    private ttlSeconds: number
  ) {}

  /* When the session read by this request was due to expire. */
  #expiresAt: number | null = null

  /** As the database store reads a session, also noting when it expires (for touch). */
  async read(sessionId: string) {
    const row = await this.client
      .from(this.tableName)
      .select('data', 'expires_at')
      .where('id', sessionId)
      .first()
    if (!row) return null
    const expiresAt = new Date(row.expires_at).getTime()
    if (Date.now() > expiresAt) {
      await this.destroy(sessionId)
      return null
    }
    let data: SessionData | null = null
    try {
      data = new MessageBuilder().verify(row.data, sessionId)
    } catch {}
    if (data) {
      this.#existing.add(sessionId)
      this.#expiresAt = expiresAt
    }
    return data
  }

  async write(sessionId: string, values: SessionData) {
    if (!this.#existing.has(sessionId)) return this.inner.write(sessionId, values)
    await this.client
      .from(this.tableName)
      .where('id', sessionId)
      .update({
        data: new MessageBuilder().build(values, undefined, sessionId),
        expires_at: new Date(Date.now() + this.ttlSeconds * 1000),
      })
  }

  destroy(sessionId: string) {
    this.#existing.delete(sessionId)
    return this.inner.destroy(sessionId)
  }

  /**
   * Moves the expiry on, at most once a minute (or a tenth of the idle
   * time, if that is shorter): a signed-in person's every
   * page view was an UPDATE of their session row. The session still ends
   * after its idle time (give or take that minute), and ending it still
   * deletes the row at once.
   */
  async touch(sessionId: string) {
    /* A minute of slack, or a tenth of a short idle time. */
    const slackMs = Math.min(60, this.ttlSeconds / 10) * 1000
    const fresh =
      this.#expiresAt !== null && this.#expiresAt - Date.now() > this.ttlSeconds * 1000 - slackMs
    if (fresh) return
    return this.inner.touch(sessionId)
  }

  tag(sessionId: string, userId: string | number) {
    return this.inner.tag(sessionId, userId)
  }

  untag(sessionId: string, userId: string | number) {
    return this.inner.untag(sessionId, userId)
  }

  tagged(userId: string | number) {
    return this.inner.tagged(userId)
  }
}

/** For config/session.ts, like `stores.database(...)`. */
export function serverSessionStore(options: { tableName: string }) {
  return configProvider.create<SessionStoreFactory>(async (app) => {
    const databaseStore = await stores.database({ ...options, gcProbability: 0 }).resolver(app)
    const db = await app.container.make('lucid.db')
    return (ctx, sessionConfig) =>
      new ServerSessionStore(
        databaseStore(ctx, sessionConfig) as SessionStoreWithTaggingContract,
        db.connection(),
        options.tableName,
        string.seconds.parse(sessionConfig.age)
      )
  })
}
