/**
 * A member of staff's own alert settings: how they are alerted (at once,
 * daily, never; from which criticality) and which services they follow
 * beyond their responder services. Each change is one transaction with its
 * audit entry; a follow never doubles (one row per user and service).
 */
import { findServiceByReference } from '#services/directory/service_lookup'
import db from '@adonisjs/lucid/services/db'
import AlertSetting from '#models/alert_setting'
import StaffWatch from '#models/staff_watch'
import Service from '#models/service'
import type User from '#models/user'
import { DomainError } from '#exceptions/domain_error'
import { auditTenant } from '#services/platform/audit'

type Who = { actor: User; ip?: string | null }

export async function changeAlertSettings(
  { actor, ip }: Who,
  settings: { mode: AlertSetting['mode']; minCriticality: number }
) {
  await db.transaction(async (trx) => {
    await AlertSetting.updateOrCreate(
      { userId: actor.id },
      { userId: actor.id, ...settings },
      { client: trx }
    )
    await auditTenant(
      {
        action: 'account.alerts_changed',
        actor,
        subject: { type: 'user', id: actor.id },
        details: settings,
        ip: ip ?? null,
      },
      trx
    )
  })
}

/** Follows the service named by `ref` (and everything below it); returns it. */
export async function watchService({ actor, ip }: Who, ref: string) {
  return db.transaction(async (trx) => {
    /* By reference or by name, as the service picker sends it. */
    const service = await findServiceByReference(ref)
    if (!service) throw new DomainError('moderation.errors.unknownService', { values: { ref } })
    await StaffWatch.firstOrCreate(
      { userId: actor.id, serviceId: service.id },
      { userId: actor.id, serviceId: service.id },
      { client: trx }
    )
    await auditTenant(
      {
        action: 'account.watch_added',
        actor,
        subject: { type: 'service', id: service.id },
        ip: ip ?? null,
      },
      trx
    )
    return service
  })
}

/** Stops following a service; false when it was not followed. */
export async function unwatchService({ actor, ip }: Who, serviceId: number) {
  return db.transaction(async (trx) => {
    const removed = await StaffWatch.query({ client: trx })
      .where('user_id', actor.id)
      .where('service_id', serviceId)
      .delete()
    if (!Number(removed)) return false
    await auditTenant(
      {
        action: 'account.watch_removed',
        actor,
        subject: { type: 'service', id: serviceId },
        ip: ip ?? null,
      },
      trx
    )
    return true
  })
}

/** What the account page shows of `user`'s alerts: the mode, the threshold and the services watched. */
export async function alertsOf(user: User) {
  const alerts = await AlertSetting.findBy('user_id', user.id)
  const watches = await StaffWatch.query().where('user_id', user.id)
  const watched = watches.length
    ? await Service.query()
        .whereIn(
          'id',
          watches.map((watch) => watch.serviceId)
        )
        .orderBy('name')
    : []
  return {
    watched,
    alerts: { mode: alerts?.mode ?? 'immediate', minCriticality: alerts?.minCriticality ?? 0 },
  }
}
