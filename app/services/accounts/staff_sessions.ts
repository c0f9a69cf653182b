/**
 * Staff sessions: where an account is signed in, and ending those sessions.
 *
 * Sessions are rows of the `sessions` table (config/session.ts); the cookie
 * holds only the row's id. Guarantees:
 * - a session ended here is gone for every copy of its cookie, from the
 *   next request on: nothing in the cookie can bring it back;
 * - `endSessionsOf` ends every session of an account on every host. Given
 *   a transaction it deletes inside it, so the change that calls for it (a
 *   disabled account, a revoked membership, a new password) and the
 *   sign-outs commit together;
 * - an account sees and ends only its own sessions; a session is named
 *   outside the server by its `public_id`, never by its id (the cookie's
 *   secret);
 * - what is kept about a session is what its owner needs to recognise it:
 *   the host, when it started and was last used, the browser (user agent cut
 *   to 300 characters) and the network (IPv4 /24, IPv6 /48), never a full
 *   address.
 *
 * With `SESSION_DRIVER=memory` sessions are ended through the store's tags
 * instead; the list of sessions is then empty.
 */
import { isIPv4, isIPv6 } from 'node:net'
import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import string from '@adonisjs/core/helpers/string'
import { configProvider } from '@adonisjs/core'
import type {
  ResolvedSessionConfig,
  SessionStoreWithTaggingContract,
} from '@adonisjs/session/types'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { SESSION_AGE, SESSION_STORE } from '#config/session'

const TABLE = 'sessions'
const inDatabase = () => SESSION_STORE === 'database'

export type SignInPlace = {
  sessionId: string
  userId: number
  host: string
  userAgent?: string | null
  ip?: string | null
}

export type StaffSession = {
  publicId: string
  host: string | null
  browser: { name: string | null; os: string | null }
  network: string | null
  signedInAt: DateTime | null
  lastSeenAt: DateTime
  isCurrent: boolean
}

/** The network an address is on (IPv4 /24, IPv6 /48): enough to recognise, not to locate. */
export function networkOf(ip: string | null | undefined): string | null {
  if (!ip) return null
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)
  if (mapped) ip = mapped[1]
  if (isIPv4(ip)) return `${ip.split('.').slice(0, 3).join('.')}.0/24`
  if (isIPv6(ip)) {
    const [head, tail = ''] = ip.toLowerCase().split('::')
    const left = head ? head.split(':') : []
    const right = tail ? tail.split(':') : []
    const groups = ip.includes('::')
      ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
      : left
    return `${groups
      .slice(0, 3)
      .map((group) => group.replace(/^0+(?=.)/, ''))
      .join(':')}::/48`
  }
  return null
}

/** The browser and system a user agent names, for a person to recognise ("Firefox", "Linux"). */
export function browserOf(userAgent: string | null | undefined) {
  const ua = userAgent ?? ''
  const name = /Edg\//.test(ua)
    ? 'Edge'
    : /OPR\//.test(ua)
      ? 'Opera'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /Chrom(e|ium)\//.test(ua)
          ? 'Chrome'
          : /Safari\//.test(ua)
            ? 'Safari'
            : null
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad|iPod/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(ua)
          ? 'macOS'
          : /CrOS/.test(ua)
            ? 'ChromeOS'
            : /Linux/.test(ua)
              ? 'Linux'
              : null
  return { name, os }
}

let resolvedConfig: ResolvedSessionConfig | null = null

/*
 * The configured store, made afresh for each use like a request's own
 * (SessionCollection keeps one for ever, with the database connection it
 * had when first made).
 */
async function collection() {
  resolvedConfig ??= (await configProvider.resolve<ResolvedSessionConfig>(
    app,
    app.config.get('session')
  ))!
  const store = resolvedConfig.stores[resolvedConfig.store](null as never, resolvedConfig)
  return store as SessionStoreWithTaggingContract
}

/**
 * Ties a freshly signed-in session (its id already rotated) to its account,
 * with what its owner will recognise it by.
 */
export async function recordSignIn(place: SignInPlace) {
  const sessions = await collection()
  await sessions.tag(place.sessionId, String(place.userId))
  if (!inDatabase()) return
  await db
    .from(TABLE)
    .where('id', place.sessionId)
    .update({
      host: place.host.slice(0, 255),
      user_agent: place.userAgent ? place.userAgent.slice(0, 300) : null,
      ip_prefix: networkOf(place.ip),
      signed_in_at: new Date(),
    })
}

/** Ends one session, whoever it belongs to (sign-out ends the caller's own). */
export async function endSession(sessionId: string) {
  const sessions = await collection()
  await sessions.destroy(sessionId)
}

/**
 * Ends every session of an account, on every host, except `keep` (a session
 * id) if given. Returns how many were ended.
 */
export async function endSessionsOf(
  userId: number,
  options: { client?: QueryClientContract; keep?: string } = {}
): Promise<number> {
  if (!inDatabase()) {
    const sessions = await collection()
    const all = await sessions.tagged(String(userId))
    const tagged = all.filter(({ id }) => id !== options.keep)
    for (const { id } of tagged) await sessions.destroy(id)
    return tagged.length
  }
  const query = (options.client ?? db).from(TABLE).where('user_id', userId)
  if (options.keep) query.whereNot('id', options.keep)
  return Number(await query.delete())
}

/**
 * Ends one of the account's own sessions, named by its public id, other than
 * `keep` (the session asking: that one signs out instead). False if there is
 * no such session.
 */
export async function endOwnSession(userId: number, publicId: string, keep: string) {
  if (
    !inDatabase() ||
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(publicId)
  )
    return false
  const ended = await db
    .from(TABLE)
    .where('user_id', userId)
    .where('public_id', publicId)
    .whereNot('id', keep)
    .delete()
  return Number(ended) > 0
}

/** The account's live sessions, the most recently used first. */
export async function listSessionsOf(
  userId: number,
  currentSessionId: string
): Promise<StaffSession[]> {
  if (!inDatabase()) return []
  const rows = await db
    .from(TABLE)
    .where('user_id', userId)
    .where('expires_at', '>', new Date())
    .orderBy('expires_at', 'desc')
    .select('id', 'public_id', 'host', 'user_agent', 'ip_prefix', 'signed_in_at', 'expires_at')
  const idleSeconds = string.seconds.parse(SESSION_AGE)
  return rows.map((row) => ({
    publicId: row.public_id,
    host: row.host,
    browser: browserOf(row.user_agent),
    network: row.ip_prefix,
    signedInAt: row.signed_in_at ? DateTime.fromJSDate(row.signed_in_at) : null,
    /* The store pushes expires_at to "now + age" on every request. */
    lastSeenAt: DateTime.fromJSDate(row.expires_at).minus({ seconds: idleSeconds }),
    isCurrent: row.id === currentSessionId,
  }))
}

/** Housekeeping: deletes sessions past their expiry (they are refused on read already). */
export async function pruneExpiredSessions(client: QueryClientContract = db.connection()) {
  if (!inDatabase()) return 0
  return Number(await client.from(TABLE).where('expires_at', '<=', new Date()).delete())
}
