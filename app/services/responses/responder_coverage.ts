/**
 * Which services a responder answers for: the services of their responder
 * memberships, and every service below one of them in the directory tree.
 * The one definition: the `respondFor` ability, responding, the staff inbox
 * and the staff alerts all ask here (the alerts through the SQL fragment).
 * Moderators and tenant admins read every published story in the inbox,
 * but respond only where they are also responders.
 */
import type { StaffRights } from '#services/accounts/staff_rights'

/** True when `rights` cover a service, given its ancestry (its own id and every id above it). */
export function coversService(rights: StaffRights, ancestry: readonly number[]) {
  if (!rights.has('responder')) return false
  return ancestry.some((serviceId) => rights.responderServiceIds.includes(serviceId))
}

/** The responder's own services that cover at least one of `ancestries`. */
export function coveringServiceIds(rights: StaffRights, ancestries: readonly number[][]) {
  if (!rights.has('responder')) return []
  const covered = new Set(ancestries.flat())
  return rights.responderServiceIds.filter((id) => covered.has(id))
}

/** The inbox: every published story (null), or those under these services. */
export function inboxServiceIds(rights: StaffRights): readonly number[] | null {
  if (rights.has('moderator') || rights.has('tenant_admin')) return null
  return rights.has('responder') ? rights.responderServiceIds : []
}

/** Anyone with an inbox: responders, moderators and tenant admins. */
export function hasInbox(rights: StaffRights) {
  return rights.has('responder') || rights.has('moderator') || rights.has('tenant_admin')
}

/** SQL: the ids in a `path` column ("1.4.9."), i.e. the service and every service above it. */
export function ancestryIdsSql(pathColumn: string) {
  return `unnest(string_to_array(rtrim(${pathColumn}, '.'), '.'))::bigint`
}

/**
 * SQL: the user ids of the responders covering any service whose id is in
 * `serviceIdsSql` (a subquery of ancestries). One binding: the tenant id.
 */
export function coveringRespondersSql(serviceIdsSql: string) {
  return `select m.user_id from memberships m
            join membership_services ms on ms.tenant_id = m.tenant_id and ms.membership_id = m.id
           where m.tenant_id = ? and m.role = 'responder' and ms.service_id in (${serviceIdsSql})`
}
