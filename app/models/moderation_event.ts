import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import { compose } from '@adonisjs/core/helpers'
import { TenantScoped } from '#tenancy/tenant_scoped'
import User from '#models/user'

/** One moderation action on a story. Append-only (a database trigger refuses changes). */
export default class ModerationEvent extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare storyId: number

  @column()
  declare actorId: number | null

  @column()
  declare action: string

  @column()
  declare reason: string | null

  @column({ prepare: (value: unknown) => JSON.stringify(value ?? {}) })
  declare changes: Record<string, unknown>

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @belongsTo(() => User, { foreignKey: 'actorId' })
  declare actor: BelongsTo<typeof User>
}
