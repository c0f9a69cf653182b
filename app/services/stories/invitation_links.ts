/**
 * Invitation links: a tenant admin makes one for a service and a campaign
 * tag, optionally closing on a date; /i/<code> starts telling a story about
 * that service with the tag, and stories told through it are counted.
 * Guarantees: codes are random (72 bits) and looked up within the current
 * tenant only; a closed link starts nothing but still lets people tell a
 * story the ordinary way; counts leave out stories never confirmed.
 */
import { randomBytes } from 'node:crypto'
import type { DateTime } from 'luxon'
import InvitationLink from '#models/invitation_link'
import Story, { STORY_STATUS } from '#models/story'
import { DomainError } from '#exceptions/domain_error'
import { findServiceByReference } from '#services/directory/service_lookup'

/** The open service an invitation link may invite stories about, by ref or slug; refused otherwise. */
export async function serviceForInvitation(ref: string) {
  const service = await findServiceByReference(ref)
  if (!service || !service.isOpen)
    throw new DomainError('moderation.errors.unknownService', { field: 'service', values: { ref } })
  return service
}

export async function createInvitationLink(input: {
  serviceId: number
  campaign: string
  closesOn: DateTime | null
}) {
  return InvitationLink.create({
    code: randomBytes(9).toString('base64url'),
    serviceId: input.serviceId,
    campaign: input.campaign,
    closesOn: input.closesOn,
  })
}

/** The tenant's links, newest first, each with the number of stories told through it. */
export async function invitationLinksWithCounts() {
  const links = await InvitationLink.query()
    .preload('service')
    .orderBy('created_at', 'desc')
    .limit(500)
  const counts = await Story.query()
    .select('invitation_link_id')
    .count('* as total')
    .whereNotNull('invitation_link_id')
    .whereNot('status', STORY_STATUS.unconfirmed)
    .groupBy('invitation_link_id')
  const countOf = new Map(
    counts.map((row) => [Number(row.invitationLinkId), Number(row.$extras.total)])
  )
  return links.map((link) => ({ link, stories: countOf.get(link.id) ?? 0 }))
}

/** The link behind /i/<code>, or null; `open` says whether it still starts a story. */
export async function invitationByCode(code: string, today: DateTime) {
  if (!/^[A-Za-z0-9_-]{1,24}$/.test(code)) return null
  const link = await InvitationLink.query().where('code', code).preload('service').first()
  if (!link) return null
  return { link, open: link.isOpen(today) && link.service.isOpen }
}

/** The link a story is being told through, if it is still open (checked again at sending). */
export async function openInvitationLink(id: unknown, today: DateTime) {
  const linkId = Number(id)
  if (!Number.isInteger(linkId) || linkId <= 0) return null
  const link = await InvitationLink.find(linkId)
  return link && link.isOpen(today) ? link : null
}
