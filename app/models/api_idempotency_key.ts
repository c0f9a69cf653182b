import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { compose } from '@adonisjs/core/helpers'
import { TenantScoped } from '#tenancy/tenant_scoped'

/** The first answer given to an API key's `Idempotency-Key` (#services/api/idempotency). */
export default class ApiIdempotencyKey extends compose(BaseModel, TenantScoped) {
  static table = 'api_idempotency_keys'

  @column({ isPrimary: true })
  declare apiKeyId: number

  @column()
  declare idempotencyKey: string

  @column()
  declare requestHash: string

  @column()
  declare storyId: number | null

  @column()
  declare status: number

  @column()
  declare answer: Record<string, unknown>

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
