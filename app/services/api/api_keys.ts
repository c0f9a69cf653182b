/**
 * API keys of the current tenant: made, rotated and revoked by its tenant
 * admins, recognised on its own host only.
 *
 * Guarantees:
 * - a key is 256 random bits shown once; only its SHA-256 is kept (like
 *   the links sent by email, #services/platform/secret_tokens), with an
 *   8-character prefix admins tell keys apart by;
 * - a key is looked up within the current tenant only (scoped model, row
 *   security), so another tenant's key is simply unknown here;
 * - a revoked key, or the secret a rotation replaced, is refused at once;
 * - every change is in the tenant's audit log, with who and from where;
 * - a key limited to services covers those and everything below them
 *   (`coversServiceAncestry`, the same ancestry rule as the directory).
 */
import { randomBytes } from 'node:crypto'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import ApiKey, { API_SCOPES, type ApiScope } from '#models/api_key'
import Service from '#models/service'
import { DomainError } from '#exceptions/domain_error'
import { hashToken } from '#services/platform/secret_tokens'
import { auditTenant } from '#services/platform/audit'
import type { Acting } from '#tenancy/site'

const KEY_PREFIX = 'cvk_'
/** How often the last use is written: a busy key must not write on every request. */
const LAST_USE_PRECISION_SECONDS = 60

export type ApiKeyInput = {
  name: string
  scopes: ApiScope[]
  serviceRefs: string[]
  ratePerSecond: number | null
}

function newSecret() {
  const prefix = randomBytes(6).toString('base64url')
  const key = `${KEY_PREFIX}${prefix}_${randomBytes(32).toString('base64url')}`
  return { key, prefix, secretHash: hashToken(key) }
}

async function servicesOf(refs: string[]) {
  const unique = [...new Set(refs.map((ref) => ref.trim()).filter(Boolean))]
  const ids: number[] = []
  for (const ref of unique) {
    const service = await Service.byRef(ref).first()
    if (!service)
      throw new DomainError('api.keys.errors.unknownService', {
        field: 'services',
        values: { ref },
      })
    ids.push(service.id)
  }
  return ids
}

function checkScopes(scopes: string[]): ApiScope[] {
  const known = [...new Set(scopes)].filter((scope): scope is ApiScope =>
    (API_SCOPES as readonly string[]).includes(scope)
  )
  if (!known.length) throw new DomainError('api.keys.errors.noScope', { field: 'scopes' })
  return known
}

async function audit(acting: Acting, action: string, key: ApiKey, details = {}) {
  await auditTenant({
    action,
    actor: acting.actor,
    subject: { type: 'api_key', id: key.id },
    details: { name: key.name, prefix: key.prefix, ...details },
    ip: acting.ip ?? null,
  })
}

/** A new key; the only time its secret is seen. */
export async function createApiKey(acting: Acting, input: ApiKeyInput) {
  const scopes = checkScopes(input.scopes)
  const serviceIds = await servicesOf(input.serviceRefs)
  const { key, prefix, secretHash } = newSecret()
  return db.transaction(async (trx) => {
    const apiKey = await ApiKey.create(
      {
        name: input.name,
        scopes,
        serviceIds,
        prefix,
        secretHash,
        createdById: acting.actor?.id ?? null,
        ratePerSecond: input.ratePerSecond,
      },
      { client: trx }
    )
    await audit(acting, 'api_key.created', apiKey, {
      scopes,
      serviceIds,
      ratePerSecond: input.ratePerSecond,
    })
    return { apiKey, secret: key }
  })
}

async function liveKey(id: number) {
  const apiKey = await ApiKey.query().where('id', id).whereNull('revoked_at').first()
  if (!apiKey) throw new DomainError('api.keys.errors.notFound', { status: 404 })
  return apiKey
}

/** A new secret for the key; the old one stops working at once. */
export async function rotateApiKey(acting: Acting, id: number) {
  const apiKey = await liveKey(id)
  const { key, prefix, secretHash } = newSecret()
  const before = apiKey.prefix
  apiKey.merge({ prefix, secretHash, rotatedAt: DateTime.now() })
  await apiKey.save()
  await audit(acting, 'api_key.rotated', apiKey, { previousPrefix: before })
  return { apiKey, secret: key }
}

export async function revokeApiKey(acting: Acting, id: number) {
  const apiKey = await liveKey(id)
  apiKey.revokedAt = DateTime.now()
  await apiKey.save()
  await audit(acting, 'api_key.revoked', apiKey)
  return apiKey
}

/** The tenant's keys, newest first, with the services they are limited to. */
export async function apiKeysWithServices() {
  const keys = await ApiKey.query().preload('createdBy').orderBy('created_at', 'desc').limit(500)
  const ids = [...new Set(keys.flatMap((key) => key.serviceIds))]
  const services = ids.length ? await Service.query().whereIn('id', ids) : []
  const byId = new Map(services.map((service) => [service.id, service]))
  return keys.map((key) => ({
    key,
    services: key.serviceIds.map((serviceId) => byId.get(serviceId)).filter(Boolean) as Service[],
  }))
}

/** The live key of the current tenant a bearer token stands for, or null. */
export async function keyForSecret(secret: string) {
  if (!secret.startsWith(KEY_PREFIX) || secret.length > 120) return null
  const apiKey = await ApiKey.query()
    .where('secret_hash', hashToken(secret))
    .whereNull('revoked_at')
    .first()
  if (!apiKey) return null
  const now = DateTime.now()
  if (
    !apiKey.lastUsedAt ||
    now.diff(apiKey.lastUsedAt, 'seconds').seconds > LAST_USE_PRECISION_SECONDS
  ) {
    /* A bulk update: the key's own updated_at says when it was last changed, not used. */
    await ApiKey.query().where('id', apiKey.id).update({ last_used_at: now.toSQL() })
    apiKey.lastUsedAt = now
  }
  return apiKey
}

/** True when the key may act for a service with this ancestry (its id and every id above it). */
export function coversServiceAncestry(apiKey: ApiKey, ancestry: readonly number[]) {
  if (!apiKey.serviceIds.length) return true
  return ancestry.some((id) => apiKey.serviceIds.includes(Number(id)))
}
