import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { compose } from '@adonisjs/core/helpers'
import { TenantScoped } from '#tenancy/tenant_scoped'

/** A member of staff read a published story (counted once per person). */
export default class StoryView extends compose(BaseModel, TenantScoped) {
  static table = 'story_views'

  @column({ isPrimary: true })
  declare storyId: number

  @column()
  declare userId: number

  @column.dateTime()
  declare firstViewedAt: DateTime
}
