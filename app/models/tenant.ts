import { DateTime } from 'luxon'
import { BaseModel, column, hasMany, afterSave, afterDelete } from '@adonisjs/lucid/orm'
import type { HasMany } from '@adonisjs/lucid/types/relations'
import TenantDomain from '#models/tenant_domain'
import { hostCache } from '#tenancy/host_cache'

export type FooterLink = { label: string; url: string }

export type TenantTheme = {
  logoUrl?: string | null
  tagline?: string | null
  colours?: { brand?: string; accent?: string; link?: string }
  footerLinks?: FooterLink[]
  /** Shown under the service search box ("for example …"). */
  searchExamples?: string[]
  /** The tenant's own examples in search hints (a service name and code, search words). */
  examples?: { serviceName?: string; serviceCode?: string; search?: string }
}

/** A regional tenant. Platform-level: not itself tenant-scoped. */
export default class Tenant extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare slug: string

  @column()
  declare name: string

  @column()
  declare status: 'active' | 'suspended'

  @column()
  declare defaultLocale: string

  @column()
  declare enabledLocales: string[]

  @column()
  declare timeZone: string

  @column()
  declare contactEmail: string | null

  /** Where safeguarding concerns go; the contact address when unset. */
  @column()
  declare safeguardingEmail: string | null

  /** The address an escalated story is sent to, if any. */
  get safeguardingContact() {
    return this.safeguardingEmail ?? this.contactEmail ?? null
  }

  @column({
    prepare: (value: TenantTheme) => JSON.stringify(value ?? {}),
  })
  declare theme: TenantTheme

  @column()
  declare suspensionNotice: string | null

  @column()
  declare requireTwoFactor: boolean

  /** The kinds of service this tenant's directory may hold. */
  @column()
  declare serviceKinds: string[]

  /**
   * The kinds of service that are private providers (GP practices, care
   * homes …): a story about one waits for its provider's review after
   * approval (#services/moderation/provider_review).
   */
  @column()
  declare privateProviderKinds: string[]

  /** How long a private provider's review window lasts. */
  @column()
  declare providerReviewHours: number

  /** Working hours ('HH:MM', Monday to Friday, the tenant's time zone), when set. */
  @column()
  declare workingDayStarts: string | null

  @column()
  declare workingDayEnds: string | null

  /** Days the original text of withdrawn and rejected stories is kept before erasure. */
  @column()
  declare retentionDays: number

  /** Days IP addresses and actor emails stay in the audit log (#services/audit_retention). */
  @column()
  declare auditPersonalDays: number

  /** Set by tenant:retire: this tenant now lives on the deployment at this URL. */
  @column()
  declare movedToUrl: string | null

  /** The archive this tenant was imported from (tenant:import), if any. */
  @column()
  declare importedArchiveId: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @hasMany(() => TenantDomain)
  declare domains: HasMany<typeof TenantDomain>

  get isSuspended() {
    return this.status === 'suspended'
  }

  @afterSave()
  @afterDelete()
  static forgetCachedHosts() {
    hostCache.clear()
  }
}
