import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { compose } from '@adonisjs/core/helpers'
import { TenantScoped } from '#tenancy/tenant_scoped'

export const ALERT_MODES = ['none', 'instant', 'daily'] as const
export const REPORT_SCHEDULES = ['none', 'weekly', 'monthly'] as const
export type AlertMode = (typeof ALERT_MODES)[number]
export type ReportSchedule = (typeof REPORT_SCHEDULES)[number]

/**
 * A member of staff's named staff search (#services/searches/saved_searches):
 * its criteria, and whether it alerts, reports or both. Only its owner
 * reads, changes or runs it.
 */
export default class SavedSearch extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number

  @column()
  declare name: string

  /** The staff search criteria, as staffCriteria made them (plain JSON). */
  @column({ prepare: (value: unknown) => JSON.stringify(value) })
  declare criteria: Record<string, unknown>

  @column()
  declare alertMode: AlertMode

  @column()
  declare reportSchedule: ReportSchedule

  @column.dateTime()
  declare lastAlertedAt: DateTime | null

  @column.dateTime()
  declare lastReportAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
