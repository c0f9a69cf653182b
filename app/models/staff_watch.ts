import { BaseModel, column } from '@adonisjs/lucid/orm'
import { compose } from '@adonisjs/core/helpers'
import { TenantScoped } from '#tenancy/tenant_scoped'

/** A service a member of staff follows for alerts besides those they respond for. */
export default class StaffWatch extends compose(BaseModel, TenantScoped) {
  static table = 'staff_watches'

  @column({ isPrimary: true })
  declare userId: number

  @column()
  declare serviceId: number
}
