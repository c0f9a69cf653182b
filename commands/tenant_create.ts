import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions, ParsedOutput } from '@adonisjs/core/types/ace'
import { createTenant } from '#services/tenants/manage_tenants'
import { DomainError } from '#exceptions/domain_error'

/** tenant:create --slug S --name N --domain HOST [--locale L] */
export default class TenantCreate extends BaseCommand {
  static commandName = 'tenant:create'
  static description = 'Create a tenant with its primary domain'
  static options: CommandOptions = { startApp: true }

  /**
   * Ace validates the input after running the --help listener, so without
   * this --help would print the help and then fail on the missing input.
   */
  static validate(parsed: ParsedOutput) {
    if (parsed.flags.help) return
    super.validate(parsed)
  }

  @flags.string({
    description: 'Short name used in URLs, e.g. fife',
    required: true,
    allowEmptyValue: true,
  })
  declare slug: string

  @flags.string({
    description: 'Display name of the tenant',
    required: true,
    allowEmptyValue: true,
  })
  declare name: string

  @flags.string({
    description: 'Primary host name, e.g. fife.example.org',
    required: true,
    allowEmptyValue: true,
  })
  declare domain: string

  @flags.string({ description: 'Default language (defaults to en-GB)' })
  declare locale?: string

  async run() {
    try {
      const tenant = await createTenant({
        slug: this.slug,
        name: this.name,
        domain: this.domain,
        ...(this.locale !== undefined && { locale: this.locale }),
      })
      this.logger.success(`Created tenant ${tenant.slug} on ${this.domain.trim().toLowerCase()}`)
    } catch (error) {
      if (!(error instanceof DomainError)) throw error
      this.logger.error(error.message)
      this.exitCode = 1
    }
  }
}
