/**
 * The site a domain operation speaks for: the base URL of the tenant's
 * primary domain (or of the national admin host) and the language its
 * words are written in. Domain code takes this plain value instead of a
 * request, so a controller, a job and an ace command call it the same way.
 *
 * One URL builder: `siteUrl(site, path)`. A request builds its site from
 * its own host (`siteOfRequest`); a job or command from the tenant's
 * primary domain (`siteOfTenant`), with one query, made once per job.
 */
import app from '@adonisjs/core/services/app'
import type Tenant from '#models/tenant'
import type User from '#models/user'
import TenantDomain from '#models/tenant_domain'

export type Site = {
  /** Absolute, without a trailing slash. */
  baseUrl: string
  /** The language of the words the operation writes (mail, messages). */
  locale: string
}

export function siteUrl(site: Pick<Site, 'baseUrl'>, path: string) {
  return `${site.baseUrl}${path}`
}

/**
 * Outside a request: the tenant's primary domain, https in production, and
 * outside production http on the port the app listens on (PORT, 3333 by
 * default). PUBLIC_PORT overrides the port when a proxy serves the site elsewhere.
 */
export async function siteOfTenant(
  tenant: Pick<Tenant, 'id' | 'defaultLocale'>,
  locale?: string | null
): Promise<Site> {
  const domain = await TenantDomain.query()
    .where('tenant_id', tenant.id)
    .orderBy('is_primary', 'desc')
    .orderBy('id')
    .firstOrFail()
  return siteOfHost(domain.hostname, locale ?? tenant.defaultLocale)
}

/** The site of a given host name (a tenant's domain), by the same rules. */
export function siteOfHost(hostname: string, locale: string): Site {
  const port = process.env.PUBLIC_PORT ?? (app.inProduction ? '' : (process.env.PORT ?? '3333'))
  const protocol = app.inProduction ? 'https' : 'http'
  const shownPort = port && port !== '80' && port !== '443' ? `:${port}` : ''
  return { baseUrl: `${protocol}://${hostname}${shownPort}`, locale }
}

/**
 * Who does a domain operation, for which tenant, on which site. `actor` is
 * null when the system acts (a scheduled job, an ace command without a user).
 */
export type Acting = {
  actor: User | null
  tenant: Tenant
  site: Site
  /** The IP of the request, for the audit log; null outside a request. */
  ip?: string | null
}

/**
 * Account operations (sign-in notices, password resets) also run on the
 * national admin host, where there is no tenant; a reset link works only on
 * the host it was asked on.
 */
export type Access = {
  tenant: Tenant | null
  site: Site
  /** The host name asked on (no port). */
  host: string
  ip: string | null
}
