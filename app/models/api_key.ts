import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import { compose } from '@adonisjs/core/helpers'
import { TenantScoped } from '#tenancy/tenant_scoped'
import User from '#models/user'

/** What a key may do (#services/api/api_keys): the one list. */
export const API_SCOPES = ['read', 'staff-read', 'submit', 'respond'] as const
export type ApiScope = (typeof API_SCOPES)[number]

/**
 * A tenant's API key. Only the SHA-256 of the secret is kept; `prefix` is
 * the start of the key, shown to admins to tell keys apart. `serviceIds`
 * limits it to those services and everything below them (empty: all).
 */
export default class ApiKey extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare name: string

  @column()
  declare scopes: ApiScope[]

  /* PostgreSQL gives bigint[] as strings. */
  @column({ consume: (ids: (string | number)[] | null) => (ids ?? []).map(Number) })
  declare serviceIds: number[]

  @column()
  declare prefix: string

  @column({ serializeAs: null })
  declare secretHash: string

  @column()
  declare createdById: number | null

  @column()
  declare ratePerSecond: number | null

  @column.dateTime()
  declare lastUsedAt: DateTime | null

  @column.dateTime()
  declare rotatedAt: DateTime | null

  @column.dateTime()
  declare revokedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => User, { foreignKey: 'createdById' })
  declare createdBy: BelongsTo<typeof User>

  get isRevoked() {
    return this.revokedAt !== null
  }

  can(scope: ApiScope) {
    return this.scopes.includes(scope)
  }
}
