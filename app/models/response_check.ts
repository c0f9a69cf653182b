import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import { compose } from '@adonisjs/core/helpers'
import { TenantScoped } from '#tenancy/tenant_scoped'
import Service from '#models/service'
import Story from '#models/story'
import User from '#models/user'
import type { ChangeKind } from '#models/response'

export const CHECK_STATUS = {
  awaiting: 'awaiting',
  sentBack: 'sent_back',
  approved: 'approved',
} as const
export type CheckStatus = (typeof CHECK_STATUS)[keyof typeof CHECK_STATUS]

/**
 * A response waiting for a moderator's check, or the record of one that
 * was checked (see #services/responses/response_checks). Not public: only
 * an approved check becomes a Response.
 */
export default class ResponseCheck extends compose(BaseModel, TenantScoped) {
  static table = 'response_checks'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare storyId: number

  @column()
  declare serviceId: number

  @column()
  declare authorId: number | null

  @column()
  declare body: string

  @column()
  declare submittedBody: string

  @column()
  declare changeKind: ChangeKind | null

  @column()
  declare changeDescription: string | null

  @column()
  declare status: CheckStatus

  @column()
  declare timesSentBack: number

  @column()
  declare edited: boolean

  @column()
  declare note: string | null

  @column()
  declare checkedById: number | null

  @column.dateTime()
  declare checkedAt: DateTime | null

  @column()
  declare responseId: number | null

  /** An edit of the published response `responseId`, not a new response. */
  @column()
  declare isRevision: boolean

  @column.dateTime()
  declare submittedAt: DateTime

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => Service)
  declare service: BelongsTo<typeof Service>

  @belongsTo(() => Story)
  declare story: BelongsTo<typeof Story>

  @belongsTo(() => User, { foreignKey: 'authorId' })
  declare author: BelongsTo<typeof User>
}
