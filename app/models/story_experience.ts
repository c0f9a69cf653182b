import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { compose } from '@adonisjs/core/helpers'
import { TenantScoped } from '#tenancy/tenant_scoped'

/** A reader said "I've experienced this too" (a keyed hash, see #services/reading/experiences). */
export default class StoryExperience extends compose(BaseModel, TenantScoped) {
  static table = 'story_experiences'

  @column({ isPrimary: true })
  declare storyId: number

  @column()
  declare readerKey: string

  @column.dateTime()
  declare createdAt: DateTime
}
