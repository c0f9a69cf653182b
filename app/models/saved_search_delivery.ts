import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { compose } from '@adonisjs/core/helpers'
import { TenantScoped } from '#tenancy/tenant_scoped'

/** One alert of one saved search about one story: at most one row per pair (#services/searches/saved_search_alerts). */
export default class SavedSearchDelivery extends compose(BaseModel, TenantScoped) {
  static table = 'saved_search_deliveries'

  @column({ isPrimary: true })
  declare savedSearchId: number

  @column()
  declare storyId: number

  @column()
  declare mode: 'instant' | 'daily'

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime()
  declare sentAt: DateTime | null
}
