import { BaseModel, column } from '@adonisjs/lucid/orm'
import { compose } from '@adonisjs/core/helpers'
import { TenantScoped } from '#tenancy/tenant_scoped'

/** How one member of staff wants alerts in this tenant (no row: immediate, any criticality). */
export default class AlertSetting extends compose(BaseModel, TenantScoped) {
  static table = 'alert_settings'

  @column({ isPrimary: true })
  declare userId: number

  @column()
  declare mode: 'immediate' | 'daily' | 'none'

  @column()
  declare minCriticality: number
}
