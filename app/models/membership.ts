import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column, hasMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany } from '@adonisjs/lucid/types/relations'
import { compose } from '@adonisjs/core/helpers'
import { TenantScoped } from '#tenancy/tenant_scoped'
import User from '#models/user'
import MembershipService from '#models/membership_service'

export const ROLES = ['tenant_admin', 'moderator', 'responder'] as const
export type Role = (typeof ROLES)[number]
/** The role an invitation form offers first: most staff invited moderate. */
export const INVITED_ROLE_DEFAULT: Role = 'moderator'

/** A staff role held by a user in one tenant. */
export default class Membership extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number

  @column()
  declare role: Role

  /** A responder's fast-track: their responses publish without a check (#services/responses/fast_track). */
  @column.dateTime()
  declare fastTrackGrantedAt: DateTime | null

  @column()
  declare fastTrackGrantedById: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => User)
  declare user: BelongsTo<typeof User>

  @hasMany(() => MembershipService)
  declare services: HasMany<typeof MembershipService>
}
