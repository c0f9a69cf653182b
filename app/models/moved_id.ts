import { BaseModel, column } from '@adonisjs/lucid/orm'
import { compose } from '@adonisjs/core/helpers'
import { TenantScoped } from '#tenancy/tenant_scoped'

/**
 * A row's id on the deployment a tenant moved from, and its id here
 * (written by tenant:import; see #services/tenant_transfer/moved_ids).
 */
export default class MovedId extends compose(BaseModel, TenantScoped) {
  static table = 'moved_ids'

  @column({ isPrimary: true })
  declare kind: string

  @column({ isPrimary: true })
  declare oldId: number

  @column()
  declare newId: number
}
