import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column, hasMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany } from '@adonisjs/lucid/types/relations'
import { compose } from '@adonisjs/core/helpers'
import { TenantScoped } from '#tenancy/tenant_scoped'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import Area from '#models/area'

/**
 * What a service of the directory can be: open (stories can be told about
 * it), closed (kept with its history, no new stories) or merged into
 * another (its page points there). The one definition; code names them.
 */
export const SERVICE_STATUS = {
  open: 'open',
  closed: 'closed',
  merged: 'merged',
} as const

export type ServiceStatus = (typeof SERVICE_STATUS)[keyof typeof SERVICE_STATUS]

/**
 * A node of the tenant's service directory. `path` holds the ids from the
 * root down ("12.57.301."), so a subtree is one indexed prefix match.
 */
export default class Service extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare ref: string

  @column()
  declare slug: string

  @column()
  declare name: string

  @column()
  declare kind: string

  @column()
  declare parentId: number | null

  @column()
  declare areaId: number

  @column({ serializeAs: null })
  declare path: string

  @column()
  declare depth: number

  @column()
  declare externalCode: string | null

  @column()
  declare address: string | null

  @column()
  declare postcode: string | null

  @column()
  declare phone: string | null

  @column()
  declare website: string | null

  @column()
  declare description: string | null

  @column()
  declare status: ServiceStatus

  @column()
  declare mergedIntoId: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => Service, { foreignKey: 'parentId' })
  declare parent: BelongsTo<typeof Service>

  @hasMany(() => Service, { foreignKey: 'parentId' })
  declare children: HasMany<typeof Service>

  @belongsTo(() => Area)
  declare area: BelongsTo<typeof Area>

  /** Ids of this service and every service above it. */
  get isOpen() {
    return this.status === SERVICE_STATUS.open
  }

  get isClosed() {
    return this.status === SERVICE_STATUS.closed
  }

  get isMerged() {
    return this.status === SERVICE_STATUS.merged
  }

  get ancestry(): number[] {
    return this.path.split('.').filter(Boolean).map(Number)
  }

  /** Staff name a service by its ref or its slug: the one lookup for both. */
  static byRef(ref: string, options?: { client?: QueryClientContract }) {
    return this.query(options).where((query) => query.where('ref', ref).orWhere('slug', ref))
  }
}
