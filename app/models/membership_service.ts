import { BaseModel, column } from '@adonisjs/lucid/orm'
import { compose } from '@adonisjs/core/helpers'
import { TenantScoped } from '#tenancy/tenant_scoped'

/** A service a responder's membership covers (with everything below it). */
export default class MembershipService extends compose(BaseModel, TenantScoped) {
  static table = 'membership_services'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare membershipId: number

  @column()
  declare serviceId: number
}
