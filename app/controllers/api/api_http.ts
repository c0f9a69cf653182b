/**
 * The HTTP conventions of /api/v1, in one place: JSON with an ETag
 * (If-None-Match → 304), Cache-Control (shared caches may keep anonymous
 * reads for a minute; keyed answers are private), the `limit` parameter,
 * opaque cursors and the `next` link of a page.
 */
import { createHash } from 'node:crypto'
import type { HttpContext } from '@adonisjs/core/http'
import { DomainError } from '#exceptions/domain_error'
import { ifNoneMatchHits } from '#lib/http_cache'
import { acceptsGzip } from '#services/reading/gzip_pieces'
import { absoluteUrl } from '#tenancy/request_site'
import { DEFAULT_LIMIT, MAX_LIMIT } from '#services/api/api_stories'

const ANONYMOUS_MAX_AGE = 60

export function badParameter(name: string): never {
  throw new DomainError('api.errors.parameter', { status: 400, field: name, values: { name } })
}

/** The one value of a query parameter (a repeated one is refused), or null. */
export function param(ctx: HttpContext, name: string): string | null {
  const value = ctx.request.qs()[name]
  if (value === undefined || value === '') return null
  if (typeof value !== 'string') badParameter(name)
  return value
}

export function limitOf(ctx: HttpContext) {
  const raw = param(ctx, 'limit')
  if (raw === null) return DEFAULT_LIMIT
  if (!/^\d{1,3}$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_LIMIT) badParameter('limit')
  return Number(raw)
}

/** A cursor is opaque to clients: its mode and position, base64url. */
export function encodeCursor(mode: string, position: string) {
  return Buffer.from(`${mode}:${position}`).toString('base64url')
}

export function cursorOf(ctx: HttpContext, mode: string): string | null {
  const raw = param(ctx, 'cursor')
  if (raw === null) return null
  const decoded = /^[A-Za-z0-9_-]{1,200}$/.test(raw)
    ? Buffer.from(raw, 'base64url').toString('utf8')
    : ''
  if (!decoded.startsWith(`${mode}:`)) badParameter('cursor')
  return decoded.slice(mode.length + 1)
}

/** The same request with `cursor` set to the next page's (every other parameter kept). */
export function nextLink(ctx: HttpContext, mode: string, position: string | null) {
  if (position === null) return null
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(ctx.request.qs())) {
    if (name === 'cursor') continue
    for (const one of Array.isArray(value) ? value : [value]) params.append(name, String(one))
  }
  params.set('cursor', encodeCursor(mode, position))
  return absoluteUrl(ctx, `${ctx.request.url()}?${params.toString()}`)
}

/** A read answer: JSON with its ETag; 304 when the client holds the same. */
export function sendRead(ctx: HttpContext, body: unknown) {
  const json = JSON.stringify(body)
  const etag = `"${createHash('sha256').update(json).digest('base64url').slice(0, 32)}"`
  const cacheControl = ctx.apiKey ? 'private, no-cache' : `public, max-age=${ANONYMOUS_MAX_AGE}`
  return sendJson(ctx, json, { etag, cacheControl })
}

/**
 * JSON already written (a read answer, or one kept by
 * api_read_cache_middleware) with its ETag; `gzipped`, when given, makes
 * the body in gzip for a client that asks for it (a 304 carries neither).
 */
export function sendJson(
  ctx: HttpContext,
  json: string | Buffer,
  { etag, cacheControl, gzipped }: { etag: string; cacheControl: string; gzipped?: () => Buffer }
) {
  ctx.response.header('etag', etag)
  ctx.response.header('cache-control', cacheControl)
  if (ifNoneMatchHits(ctx.request.header('if-none-match'), etag)) {
    return ctx.response.status(304).send('')
  }
  ctx.response.header('content-type', 'application/json; charset=utf-8')
  if (gzipped && acceptsGzip(ctx.request.header('accept-encoding'))) {
    return ctx.response.header('content-encoding', 'gzip').send(gzipped(), false)
  }
  return ctx.response.send(json, false)
}

/** A write's answer: JSON, never cached. */
export function sendWrite(ctx: HttpContext, status: number, body: unknown) {
  ctx.response.header('cache-control', 'no-store')
  return ctx.response
    .status(status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(JSON.stringify(body))
}

/** The raw request, for the idempotency fingerprint. */
export function fingerprintOf(ctx: HttpContext) {
  return `${ctx.request.method()} ${ctx.request.url()}\n${ctx.request.raw() ?? ''}`
}
