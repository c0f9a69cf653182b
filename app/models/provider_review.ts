import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import { compose } from '@adonisjs/core/helpers'
import { TenantScoped } from '#tenancy/tenant_scoped'
import User from '#models/user'

/** How a provider review ended; the first two are publications. */
export const REVIEW_OUTCOMES = [
  'published_unrequested',
  'published',
  'edited',
  'asked_author',
  'rejected',
  'escalated',
  'withdrawn',
] as const
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number]

/**
 * A story about a private provider, approved and waiting for the
 * provider's review window (#services/moderation/provider_review): one
 * per story. The provider's reason is a moderation event, not a column.
 */
export default class ProviderReview extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare storyId: number

  @column()
  declare approvedById: number | null

  @column.dateTime()
  declare windowStartsAt: DateTime

  @column.dateTime()
  declare windowEndsAt: DateTime

  @column()
  declare requestedById: number | null

  @column.dateTime()
  declare requestedAt: DateTime | null

  @column()
  declare decidedById: number | null

  @column.dateTime()
  declare decidedAt: DateTime | null

  @column()
  declare outcome: ReviewOutcome | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => User, { foreignKey: 'requestedById' })
  declare requestedBy: BelongsTo<typeof User>

  /** A provider asked and no moderator has decided yet: the story is held. */
  get requestOpen() {
    return Boolean(this.requestedAt) && !this.decidedAt
  }
}
