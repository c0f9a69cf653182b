/**
 * What a signed-in user may do in the current tenant, read once per
 * request from their memberships there (and the platform flag). Rights in
 * one tenant never carry over to another: the memberships query is scoped.
 */
import Membership, { type Role } from '#models/membership'
import type User from '#models/user'

export class StaffRights {
  constructor(
    readonly isNationalAdmin: boolean,
    readonly roles: ReadonlySet<Role>,
    readonly responderServiceIds: readonly number[]
  ) {}

  static none() {
    return new StaffRights(false, new Set(), [])
  }

  /** Rights of `user` in the current tenant. */
  static async load(user: User) {
    const memberships = await Membership.query().where('user_id', user.id).preload('services')
    return new StaffRights(
      user.isNationalAdmin,
      new Set(memberships.map((membership) => membership.role)),
      memberships.flatMap((membership) => membership.services.map((link) => link.serviceId))
    )
  }

  has(role: Role) {
    return this.roles.has(role)
  }

  get isStaff() {
    return this.roles.size > 0
  }
}
