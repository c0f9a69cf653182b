import { DateTime } from 'luxon'
import {
  afterFetch,
  afterFind,
  BaseModel,
  beforeCreate,
  belongsTo,
  column,
} from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import { compose } from '@adonisjs/core/helpers'
import { TenantScoped } from '#tenancy/tenant_scoped'
import User from '#models/user'
import { openEventTexts, sealEventTexts } from '#services/moderation/event_texts'
import type { ModerationAction } from '#services/moderation/moderation_actions'

/**
 * One moderation action on a story. Append-only (a database trigger refuses
 * changes). Its free texts are sealed with the story's key when created and
 * opened when read (#services/event_texts): after the story is erased they
 * read as null and `$extras.erased` is true.
 */
export default class ModerationEvent extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare storyId: number

  @column()
  declare actorId: number | null

  @column()
  declare action: ModerationAction

  @column()
  declare reason: string | null

  @column({ prepare: (value: unknown) => JSON.stringify(value ?? {}) })
  declare changes: Record<string, unknown>

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @belongsTo(() => User, { foreignKey: 'actorId' })
  declare actor: BelongsTo<typeof User>

  @beforeCreate()
  static async seal(event: ModerationEvent) {
    await sealEventTexts(event)
  }

  @afterFind()
  static async openOne(event: ModerationEvent) {
    await openEventTexts([event])
  }

  @afterFetch()
  static async openAll(events: ModerationEvent[]) {
    await openEventTexts(events)
  }
}
