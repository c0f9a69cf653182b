/**
 * Staff accounts and their roles: the one place that creates users, grants,
 * changes and revokes memberships, and disables accounts, for both the ace
 * commands and the tenant admin pages.
 *
 * Guarantees: input is validated first; each operation is one transaction
 * with its audit entry, so a refused change writes nothing; nobody becomes
 * a national admin through here; a tenant always keeps one tenant admin; a
 * responder always names at least one service; a member cannot widen their
 * own rights. Disabling an account or revoking a membership signs the
 * account out everywhere, in the same transaction (staff_sessions.ts).
 */
import { randomBytes } from 'node:crypto'
import { DomainError } from '#exceptions/domain_error'
import { DateTime } from 'luxon'
import vine, { errors as vineErrors } from '@vinejs/vine'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Membership, { ROLES, type Role } from '#models/membership'
import MembershipService from '#models/membership_service'
import Service from '#models/service'
import Tenant from '#models/tenant'
import User from '#models/user'
import { auditPlatform, auditTenant } from '#services/platform/audit'
import { endSessionsOf } from '#services/accounts/staff_sessions'
import { passwordRule } from '#validators/account'
import { tenancy } from '#tenancy/context'

/** Refuses with `problems.membership.<problem>`, worded beside `field` (the exception handler). */
function refuse(field: string, problem: string, values: Record<string, unknown> = {}): never {
  throw new DomainError(`problems.membership.${problem}`, { field, values })
}

async function validate<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (error instanceof vineErrors.E_VALIDATION_ERROR) {
      throw new DomainError('', {
        problems: error.messages as { field: string; message: string }[],
      })
    }
    throw error
  }
}

type Actor = Pick<User, 'id' | 'email' | 'isNationalAdmin'> | null | undefined

const emailRule = () => vine.string().trim().toLowerCase().maxLength(254).email()

const createUserValidator = vine.create(
  vine.object({
    email: emailRule(),
    name: vine.string().trim().minLength(1).maxLength(120),
    password: passwordRule().optional(),
    nationalAdmin: vine.boolean().optional(),
  })
)

const grantValidator = vine.create(
  vine.object({
    tenantSlug: vine.string().trim().toLowerCase().maxLength(63),
    email: emailRule(),
    role: vine.enum(ROLES),
    serviceRefs: vine
      .array(vine.string().trim().minLength(1).maxLength(100))
      .maxLength(100)
      .optional(),
  })
)

const revokeValidator = vine.create(
  vine.object({
    tenantSlug: vine.string().trim().toLowerCase().maxLength(63),
    email: emailRule(),
    role: vine.enum(ROLES),
  })
)

const changeRoleValidator = vine.create(
  vine.object({
    membershipId: vine.number().withoutDecimals().positive(),
    role: vine.enum(ROLES),
    serviceRefs: vine
      .array(vine.string().trim().minLength(1).maxLength(100))
      .maxLength(100)
      .optional(),
  })
)

async function userByEmail(email: string, trx: TransactionClientContract) {
  const user = await User.findByEmail(email, { client: trx })
  if (!user) refuse('email', 'noSuchEmail', { email })
  return user
}

async function tenantBySlug(slug: string, trx: TransactionClientContract) {
  const tenant = await Tenant.query({ client: trx }).where('slug', slug).first()
  if (!tenant) refuse('tenantSlug', 'noSuchTenant', { slug })
  return tenant
}

/** Service ids for the given refs in the current tenant's directory. */
async function serviceIdsFor(refs: string[], trx: TransactionClientContract): Promise<number[]> {
  if (refs.length === 0) return []
  const services = await Service.query({ client: trx }).whereIn('ref', refs).select('id', 'ref')
  const found = new Map(services.map((service) => [service.ref, service.id]))
  const missing = refs.filter((ref) => !found.has(ref))
  if (missing.length) refuse('serviceRefs', 'noSuchServices', { refs: missing.join(', ') })
  return refs.map((ref) => found.get(ref)!)
}

function checkServicesForRole(role: Role, serviceRefs: string[]) {
  if (role === 'responder' && serviceRefs.length === 0) {
    refuse('serviceRefs', 'responderNeedsService')
  }
  if (role !== 'responder' && serviceRefs.length > 0) {
    refuse('serviceRefs', 'onlyRespondersCover')
  }
}

async function assertAnotherAdminRemains(membership: Membership, trx: TransactionClientContract) {
  if (membership.role !== 'tenant_admin') return
  const others = await Membership.query({ client: trx })
    .where('role', 'tenant_admin')
    .whereNot('id', membership.id)
    .count('* as total')
    .first()
  if (Number(others?.$extras.total ?? 0) === 0) {
    refuse('role', 'lastAdmin')
  }
}

export async function createUser(input: unknown, actor?: Actor) {
  const data = await validate(() => createUserValidator.validate(input))
  return db.transaction(async (trx) => {
    const taken = await User.findByEmail(data.email, { client: trx })
    if (taken) refuse('email', 'emailTaken', { email: data.email })
    const generatedPassword = data.password ? undefined : randomBytes(15).toString('base64url')
    const user = await User.create(
      {
        email: data.email,
        name: data.name,
        password: data.password ?? generatedPassword!,
        isNationalAdmin: Boolean(data.nationalAdmin),
      },
      { client: trx }
    )
    await auditPlatform(
      {
        action: 'user.created',
        actor,
        subject: { type: 'user', id: user.id },
        details: { email: user.email, nationalAdmin: user.isNationalAdmin },
      },
      trx
    )
    return { user, generatedPassword }
  })
}

export async function grantMembership(input: unknown, actor?: Actor) {
  const data = await validate(() => grantValidator.validate(input))
  const refs = data.serviceRefs ?? []
  checkServicesForRole(data.role, refs)
  const tenant = await tenancy.acrossTenants('find the tenant of a grant', () =>
    db.transaction((trx) => tenantBySlug(data.tenantSlug, trx))
  )
  return tenancy.run(tenant, () =>
    db.transaction(async (trx) => {
      const user = await userByEmail(data.email, trx)
      const serviceIds = await serviceIdsFor(refs, trx)
      let membership = await Membership.query({ client: trx })
        .where('user_id', user.id)
        .where('role', data.role)
        .first()
      if (membership && data.role !== 'responder') {
        refuse('role', 'alreadyMember', { email: user.email, role: data.role, slug: tenant.slug })
      }
      membership ??= await Membership.create({ userId: user.id, role: data.role }, { client: trx })
      for (const serviceId of serviceIds) {
        await MembershipService.firstOrCreate(
          { membershipId: membership.id, serviceId },
          { membershipId: membership.id, serviceId },
          { client: trx }
        )
      }
      await auditTenant(
        {
          action: 'membership.granted',
          actor,
          subject: { type: 'membership', id: membership.id },
          details: { email: user.email, role: data.role, services: refs },
        },
        trx
      )
      return membership
    })
  )
}

export async function revokeMembership(input: unknown, actor?: Actor) {
  const data = await validate(() => revokeValidator.validate(input))
  const tenant = await tenancy.acrossTenants('find the tenant of a revocation', () =>
    db.transaction((trx) => tenantBySlug(data.tenantSlug, trx))
  )
  return tenancy.run(tenant, () =>
    db.transaction(async (trx) => {
      const user = await userByEmail(data.email, trx)
      const membership = await Membership.query({ client: trx })
        .where('user_id', user.id)
        .where('role', data.role)
        .first()
      if (!membership)
        refuse('role', 'notMember', { email: user.email, role: data.role, slug: tenant.slug })
      await assertAnotherAdminRemains(membership, trx)
      membership.useTransaction(trx)
      await membership.delete()
      const sessionsEnded = await endSessionsOf(user.id, { client: trx })
      await auditTenant(
        {
          action: 'membership.revoked',
          actor,
          subject: { type: 'membership', id: membership.id },
          details: { email: user.email, role: data.role, sessionsEnded },
        },
        trx
      )
    })
  )
}

/** Changes a member's role in the current tenant (the tenant admin page). */
export async function changeRole(input: unknown, actor: Actor) {
  const data = await validate(() => changeRoleValidator.validate(input))
  const refs = data.serviceRefs ?? []
  return db.transaction(async (trx) => {
    const membership = await Membership.query({ client: trx })
      .where('id', data.membershipId)
      .first()
    if (!membership) refuse('membershipId', 'noSuchMember')
    checkServicesForRole(
      data.role,
      data.role === 'responder' && refs.length === 0 ? ['(kept)'] : refs
    )
    if (actor && membership.userId === actor.id && !actor.isNationalAdmin) {
      refuse('role', 'ownRole')
    }
    if (membership.role === data.role) return membership
    const duplicate = await Membership.query({ client: trx })
      .where('user_id', membership.userId)
      .where('role', data.role)
      .first()
    if (duplicate) refuse('role', 'sameRole')
    await assertAnotherAdminRemains(membership, trx)
    const serviceIds = await serviceIdsFor(refs, trx)
    const previous = membership.role
    membership.role = data.role
    membership.useTransaction(trx)
    await membership.save()
    await MembershipService.query({ client: trx }).where('membership_id', membership.id).delete()
    for (const serviceId of serviceIds) {
      await MembershipService.create({ membershipId: membership.id, serviceId }, { client: trx })
    }
    await auditTenant(
      {
        action: 'membership.role_changed',
        actor,
        subject: { type: 'membership', id: membership.id },
        details: { from: previous, to: data.role },
      },
      trx
    )
    return membership
  })
}

export async function disableUser(rawEmail: unknown, actor?: Actor) {
  const { email } = await validate(() =>
    vine.create(vine.object({ email: emailRule() })).validate({ email: rawEmail })
  )
  return db.transaction(async (trx) => {
    const user = await userByEmail(email, trx)
    if (user.isDisabled) refuse('email', 'alreadyDisabled', { email: user.email })
    user.disabledAt = DateTime.now()
    user.useTransaction(trx)
    await user.save()
    const sessionsEnded = await endSessionsOf(user.id, { client: trx })
    await auditPlatform(
      {
        action: 'user.disabled',
        actor,
        subject: { type: 'user', id: user.id },
        details: { sessionsEnded },
      },
      trx
    )
    return user
  })
}

/** The current tenant's staff, one row per membership, in one query. */
export async function listMembers() {
  const memberships = await Membership.query().preload('user').preload('services').orderBy('id')
  return memberships.map((membership) => ({
    membershipId: membership.id,
    name: membership.user.name,
    email: membership.user.email,
    role: membership.role,
    serviceIds: membership.services.map((link) => link.serviceId),
  }))
}
