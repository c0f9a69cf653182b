import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { compose } from '@adonisjs/core/helpers'
import { TenantScoped } from '#tenancy/tenant_scoped'

/** A story sent to a subscription: at most one row per pair. */
export default class SubscriptionDelivery extends compose(BaseModel, TenantScoped) {
  static table = 'subscription_deliveries'

  @column({ isPrimary: true })
  declare subscriptionId: number

  @column()
  declare storyId: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
