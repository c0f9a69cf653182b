/**
 * The tenant's provider review settings, as its admins set them on the
 * moderation settings page: which kinds of service are private providers,
 * how many hours their review window lasts, and the working hours an
 * out-of-hours approval waits for (optional). Guarantees: refusals happen
 * before anything is written (kinds must be the tenant's own, working
 * hours both or neither and the start before the end); the change and its
 * audit entry (from what, to what) are one transaction.
 */
import db from '@adonisjs/lucid/services/db'
import { DomainError } from '#exceptions/domain_error'
import Tenant from '#models/tenant'
import type User from '#models/user'
import { auditTenant } from '#services/platform/audit'
import { tenancy } from '#tenancy/context'

export type ProviderReviewSettings = {
  privateProviderKinds: string[]
  providerReviewHours: number
  workingDayStarts: string | null
  workingDayEnds: string | null
}

export function providerReviewSettingsOf(tenant: Tenant): ProviderReviewSettings {
  return {
    privateProviderKinds: tenant.privateProviderKinds,
    providerReviewHours: tenant.providerReviewHours,
    workingDayStarts: tenant.workingDayStarts,
    workingDayEnds: tenant.workingDayEnds,
  }
}

export async function setProviderReviewSettings(input: ProviderReviewSettings, user: User) {
  const current = tenancy.require()
  return db.transaction(async (trx) => {
    const tenant = await Tenant.query({ client: trx })
      .where('id', current.id)
      .forUpdate()
      .firstOrFail()
    const kinds = [...new Set(input.privateProviderKinds)]
    const unknown = kinds.filter((kind) => !tenant.serviceKinds.includes(kind))
    if (unknown.length)
      throw new DomainError('review.errors.unknownKind', {
        field: 'privateProviderKinds',
        values: { kind: unknown[0] },
      })
    const starts = input.workingDayStarts || null
    const ends = input.workingDayEnds || null
    if (Boolean(starts) !== Boolean(ends))
      throw new DomainError('review.errors.bothTimes', {
        field: starts ? 'workingDayEnds' : 'workingDayStarts',
      })
    if (starts && ends && starts >= ends)
      throw new DomainError('review.errors.startBeforeEnd', { field: 'workingDayEnds' })
    const before = providerReviewSettingsOf(tenant)
    tenant.merge({
      privateProviderKinds: tenant.serviceKinds.filter((kind) => kinds.includes(kind)),
      providerReviewHours: input.providerReviewHours,
      workingDayStarts: starts,
      workingDayEnds: ends,
    })
    await tenant.useTransaction(trx).save()
    await auditTenant(
      {
        action: 'tenant.provider_review_changed',
        actor: user,
        subject: { type: 'tenant', id: tenant.id },
        details: { before, after: providerReviewSettingsOf(tenant) },
      },
      trx
    )
    return tenant
  })
}
