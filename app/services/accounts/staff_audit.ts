/**
 * A staff member's own account actions (sign-in, password, second factor,
 * sessions) go to the log of wherever they happened: the tenant's log on a
 * tenant's host, the national log on the admin host.
 */
import type User from '#models/user'
import { auditPlatform, auditTenant } from '#services/platform/audit'
import type { Access } from '#tenancy/site'

/** Records a staff action in the log of wherever it happened. */
export async function auditStaffAction(
  where: Pick<Access, 'tenant' | 'ip'>,
  action: string,
  user: User | null,
  email: string,
  details?: Record<string, unknown>
) {
  const entry = {
    action,
    actor: user,
    subject: { type: 'user', id: user?.id ?? email.slice(0, 64) },
    details,
    ip: where.ip,
  }
  if (where.tenant) await auditTenant(entry)
  else await auditPlatform(entry)
}
