import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column, manyToMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, ManyToMany } from '@adonisjs/lucid/types/relations'
import type { ModelQueryBuilderContract } from '@adonisjs/lucid/types/model'
import User from '#models/user'
import { compose } from '@adonisjs/core/helpers'
import { TenantScoped } from '#tenancy/tenant_scoped'
import Service from '#models/service'
import StoryTag from '#models/story_tag'

export const AUTHOR_ROLES = [
  'patient',
  'carer',
  'parent',
  'relative',
  'friend',
  'staff',
  'other',
] as const
export const AGE_BANDS = [
  'under_18',
  '18_24',
  '25_34',
  '35_44',
  '45_54',
  '55_64',
  '65_74',
  '75_84',
  '85_plus',
  'not_said',
] as const

/** How a story came: online, or typed in by staff on the author's behalf (app/services/stories/enter_story.ts). */
export const SUBMISSION_ROUTES = ['online', 'paper', 'phone', 'in_person', 'partner'] as const
export const STAFF_ENTRY_ROUTES = ['paper', 'phone', 'in_person', 'partner'] as const

/** A story's statuses: the one definition (code uses these names, never the strings). */
export const STORY_STATUS = {
  unconfirmed: 'unconfirmed',
  awaitingModeration: 'awaiting_moderation',
  needsAuthorInput: 'needs_author_input',
  /** Approved, waiting for a private provider's review window (never public). */
  inProviderReview: 'in_provider_review',
  published: 'published',
  rejected: 'rejected',
  escalated: 'escalated',
  hidden: 'hidden',
  withdrawn: 'withdrawn',
} as const

export type StoryStatus = (typeof STORY_STATUS)[keyof typeof STORY_STATUS]
export const STORY_STATUSES = Object.values(STORY_STATUS) as StoryStatus[]

/**
 * "The public may see this story" as SQL on the stories table under `alias`:
 * the same rule as Story.publiclyVisible, for SQL that cannot use the model
 * (the search function and partial indexes of migration 1700000000700,
 * which must be recreated by a new migration if this rule ever changes).
 */
export function publiclyVisibleSql(alias: string) {
  if (!/^[a-z_]+$/.test(alias)) throw new Error(`not a table alias: ${alias}`)
  /* Equality only, so the status index serves it under row security. */
  return `${alias}.status = '${STORY_STATUS.published}'`
}

/**
 * A story. `originalBody` is what the author wrote and is only ever shown to
 * the tenant's moderators; the public sees `publicTitle`/`publicBody` once a
 * moderator has published it. The author's email is never shown.
 */
export default class Story extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare status: StoryStatus

  @column()
  declare title: string

  @column({ serializeAs: null })
  declare originalBody: string

  @column()
  declare publicTitle: string | null

  @column()
  declare publicBody: string | null

  @column.date()
  declare happenedOn: DateTime

  @column()
  declare authorRole: (typeof AUTHOR_ROLES)[number]

  @column()
  declare ageBand: (typeof AGE_BANDS)[number]

  @column()
  declare displayName: string

  @column({ serializeAs: null })
  declare authorEmail: string

  @column()
  declare locale: string

  @column()
  declare submissionRoute: (typeof SUBMISSION_ROUTES)[number]

  /** The invitation link it was told through, if any (app/services/stories/invitation_links.ts). */
  @column()
  declare invitationLinkId: number | null

  @column({ serializeAs: null })
  declare confirmTokenHash: string | null

  @column.dateTime({ serializeAs: null })
  declare confirmExpiresAt: DateTime | null

  @column.dateTime()
  declare confirmedAt: DateTime | null

  @column.dateTime()
  declare publishedAt: DateTime | null

  @column({ serializeAs: null })
  declare criticality: number | null

  @column()
  declare version: number

  /** When it left moderation for good (rejected, withdrawn): the retention clock starts. */
  @column.dateTime()
  declare decidedAt: DateTime | null

  @column.dateTime()
  declare withdrawnAt: DateTime | null

  /** Set when the retention period ended and the original text was erased. */
  @column.dateTime()
  declare originalErasedAt: DateTime | null

  /** Derived from reads and responses; see #services/story_progress. */
  @column()
  declare progress: 'not_read' | 'read' | 'responded' | 'change_planned' | 'change_made'

  @column()
  declare staffViews: number

  @column.dateTime()
  declare firstResponseAt: DateTime | null

  @column()
  declare claimedById: number | null

  @column.dateTime()
  declare claimedUntil: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => User, { foreignKey: 'claimedById' })
  declare claimedBy: BelongsTo<typeof User>

  /** How many readers said "I've experienced this too" (see #services/reading/experiences). */
  @column()
  declare experiencedCount: number

  /** The one definition of "the public may see this story". */
  static publiclyVisible(query: ModelQueryBuilderContract<typeof Story>) {
    return query.whereRaw(publiclyVisibleSql('stories'))
  }

  get isPubliclyVisible() {
    return this.status === STORY_STATUS.published
  }

  get awaitsModeration() {
    return this.status === STORY_STATUS.awaitingModeration
  }

  get isWithdrawn() {
    return this.status === STORY_STATUS.withdrawn
  }

  get inProviderReview() {
    return this.status === STORY_STATUS.inProviderReview
  }

  get awaitsAuthor() {
    return this.status === STORY_STATUS.needsAuthorInput
  }

  get isEscalated() {
    return this.status === STORY_STATUS.escalated
  }

  @manyToMany(() => Service, { pivotTable: 'story_services', pivotColumns: ['tenant_id'] })
  declare services: ManyToMany<typeof Service>

  @manyToMany(() => StoryTag, {
    pivotTable: 'story_tag_links',
    pivotRelatedForeignKey: 'tag_id',
    pivotColumns: ['tenant_id'],
  })
  declare tags: ManyToMany<typeof StoryTag>
}
