/**
 * Erasing a staff account that has been disabled: its name and email are
 * replaced (the account row stays, so the audit log's actor ids and the
 * moderation history still point at "an account"), its password, second
 * factor, sessions and invitations go, the audit logs lose its email and
 * IPs, and its public responses stay signed by job title and service only.
 *
 * Also here: invitations never accepted are deleted once they expire.
 */
import { randomBytes } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import { DomainError } from '#exceptions/domain_error'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import User from '#models/user'
import { auditPlatform } from '#services/platform/audit'
import { tenancy } from '#tenancy/context'

export async function eraseStaffAccount(rawEmail: string) {
  const email = rawEmail.trim().toLowerCase()
  return tenancy.acrossTenants('erase a disabled staff account in every tenant', async () =>
    db.transaction(async (trx) => {
      const user = await User.query({ client: trx })
        .whereRaw('lower(email) = ?', [email])
        .forUpdate()
        .first()
      if (!user) throw new DomainError('problems.account.noSuchEmail', { values: { email } })
      if (!user.isDisabled)
        throw new DomainError('problems.account.notDisabled', { values: { email } })
      user.merge({
        name: `Former member of staff ${user.id}`,
        email: `erased-${user.id}@erased.invalid`,
        /* Hashed on save (withAuthFinder); nobody ever knows it. */
        password: randomBytes(32).toString('base64url'),
        totpSecret: null,
        totpEnabledAt: null,
        recoveryCodes: [],
      })
      user.useTransaction(trx)
      await user.save()
      await trx.rawQuery(
        `update responses set author_name = coalesce(author_job_title, 'Member of staff'), author_job_title = null
          where author_id = ?`,
        [user.id]
      )
      await trx.rawQuery('delete from sessions where user_id = ?', [user.id])
      await trx.rawQuery('delete from staff_invitations where lower(email) = ?', [email])
      for (const table of ['audit_events', 'platform_audit_events'])
        await trx.rawQuery(
          `update ${table} set ip = null, actor_email = null
            where actor_id = ? and (ip is not null or actor_email is not null)`,
          [user.id]
        )
      await auditPlatform({ action: 'user.erased', subject: { type: 'user', id: user.id } }, trx)
      return user
    })
  )
}

/** Deletes invitations nobody accepted before they expired; returns how many. */
export async function forgetExpiredInvitations(client: TransactionClientContract) {
  return tenancy.acrossTenants('forget expired invitations in every tenant', async () => {
    const result = await client.rawQuery(
      'delete from staff_invitations where accepted_at is null and expires_at < now()'
    )
    return Number(result.rowCount ?? 0)
  })
}
