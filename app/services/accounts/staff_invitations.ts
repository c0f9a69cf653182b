/**
 * Inviting staff: a tenant admin (or a national admin) invites an email
 * address with a role; the invitee follows a single-use link that expires
 * after seven days and works only on the tenant's own host, sets a
 * password (or confirms their existing one) and joins.
 */
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import StaffInvitation from '#models/staff_invitation'
import Membership, { type Role } from '#models/membership'
import MembershipService from '#models/membership_service'
import User from '#models/user'
import { auditTenant } from '#services/platform/audit'
import { hashToken, newToken } from '#services/platform/secret_tokens'
import { siteUrl, type Acting } from '#tenancy/site'
import { tenancy } from '#tenancy/context'

const LIFETIME = { days: 7 }

export type InvitationInput = { email: string; role: Role; serviceIds?: number[] }

/**
 * Records an invitation in the current tenant, audits it and queues its
 * email, linking to `acting.site` (the tenant's own host); with `client`,
 * all of it inside the caller's transaction, so the email exists only if
 * that transaction commits. Used by tenant admins and by the national
 * console (the new tenant's first admin).
 */
export async function inviteStaff(
  acting: Acting,
  invitation: InvitationInput,
  client?: TransactionClientContract
) {
  tenancy.require()
  const { tenant, site } = acting
  const { token, tokenHash } = newToken()
  const record = await StaffInvitation.create(
    {
      email: invitation.email.trim().toLowerCase(),
      role: invitation.role,
      serviceIds: invitation.serviceIds ?? [],
      tokenHash,
      expiresAt: DateTime.now().plus(LIFETIME),
      invitedById: acting.actor?.id ?? null,
    },
    { client }
  )
  await auditTenant(
    {
      action: 'invitation.sent',
      actor: acting.actor,
      subject: { type: 'invitation', id: record.id },
      details: { email: record.email, role: record.role },
      ip: acting.ip ?? null,
    },
    client
  )
  /*
   * Loaded here, not at the top: ace commands import this module (through
   * manage_tenants) while loading, before the mail service is booted, and
   * the mail service's module waits for the boot.
   */
  const { StaffInvitationMail } = await import('#mails/staff_invitation_mail')
  const { accountHolderLocale } = await import('#mails/app_mail')
  /* Someone who already has an account reads it in their own language. */
  const existing = await User.findByEmail(record.email, { client })
  const locale = accountHolderLocale(acting, existing ?? { locale: null })
  await new StaffInvitationMail(tenant, record.email, locale, {
    role: record.role,
    url: siteUrl(site, `/staff/invitations/${token}`),
  }).queue({ client })
  return record
}

/** The invitation a token stands for in the current tenant, if still usable. */
export async function findUsableInvitation(token: string) {
  tenancy.require()
  const invitation = await StaffInvitation.query().where('token_hash', hashToken(token)).first()
  return invitation?.isUsable ? invitation : null
}

/**
 * Accepts an invitation: creates the account (new email) or checks the
 * existing account's password, then grants the role. Returns the user, or
 * null when the link is no longer usable or the password is wrong.
 */
export async function acceptInvitation(
  { ip }: { ip: string | null },
  token: string,
  input: { name?: string; password: string }
) {
  return db.transaction(async (trx) => {
    const invitation = await StaffInvitation.query({ client: trx })
      .where('token_hash', hashToken(token))
      .forUpdate()
      .first()
    if (!invitation?.isUsable) return { status: 'unusable' as const }

    let user = await User.findByEmail(invitation.email, { client: trx })
    if (user) {
      const verified = await User.verifyCredentials(invitation.email, input.password).catch(
        () => null
      )
      if (!verified || verified.id !== user.id) return { status: 'wrong_password' as const }
    } else {
      user = await User.create(
        { email: invitation.email, name: input.name ?? invitation.email, password: input.password },
        { client: trx }
      )
    }

    const existing = await Membership.query({ client: trx })
      .where('user_id', user.id)
      .where('role', invitation.role)
      .first()
    const membership =
      existing ??
      (await Membership.create({ userId: user.id, role: invitation.role }, { client: trx }))
    for (const serviceId of invitation.serviceIds) {
      await MembershipService.firstOrCreate(
        { membershipId: membership.id, serviceId },
        { membershipId: membership.id, serviceId },
        { client: trx }
      )
    }
    invitation.acceptedAt = DateTime.now()
    invitation.useTransaction(trx)
    await invitation.save()
    await auditTenant(
      {
        action: 'invitation.accepted',
        actor: user,
        subject: { type: 'invitation', id: invitation.id },
        details: { role: invitation.role },
        ip,
      },
      trx
    )
    return { status: 'accepted' as const, user }
  })
}
