import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/** A national-admin action on the platform. Append-only like AuditEvent. */
export default class PlatformAuditEvent extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare tenantSlug: string | null

  @column()
  declare actorId: number | null

  @column()
  declare actorEmail: string | null

  @column()
  declare action: string

  @column()
  declare subjectType: string | null

  @column()
  declare subjectId: string | null

  @column({ prepare: (value: unknown) => JSON.stringify(value ?? {}) })
  declare details: Record<string, unknown>

  @column()
  declare ip: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
