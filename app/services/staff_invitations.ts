/**
 * Inviting staff: a tenant admin (or a national admin) invites an email
 * address with a role; the invitee follows a single-use link that expires
 * after seven days and works only on the tenant's own host, sets a
 * password (or confirms their existing one) and joins.
 */
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import type { I18n } from '@adonisjs/i18n'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Tenant from '#models/tenant'
import StaffInvitation from '#models/staff_invitation'
import Membership, { type Role } from '#models/membership'
import MembershipService from '#models/membership_service'
import User from '#models/user'
import { auditTenant } from '#services/audit'
import { hashToken, newToken } from '#services/secret_tokens'
import { absoluteUrl, tenantMail } from '#services/mail_branding'
import { tenancy } from '#tenancy/context'

const LIFETIME = { days: 7 }

export type InvitationSite = {
  /** The tenant the invitee joins: its name and colours brand the email. */
  tenant: Pick<Tenant, 'name' | 'theme'>
  /** The tenant's own origin (scheme, host, port): the link works only there. */
  baseUrl: string
  /** The language the email is written in. */
  i18n: I18n
}

export type InvitationInput = { email: string; role: Role; serviceIds?: number[] }

/**
 * Records an invitation in the current tenant, audits it and queues its
 * email; with `client`, all of it inside the caller's transaction, so the
 * email exists only if that transaction commits.
 */
export async function sendInvitation(
  site: InvitationSite,
  invitation: InvitationInput,
  by: { actor: User | null; ip: string | null },
  client?: TransactionClientContract
) {
  tenancy.require()
  const { token, tokenHash } = newToken()
  const record = await StaffInvitation.create(
    {
      email: invitation.email.trim().toLowerCase(),
      role: invitation.role,
      serviceIds: invitation.serviceIds ?? [],
      tokenHash,
      expiresAt: DateTime.now().plus(LIFETIME),
      invitedById: by.actor?.id ?? null,
    },
    { client }
  )
  await auditTenant(
    {
      action: 'invitation.sent',
      actor: by.actor,
      subject: { type: 'invitation', id: record.id },
      details: { email: record.email, role: record.role },
      ip: by.ip,
    },
    client
  )
  const link = `${site.baseUrl}/staff/invitations/${token}`
  /* Loaded here: ace commands import this module (through manage_tenants) before mail is booted. */
  const { queueMail } = await import('#start/mail_queue')
  await queueMail(
    tenantMail(site.tenant, {
      to: record.email,
      subject: site.i18n.t('messages.invitations.mailSubject', { site: site.tenant.name }),
      text: site.i18n.t('messages.invitations.mailBody', {
        site: site.tenant.name,
        role: site.i18n.t(`messages.roles.${record.role}`),
        link,
      }),
      locale: site.i18n.locale,
    }),
    { client }
  )
  return record
}

/** A tenant admin's invitation from the tenant's own staff area. */
export async function inviteStaff(ctx: HttpContext, invitation: InvitationInput) {
  return sendInvitation(
    { tenant: ctx.tenant!, baseUrl: absoluteUrl(ctx, ''), i18n: ctx.i18n },
    invitation,
    { actor: ctx.auth.user ?? null, ip: ctx.request.ip() }
  )
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
  ctx: HttpContext,
  token: string,
  input: { name?: string; password: string }
) {
  return db.transaction(async (trx) => {
    const invitation = await StaffInvitation.query({ client: trx })
      .where('token_hash', hashToken(token))
      .forUpdate()
      .first()
    if (!invitation?.isUsable) return { status: 'unusable' as const }

    let user = await User.query({ client: trx })
      .whereRaw('lower(email) = ?', [invitation.email])
      .first()
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
        ip: ctx.request.ip(),
      },
      trx
    )
    return { status: 'accepted' as const, user }
  })
}
