/**
 * A staff member's own account actions (sign-in, password, second factor,
 * sessions) go to the log of wherever they happened: the tenant's log on a
 * tenant's host, the national log on the admin host.
 */
import type User from '#models/user'
import { auditPlatform, auditTenant } from '#services/platform/audit'
import type { Access } from '#tenancy/site'
import { keyedHash, normalEmail } from '#services/platform/keyed_hash'

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
    /* An address with no account is kept only as a keyed hash: it may be anyone's. */
    subject: user
      ? { type: 'user', id: user.id }
      : { type: 'unknown_address', id: keyedHash(normalEmail(email)) },
    details,
    ip: where.ip,
  }
  if (where.tenant) await auditTenant(entry)
  else await auditPlatform(entry)
}
