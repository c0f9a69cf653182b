/**
 * Reading the audit log, newest first, 50 entries a page, paginated by id
 * (a cursor), so a long log stays fast. The tenant log is read through the
 * scoped model; the national views leave the scope explicitly.
 */
import AuditEvent from '#models/audit_event'
import PlatformAuditEvent from '#models/platform_audit_event'
import Tenant from '#models/tenant'
import { tenancy } from '#tenancy/context'

const PAGE_SIZE = 50

type Row = {
  id: number
  createdAt: string
  tenant: string | null
  actorEmail: string | null
  action: string
  subject: string | null
  ip: string | null
}

export async function auditPage(scope: 'tenant' | 'platform' | 'all_tenants', before?: number) {
  const rows: Row[] = await (scope === 'tenant'
    ? readTenantEvents(before)
    : scope === 'platform'
      ? readPlatformEvents(before)
      : tenancy.acrossTenants('national admin reads every tenant log', () =>
          readTenantEvents(before, true)
        ))
  const hasMore = rows.length > PAGE_SIZE
  const entries = rows.slice(0, PAGE_SIZE)
  return { entries, nextBefore: hasMore ? entries[entries.length - 1].id : null }
}

async function readTenantEvents(before: number | undefined, withTenant = false): Promise<Row[]> {
  const query = AuditEvent.query()
    .orderBy('id', 'desc')
    .limit(PAGE_SIZE + 1)
  if (before) query.where('id', '<', before)
  const events = await query
  const slugs = withTenant ? await tenantSlugs(events.map((event) => event.tenantId)) : new Map()
  return events.map((event) => ({
    id: event.id,
    createdAt: event.createdAt.toISO()!,
    tenant: slugs.get(event.tenantId) ?? null,
    actorEmail: event.actorEmail,
    action: event.action,
    subject: event.subjectType ? `${event.subjectType} ${event.subjectId}` : null,
    ip: event.ip,
  }))
}

async function readPlatformEvents(before: number | undefined): Promise<Row[]> {
  const query = PlatformAuditEvent.query()
    .orderBy('id', 'desc')
    .limit(PAGE_SIZE + 1)
  if (before) query.where('id', '<', before)
  const events = await query
  return events.map((event) => ({
    id: event.id,
    createdAt: event.createdAt.toISO()!,
    tenant: event.tenantSlug,
    actorEmail: event.actorEmail,
    action: event.action,
    subject: event.subjectType ? `${event.subjectType} ${event.subjectId}` : null,
    ip: event.ip,
  }))
}

async function tenantSlugs(ids: number[]) {
  const tenants = await Tenant.query().whereIn('id', [...new Set(ids)])
  return new Map(tenants.map((tenant) => [tenant.id, tenant.slug]))
}
