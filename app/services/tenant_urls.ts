/**
 * Links in emails sent from jobs, where there is no request to copy the
 * host from: the tenant's primary domain, https in production, and outside
 * production http on the port the app listens on (PORT, 3333 by default).
 * PUBLIC_PORT overrides the port when a proxy serves the site elsewhere.
 */
import app from '@adonisjs/core/services/app'
import type Tenant from '#models/tenant'
import TenantDomain from '#models/tenant_domain'

export async function tenantBaseUrl(tenant: Pick<Tenant, 'id'>) {
  const domain = await TenantDomain.query()
    .where('tenant_id', tenant.id)
    .orderBy('is_primary', 'desc')
    .orderBy('id')
    .firstOrFail()
  return baseUrlOfHost(domain.hostname)
}

/** The origin links to `hostname` use, by the same rules. */
export function baseUrlOfHost(hostname: string) {
  const port = process.env.PUBLIC_PORT ?? (app.inProduction ? '' : (process.env.PORT ?? '3333'))
  const protocol = app.inProduction ? 'https' : 'http'
  return `${protocol}://${hostname}${port && port !== '80' && port !== '443' ? `:${port}` : ''}`
}

export async function tenantUrl(tenant: Pick<Tenant, 'id'>, path: string) {
  return `${await tenantBaseUrl(tenant)}${path}`
}
