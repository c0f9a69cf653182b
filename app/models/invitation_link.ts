import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import { compose } from '@adonisjs/core/helpers'
import { TenantScoped } from '#tenancy/tenant_scoped'
import Service from '#models/service'

/** A tenant admin's link that starts telling a story about one service, with a campaign tag. */
export default class InvitationLink extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare code: string

  @column()
  declare serviceId: number

  @column()
  declare campaign: string

  @column.date()
  declare closesOn: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @belongsTo(() => Service)
  declare service: BelongsTo<typeof Service>

  /** Open on the day it closes; closed from the next day, in the tenant's time zone. */
  isOpen(today: DateTime) {
    return !this.closesOn || today.startOf('day') <= this.closesOn.startOf('day')
  }
}
