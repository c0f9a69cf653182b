/**
 * How long the audit logs keep personal data: an entry's IP address and
 * its actor's email are cleared after the tenant's `audit_personal_days`
 * (the national log after a year); the entry itself stays, with the actor's
 * account id, action, subject and time. The database allows exactly this
 * update and no other (migration 1700000000751).
 */
import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { tenancy } from '#tenancy/context'

export const PLATFORM_AUDIT_PERSONAL_DAYS = 365

/** Clears expired IPs and actor emails; returns how many entries were purged. */
export async function purgeAuditPersonalData(
  client: TransactionClientContract,
  now: DateTime = DateTime.now()
) {
  return tenancy.acrossTenants(
    'audit retention: purge IPs and emails in every tenant',
    async () => {
      const tenantRows = await client.rawQuery(
        `update audit_events a set ip = null, actor_email = null
         from tenants t
        where t.id = a.tenant_id
          and (a.ip is not null or a.actor_email is not null)
          and a.created_at < ?::timestamptz - make_interval(days => t.audit_personal_days)`,
        [now.toISO()!]
      )
      const platformRows = await client.rawQuery(
        `update platform_audit_events set ip = null, actor_email = null
        where (ip is not null or actor_email is not null)
          and created_at < ?::timestamptz - make_interval(days => ?)`,
        [now.toISO()!, PLATFORM_AUDIT_PERSONAL_DAYS]
      )
      return Number(tenantRows.rowCount ?? 0) + Number(platformRows.rowCount ?? 0)
    }
  )
}
