import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { compose } from '@adonisjs/core/helpers'
import { TenantScoped } from '#tenancy/tenant_scoped'

export const SUBSCRIPTION_TARGETS = ['service', 'area', 'tag', 'tenant', 'search'] as const
export type SubscriptionTarget = (typeof SUBSCRIPTION_TARGETS)[number]

/**
 * A member of the public following a service (with everything below it),
 * an area, a tag, the whole site or a story search by email. Confirmed by a link first
 * (double opt-in); every email carries its one-click unsubscribe link.
 */
export default class Subscription extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column({ serializeAs: null })
  declare email: string

  @column()
  declare locale: string

  @column()
  declare targetType: SubscriptionTarget

  @column()
  declare serviceId: number | null

  @column()
  declare areaId: number | null

  @column()
  declare tagId: number | null

  /** A followed story search, as its canonical query string (target type `search`). */
  @column()
  declare searchQuery: string | null

  @column({ serializeAs: null })
  declare confirmTokenHash: string | null

  @column.dateTime()
  declare confirmedAt: DateTime | null

  @column({ serializeAs: null })
  declare unsubscribeTokenHash: string

  /** Raised to rotate the unsubscribe token (#services/subscription_tokens). */
  @column({ serializeAs: null })
  declare tokenVersion: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
