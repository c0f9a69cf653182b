import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column, hasMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany } from '@adonisjs/lucid/types/relations'
import { compose } from '@adonisjs/core/helpers'
import { TenantScoped } from '#tenancy/tenant_scoped'
import Service from '#models/service'

/** A place the public browses by: a region or a locality within it. */
export default class Area extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare parentId: number | null

  @column()
  declare name: string

  @column()
  declare slug: string

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => Area, { foreignKey: 'parentId' })
  declare parent: BelongsTo<typeof Area>

  @hasMany(() => Area, { foreignKey: 'parentId' })
  declare children: HasMany<typeof Area>

  @hasMany(() => Service)
  declare services: HasMany<typeof Service>
}
