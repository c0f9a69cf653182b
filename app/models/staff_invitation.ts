import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { compose } from '@adonisjs/core/helpers'
import { TenantScoped } from '#tenancy/tenant_scoped'
import type { Role } from '#models/membership'

/** An invitation to join a tenant's staff; only a hash of its token is kept. */
export default class StaffInvitation extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare email: string

  @column()
  declare role: Role

  @column()
  declare serviceIds: number[]

  @column({ serializeAs: null })
  declare tokenHash: string

  @column.dateTime()
  declare expiresAt: DateTime

  @column.dateTime()
  declare acceptedAt: DateTime | null

  @column()
  declare invitedById: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  get isUsable() {
    return this.acceptedAt === null && this.expiresAt > DateTime.now()
  }
}
