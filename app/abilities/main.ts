/*
 * Who may do what: the one place. Controllers and templates ask these
 * abilities; nothing checks a role anywhere else. Rights come from
 * `user.rights`, the user's memberships in the current tenant, and fail
 * closed when they were not loaded.
 */
import { Bouncer } from '@adonisjs/bouncer'
import type User from '#models/user'
import { StaffRights } from '#services/accounts/staff_rights'
import { coversService, hasInbox } from '#services/responses/responder_coverage'

function rightsOf(user: User) {
  return user.rights ?? StaffRights.none()
}

/** The national console: create, configure and suspend tenants. */
export const administerPlatform = Bouncer.ability((user: User) => user.isNationalAdmin)

/** The tenant's staff area at all. */
export const enterStaffArea = Bouncer.ability((user: User) => {
  const rights = rightsOf(user)
  return rights.isStaff || rights.isNationalAdmin
})

/** Members, invitations, roles and the audit log of the current tenant. */
export const administerTenant = Bouncer.ability((user: User) => {
  const rights = rightsOf(user)
  return rights.has('tenant_admin') || rights.isNationalAdmin
})

/** Typing in a story on its author's behalf: moderators and tenant admins. */
export const enterStories = Bouncer.ability((user: User) => {
  const rights = rightsOf(user)
  return rights.has('moderator') || rights.has('tenant_admin')
})

/** The moderation queue of the current tenant. */
export const moderate = Bouncer.ability((user: User) => rightsOf(user).has('moderator'))

/**
 * Responding for a service: a responder whose services include it or one
 * of its ancestors. `ancestry` is the service's own id and every id above it.
 */
export const respondFor = Bouncer.ability((user: User, ancestry: readonly number[]) =>
  coversService(rightsOf(user), ancestry)
)

/** The staff inbox: responders, moderators and tenant admins. */
export const readInbox = Bouncer.ability((user: User) => hasInbox(rightsOf(user)))
