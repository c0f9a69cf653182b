import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { compose } from '@adonisjs/core/helpers'
import { TenantScoped } from '#tenancy/tenant_scoped'

/** One alert about one story to one member of staff: at most one row per pair. */
export default class AlertDelivery extends compose(BaseModel, TenantScoped) {
  static table = 'alert_deliveries'

  @column({ isPrimary: true })
  declare storyId: number

  @column()
  declare userId: number

  @column()
  declare mode: 'immediate' | 'daily'

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime()
  declare sentAt: DateTime | null
}
