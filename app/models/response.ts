import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column, hasMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany } from '@adonisjs/lucid/types/relations'
import { compose } from '@adonisjs/core/helpers'
import { TenantScoped } from '#tenancy/tenant_scoped'
import Service from '#models/service'
import AuthorReply from '#models/author_reply'

export const CHANGE_KINDS = ['planned', 'made'] as const
export type ChangeKind = (typeof CHANGE_KINDS)[number]

/**
 * A service's public answer to a story, signed with the responder's name,
 * job title and service (copied when written, so it reads the same later).
 * A change claim shows its badge only once a moderator has confirmed it.
 */
export default class Response extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare storyId: number

  @column()
  declare serviceId: number

  @column({ serializeAs: null })
  declare authorId: number | null

  @column()
  declare authorName: string

  @column()
  declare authorJobTitle: string | null

  @column()
  declare body: string

  @column()
  declare changeKind: ChangeKind | null

  @column()
  declare changeDescription: string | null

  @column()
  declare changeStatus: 'pending' | 'confirmed' | 'rejected' | null

  @column()
  declare changeCheckedById: number | null

  @column.dateTime()
  declare changeCheckedAt: DateTime | null

  @column.dateTime()
  declare editableUntil: DateTime

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => Service)
  declare service: BelongsTo<typeof Service>

  @hasMany(() => AuthorReply)
  declare replies: HasMany<typeof AuthorReply>

  get isEditable() {
    return this.editableUntil > DateTime.now()
  }

  /** The change badge the public sees: only a confirmed claim. */
  get confirmedChange() {
    return this.changeStatus === 'confirmed' ? this.changeKind : null
  }
}
