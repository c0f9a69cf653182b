/**
 * Fast-track: a responder whose responses publish without a moderator's
 * check. It is held per responder membership, granted and withdrawn only by
 * a moderator of the tenant (both in the audit log), and suggested, never
 * granted, by the product after a record of FAST_TRACK_RECORD checks in a
 * row approved unedited and never sent back.
 *
 * Guarantees: fast-track never applies to a story rated strongly or
 * severely critical (criticality FAST_TRACK_MAX_CRITICALITY + 1 and above):
 * those responses always wait for a check. `publishesAtOnce` is the one
 * definition of that rule.
 */
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { DomainError } from '#exceptions/domain_error'
import Membership from '#models/membership'
import Service from '#models/service'
import type Story from '#models/story'
import type User from '#models/user'
import { auditTenant } from '#services/platform/audit'
import type { Acting } from '#tenancy/site'
import { tenancy } from '#tenancy/context'

/** Checks in a row, approved unedited and never sent back, before fast-track is suggested. */
export const FAST_TRACK_RECORD = 5
/** 4 is "strongly critical", 5 "severely critical": above this, every response is checked. */
export const FAST_TRACK_MAX_CRITICALITY = 3

export function isStronglyCritical(story: Pick<Story, 'criticality'>) {
  return (story.criticality ?? 0) > FAST_TRACK_MAX_CRITICALITY
}

/** True when `writer`'s response to `story` is published as posted, without a check. */
export async function publishesAtOnce(
  writer: Pick<User, 'id'>,
  story: Pick<Story, 'criticality'>,
  client?: TransactionClientContract
) {
  if (isStronglyCritical(story)) return false
  const membership = await Membership.query({ client })
    .where('user_id', writer.id)
    .where('role', 'responder')
    .whereNotNull('fast_track_granted_at')
    .first()
  return membership !== null
}

async function responderMembership(membershipId: number, trx: TransactionClientContract) {
  const membership = await Membership.query({ client: trx })
    .where('id', membershipId)
    .forUpdate()
    .first()
  if (!membership) throw new DomainError('checked.errors.noSuchResponder', { status: 404 })
  if (membership.role !== 'responder') throw new DomainError('checked.errors.notResponder')
  return membership
}

export async function grantFastTrack(acting: Acting & { actor: User }, membershipId: number) {
  return db.transaction(async (trx) => {
    const membership = await responderMembership(membershipId, trx)
    if (membership.fastTrackGrantedAt) return membership
    const records = await fastTrackRecords([membership.userId], trx)
    const record = records.get(membership.userId)
    membership.merge({ fastTrackGrantedAt: DateTime.now(), fastTrackGrantedById: acting.actor.id })
    await membership.useTransaction(trx).save()
    await auditTenant(
      {
        action: 'membership.fast_track_granted',
        actor: acting.actor,
        ip: acting.ip ?? null,
        subject: { type: 'membership', id: membership.id },
        details: { userId: membership.userId, cleanInARow: record?.clean ?? 0 },
      },
      trx
    )
    return membership
  })
}

export async function withdrawFastTrack(acting: Acting & { actor: User }, membershipId: number) {
  return db.transaction(async (trx) => {
    const membership = await responderMembership(membershipId, trx)
    if (!membership.fastTrackGrantedAt) return membership
    membership.merge({ fastTrackGrantedAt: null, fastTrackGrantedById: null })
    await membership.useTransaction(trx).save()
    await auditTenant(
      {
        action: 'membership.fast_track_withdrawn',
        actor: acting.actor,
        ip: acting.ip ?? null,
        subject: { type: 'membership', id: membership.id },
        details: { userId: membership.userId },
      },
      trx
    )
    return membership
  })
}

export type FastTrackRecord = {
  /** Of the last FAST_TRACK_RECORD decided checks: how many were approved unedited, first time. */
  clean: number
  /** How many checks were decided (approved, or sent back) among those. */
  decided: number
  /** The whole run is clean and long enough. */
  earned: boolean
}

/**
 * Each responder's recent record, in one query: their last decided checks
 * (approved or sent back), newest first. Sending back counts against the
 * record when it happens, and the check stays marked when approved later.
 */
export async function fastTrackRecords(userIds: number[], client?: TransactionClientContract) {
  const records = new Map<number, FastTrackRecord>()
  if (!userIds.length) return records
  const tenantId = tenancy.require().id
  const result = await (client ?? db).rawQuery<{
    rows: { author_id: string; clean: number; decided: number }[]
  }>(
    `with recent as (
       select author_id, status, edited, times_sent_back,
              row_number() over (partition by author_id order by checked_at desc, id desc) as n
         from response_checks
        where tenant_id = ? and author_id = any(?) and checked_at is not null
          and status in ('approved', 'sent_back')
     )
     select author_id,
            count(*) filter (where status = 'approved' and not edited and times_sent_back = 0)::int as clean,
            count(*)::int as decided
       from recent where n <= ? group by author_id`,
    [tenantId, userIds, FAST_TRACK_RECORD]
  )
  for (const row of result.rows)
    records.set(Number(row.author_id), {
      clean: row.clean,
      decided: row.decided,
      earned: row.clean >= FAST_TRACK_RECORD,
    })
  return records
}

/**
 * The tenant's responders for the fast-track page: who holds it, since
 * when, their record and whether the product suggests granting it.
 */
export async function respondersWithRecords() {
  const memberships = await Membership.query()
    .where('role', 'responder')
    .preload('user')
    .preload('services')
    .orderBy('id')
  const records = await fastTrackRecords(memberships.map((membership) => membership.userId))
  const serviceIds = memberships.flatMap((membership) =>
    membership.services.map((l) => l.serviceId)
  )
  const names = new Map(
    (serviceIds.length ? await Service.query().whereIn('id', serviceIds) : []).map((service) => [
      service.id,
      service.name,
    ])
  )
  return memberships.map((membership) => {
    const record = records.get(membership.userId) ?? { clean: 0, decided: 0, earned: false }
    return {
      membership,
      services: membership.services.map((link) => names.get(link.serviceId) ?? '').join(', '),
      record,
      suggested: record.earned && !membership.fastTrackGrantedAt,
    }
  })
}
