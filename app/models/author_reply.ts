import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { compose } from '@adonisjs/core/helpers'
import { TenantScoped } from '#tenancy/tenant_scoped'

/** An author's reply's statuses: the one definition. */
export const REPLY_STATUS = {
  awaitingModeration: 'awaiting_moderation',
  published: 'published',
  rejected: 'rejected',
} as const
export type ReplyStatus = (typeof REPLY_STATUS)[keyof typeof REPLY_STATUS]

/** The story author's reply to a response; moderated before the public sees it. */
export default class AuthorReply extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare storyId: number

  @column()
  declare responseId: number

  @column({ serializeAs: null })
  declare originalBody: string

  @column()
  declare publicBody: string | null

  @column()
  declare status: ReplyStatus

  @column()
  declare moderatedById: number | null

  @column.dateTime()
  declare moderatedAt: DateTime | null

  @column()
  declare reason: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
