/**
 * Rendered public pages, kept in this process for a short time, for
 * readers without a session (app/middleware/public_page_cache_middleware.ts).
 *
 * Guarantees:
 * - a key names the tenant, its content version (#services/reading/content_version),
 *   the language and the URL, so a change that commits makes every older
 *   entry unreachable at once, on every instance: a hidden or withdrawn
 *   story never shows from here once its removal is confirmed;
 * - entries also expire after PAGE_TTL_MS (relative dates, tenant
 *   settings), and the store holds at most MAX_BYTES of pages, least
 *   recently used first out, so memory stays bounded whatever URLs are asked;
 * - one render per key at a time: readers asking for a page being rendered
 *   wait for it instead of rendering it again.
 */
import app from '@adonisjs/core/services/app'
import type { ResolvedHost } from '#tenancy/host_cache'
import { gzipFor, gzipPiecesOf, type GzipPage } from '#services/reading/gzip_pieces'

export type CachedPage = {
  status: number
  contentType: string | undefined
  /**
   * The body as UTF-8, cut where each reader's own CSRF token goes (one
   * piece when the page has no form): kept outside the JavaScript heap,
   * and answered without copying the page into a new string per reader.
   */
  pieces: Buffer[]
  /** The pieces' length in bytes, tokens left out. */
  bytes: number
  withCsrf: boolean
  /** The pieces in gzip, made the first time a reader's browser asks for it (gzipOf). */
  gzip?: GzipPage
}

/** The kept page's gzip form (compressed once, on first use). */
export function gzipOf(page: CachedPage) {
  page.gzip ??= gzipPiecesOf(page.pieces)
  return page.gzip
}

const whole = new WeakMap<CachedPage, Buffer>()

/** A kept page without a CSRF token (an API answer), in gzip as one buffer (made once). */
export function gzippedWhole(page: CachedPage) {
  let body = whole.get(page)
  if (!body) whole.set(page, (body = Buffer.concat(gzipFor(gzipOf(page), ''))))
  return body
}

/** A rendered body, cut at each CSRF_MARK. */
export function piecesOf(body: string) {
  const pieces = body.split(CSRF_MARK).map((piece) => Buffer.from(piece, 'utf8'))
  return { pieces, bytes: pieces.reduce((sum, piece) => sum + piece.length, 0) }
}

/** The body for one reader: the pieces joined by their token. */
export function bodyFor(page: CachedPage, token: string) {
  if (page.pieces.length === 1) return page.pieces[0]
  const glue = Buffer.from(token, 'utf8')
  const parts: Buffer[] = []
  page.pieces.forEach((piece, index) => {
    if (index > 0) parts.push(glue)
    parts.push(piece)
  })
  return Buffer.concat(parts)
}

/** Stands for the reader's CSRF token in a cached body. */
export const CSRF_MARK = 'carevoice-csrf-token-for-this-reader'
export const PAGE_TTL_MS = 60_000
const MAX_BYTES = 48 * 1024 * 1024

type Entry = { page: CachedPage; at: number; bytes: number }
const entries = new Map<string, Entry>()
const rendering = new Map<string, Promise<CachedPage | null>>()
let bytes = 0

function drop(key: string) {
  const entry = entries.get(key)
  if (!entry) return
  entries.delete(key)
  bytes -= entry.bytes
}

export const publicPageCache = {
  /* Off in tests unless a test turns it on: many change tenant settings or the clock between requests. */
  enabled: !app.inTest,

  get(key: string): CachedPage | null {
    const entry = entries.get(key)
    if (!entry) return null
    if (Date.now() - entry.at > PAGE_TTL_MS) {
      drop(key)
      return null
    }
    /* Most recently used last. */
    entries.delete(key)
    entries.set(key, entry)
    return entry.page
  },

  set(key: string, page: CachedPage) {
    drop(key)
    /* With room for its gzip form, a fraction of the page's size. */
    const size = Math.ceil(page.bytes * 1.3) + key.length * 2 + 64
    if (size > MAX_BYTES / 8) return
    entries.set(key, { page, at: Date.now(), bytes: size })
    bytes += size
    for (const oldest of entries.keys()) {
      if (bytes <= MAX_BYTES) break
      drop(oldest)
    }
  },

  /** The render of `key` in progress, if any. */
  pending(key: string) {
    return rendering.get(key) ?? null
  },

  /** Runs `render` as the one render of `key`; others asking meanwhile get its page. */
  async renderOnce(key: string, render: () => Promise<CachedPage | null>) {
    const promise = render()
    rendering.set(key, promise)
    try {
      const page = await promise
      if (page) this.set(key, page)
      return page
    } finally {
      rendering.delete(key)
    }
  },

  clear() {
    entries.clear()
    bytes = 0
    doors.clear()
  },
}

/**
 * Where a kept page is, by what a request brings (host, URL, language
 * cookie, Accept-Language), for the kept-page door before the router
 * (app/middleware/kept_page_middleware.ts). An entry holds what the full
 * request worked out: the tenant as looked up for the host (the same
 * object, so a new lookup drops it), the content version, the page's key
 * and the headers the middleware stack set. At most MAX_DOORS entries,
 * least recently used first out.
 */
export type KeptDoor = {
  pageKey: string
  host: ResolvedHost
  version: number
  headers: [string, string][]
}
const MAX_DOORS = 20_000
const doors = new Map<string, KeptDoor>()

export const keptPageDoors = {
  /** Answers given at the door since this process started. */
  answered: 0,

  get(key: string): KeptDoor | null {
    const door = doors.get(key)
    if (!door) return null
    doors.delete(key)
    doors.set(key, door)
    return door
  },

  set(key: string, door: KeptDoor) {
    doors.delete(key)
    doors.set(key, door)
    if (doors.size > MAX_DOORS) doors.delete(doors.keys().next().value!)
  },

  clear() {
    doors.clear()
  },
}
