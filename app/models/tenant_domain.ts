import { DateTime } from 'luxon'
import { BaseModel, column, belongsTo, afterSave, afterDelete } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import { compose } from '@adonisjs/core/helpers'
import Tenant from '#models/tenant'
import { TenantScoped } from '#tenancy/tenant_scoped'
import { hostCache } from '#tenancy/host_cache'

/** A host name a tenant answers on. */
export default class TenantDomain extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare hostname: string

  @column()
  declare isPrimary: boolean

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => Tenant)
  declare tenant: BelongsTo<typeof Tenant>

  @afterSave()
  @afterDelete()
  static forgetCachedHosts() {
    hostCache.clear()
  }
}
