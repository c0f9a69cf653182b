import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { compose } from '@adonisjs/core/helpers'
import { TenantScoped } from '#tenancy/tenant_scoped'

/** Where a published story is listed (see #services/story_listings); written by SQL only. */
export default class StoryListing extends compose(BaseModel, TenantScoped) {
  static table = 'story_listings'

  @column({ isPrimary: true })
  declare storyId: number

  @column()
  declare kind: 'service' | 'area' | 'tag'

  @column()
  declare targetId: number

  @column.dateTime()
  declare publishedAt: DateTime
}
