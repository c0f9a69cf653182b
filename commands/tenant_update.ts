import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { updateTenant } from '#services/tenants/manage_tenants'
import { DomainError } from '#exceptions/domain_error'

/** An empty value ("--contact-email=") clears a setting that may be empty. */
const orNull = (value: string | undefined) => (value === undefined || value === '' ? null : value)

/**
 * tenant:update S [--name N] [--locale L] [--time-zone TZ] [--contact-email E]
 *   [--enabled-locales a,b] [--suspension-notice TEXT] [--tagline T]
 *   [--brand-colour #rrggbb] [--accent-colour #rrggbb] [--logo-url URL]
 */
export default class TenantUpdate extends BaseCommand {
  static commandName = 'tenant:update'
  static description = "Change a tenant's settings"
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Slug of the tenant' })
  declare slug: string

  @flags.string({ description: 'Display name', allowEmptyValue: true })
  declare name?: string

  @flags.string({ description: 'Default language, e.g. en-GB or cy' })
  declare locale?: string

  @flags.string({ description: 'Time zone, e.g. Europe/London' })
  declare timeZone?: string

  @flags.string({ description: 'Contact email (empty to clear)', allowEmptyValue: true })
  declare contactEmail?: string

  @flags.array({
    description: 'Enabled languages, comma separated, e.g. en-GB,cy',
    parse: (values: string[]) =>
      values
        .flatMap((value) => String(value).split(','))
        .map((value) => value.trim())
        .filter((value) => value !== ''),
  })
  declare enabledLocales?: string[]

  @flags.string({
    description: 'Notice shown while suspended (empty to clear)',
    allowEmptyValue: true,
  })
  declare suspensionNotice?: string

  @flags.string({
    description: 'Tagline under the site name (empty to clear)',
    allowEmptyValue: true,
  })
  declare tagline?: string

  @flags.string({ description: 'Brand colour, #rrggbb (white text must be readable on it)' })
  declare brandColour?: string

  @flags.string({ description: 'Accent colour, #rrggbb' })
  declare accentColour?: string

  @flags.string({
    description: 'Logo URL, https:// or site-relative (empty to clear)',
    allowEmptyValue: true,
  })
  declare logoUrl?: string

  /** The changes the operator asked for, with only the keys they gave. */
  #changes() {
    const changes: Record<string, unknown> = {}
    if (this.name !== undefined) changes.name = this.name
    if (this.locale !== undefined) changes.defaultLocale = this.locale
    if (this.timeZone !== undefined) changes.timeZone = this.timeZone
    if (this.contactEmail !== undefined) changes.contactEmail = orNull(this.contactEmail)
    if (this.enabledLocales !== undefined) changes.enabledLocales = this.enabledLocales
    if (this.suspensionNotice !== undefined) {
      changes.suspensionNotice = orNull(this.suspensionNotice)
    }

    const theme: Record<string, unknown> = {}
    if (this.tagline !== undefined) theme.tagline = orNull(this.tagline)
    if (this.logoUrl !== undefined) theme.logoUrl = orNull(this.logoUrl)
    const colours: Record<string, string> = {}
    if (this.brandColour !== undefined) colours.brand = this.brandColour
    if (this.accentColour !== undefined) colours.accent = this.accentColour
    if (Object.keys(colours).length > 0) theme.colours = colours
    if (Object.keys(theme).length > 0) changes.theme = theme

    return changes
  }

  async run() {
    const changes = this.#changes()
    const given = Object.keys(changes)
    if (given.length === 0) {
      this.logger.error(
        `Nothing to change for "${this.slug}": give at least one option, e.g. --name (see --help)`
      )
      this.exitCode = 1
      return
    }
    try {
      const tenant = await updateTenant(this.slug, changes)
      this.logger.success(`Updated tenant ${tenant.slug} (${given.join(', ')})`)
    } catch (error) {
      if (!(error instanceof DomainError)) throw error
      this.logger.error(error.message)
      this.exitCode = 1
    }
  }
}
