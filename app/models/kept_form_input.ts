import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { compose } from '@adonisjs/core/helpers'
import { TenantScoped } from '#tenancy/tenant_scoped'

/** A staff form's fields kept across a sign-in (see app/services/accounts/kept_forms.ts). */
export default class KeptFormInput extends compose(BaseModel, TenantScoped) {
  static table = 'kept_form_inputs'

  @column({ isPrimary: true })
  declare id: number

  @column({ serializeAs: null })
  declare tokenHash: string

  @column()
  declare userId: number | null

  @column()
  declare returnPath: string

  @column({ prepare: (value) => JSON.stringify(value) })
  declare fields: Record<string, unknown>

  @column.dateTime()
  declare expiresAt: DateTime

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
