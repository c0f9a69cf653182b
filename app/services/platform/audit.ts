/**
 * The audit log: every staff action, appended with actor, tenant, action,
 * subject, time and IP. Tenant actions go to the tenant's log (scoped like
 * any tenant data); platform actions to the national log. Nothing in the
 * app updates or deletes entries, and the database refuses it too.
 */
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import AuditEvent from '#models/audit_event'
import PlatformAuditEvent from '#models/platform_audit_event'
import type User from '#models/user'
import { tenancy } from '#tenancy/context'

export type AuditEntry = {
  action: string
  actor?: Pick<User, 'id' | 'email'> | null
  subject?: { type: string; id: string | number } | null
  details?: Record<string, unknown>
  ip?: string | null
}

function columns(entry: AuditEntry) {
  return {
    action: entry.action,
    actorId: entry.actor?.id ?? null,
    actorEmail: entry.actor?.email ?? null,
    subjectType: entry.subject?.type ?? null,
    subjectId: entry.subject ? String(entry.subject.id) : null,
    details: entry.details ?? {},
    ip: entry.ip ?? null,
  }
}

/** Appends to the current tenant's log. */
export async function auditTenant(entry: AuditEntry, client?: TransactionClientContract) {
  tenancy.require()
  await AuditEvent.create(columns(entry), { client })
}

/** Appends to the national log. */
export async function auditPlatform(
  entry: AuditEntry & { tenantSlug?: string | null },
  client?: TransactionClientContract
) {
  await PlatformAuditEvent.create(
    { ...columns(entry), tenantSlug: entry.tenantSlug ?? null },
    { client }
  )
}
