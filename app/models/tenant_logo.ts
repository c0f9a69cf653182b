import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { compose } from '@adonisjs/core/helpers'
import { TenantScoped } from '#tenancy/tenant_scoped'

/** The tenant's uploaded logo (see #services/tenant_logo). One per tenant. */
export default class TenantLogo extends compose(BaseModel, TenantScoped) {
  static table = 'tenant_logos'

  @column({ isPrimary: true })
  declare contentHash: string

  @column()
  declare contentType: 'image/png' | 'image/jpeg' | 'image/svg+xml'

  @column()
  declare bytes: Buffer

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
