import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { compose } from '@adonisjs/core/helpers'
import { TenantScoped } from '#tenancy/tenant_scoped'

export const REPORT_REASONS = ['personal_data', 'offensive', 'untrue', 'other'] as const
/** The story's own author disagrees with the moderator's edits (app/services/moderation/author_disagreement.ts). */
export const AUTHOR_DISAGREES = 'author_disagrees'

/** A reader's report on a published story: it flags the story to the moderators. */
export default class StoryReport extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare storyId: number

  @column()
  declare reason: (typeof REPORT_REASONS)[number] | typeof AUTHOR_DISAGREES

  @column()
  declare message: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime()
  declare resolvedAt: DateTime | null

  @column()
  declare resolvedById: number | null
}
