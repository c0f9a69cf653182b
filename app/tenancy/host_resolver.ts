/**
 * Maps a request's host to its tenant by exact match on tenant_domains.
 */
import TenantDomain from '#models/tenant_domain'
import { tenancy } from '#tenancy/context'
import { hostCache, type ResolvedHost } from '#tenancy/host_cache'
import { isDatabaseUnavailable } from '#lib/database_unavailable'

/** Lower-case, without port or trailing dot; null when it is not a host name. */
export function normaliseHost(raw: string | null | undefined): string | null {
  if (!raw) return null
  let host = raw.trim().toLowerCase()
  if (host.startsWith('[')) return null
  host = host.replace(/:\d+$/, '').replace(/\.$/, '')
  return /^[a-z0-9.-]{1,253}$/.test(host) ? host : null
}

export async function resolveHost(hostname: string): Promise<ResolvedHost | null> {
  const cached = hostCache.get(hostname)
  if (cached) return cached
  try {
    return await lookUp(hostname)
  } catch (error) {
    /* Without a database, the last known tenant still gets its own "come back soon" page. */
    const stale = isDatabaseUnavailable(error) ? hostCache.stale(hostname) : undefined
    if (stale) return stale
    throw error
  }
}

async function lookUp(hostname: string): Promise<ResolvedHost | null> {
  return tenancy.acrossTenants('resolve the tenant of a request host', async () => {
    const domain = await TenantDomain.query().where('hostname', hostname).preload('tenant').first()
    if (!domain) return null
    const primary = domain.isPrimary
      ? domain
      : await TenantDomain.query()
          .where('tenant_id', domain.tenantId)
          .where('is_primary', true)
          .first()
    const resolved: ResolvedHost = {
      tenant: domain.tenant,
      isPrimary: domain.isPrimary,
      primaryHost: primary?.hostname ?? domain.hostname,
    }
    hostCache.set(hostname, resolved)
    return resolved
  })
}
