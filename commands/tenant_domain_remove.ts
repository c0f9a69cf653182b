import { BaseCommand, args } from '@adonisjs/core/ace'
import type { CommandOptions, ParsedOutput } from '@adonisjs/core/types/ace'
import { removeDomain } from '#services/tenants/manage_tenants'
import { DomainError } from '#exceptions/domain_error'

/** tenant:domain:remove S HOST */
export default class TenantDomainRemove extends BaseCommand {
  static commandName = 'tenant:domain:remove'
  static description = 'Remove a host name from a tenant (not its primary domain)'
  static options: CommandOptions = { startApp: true }

  /**
   * Ace validates the input after running the --help listener, so without
   * this --help would print the help and then fail on the missing input.
   */
  static validate(parsed: ParsedOutput) {
    if (parsed.flags.help) return
    super.validate(parsed)
  }

  @args.string({ description: 'Slug of the tenant' })
  declare slug: string

  @args.string({ description: 'Host name to remove' })
  declare hostname: string

  async run() {
    try {
      await removeDomain(this.slug, this.hostname)
      this.logger.success(`Removed ${this.hostname.toLowerCase()} from ${this.slug.toLowerCase()}`)
    } catch (error) {
      if (!(error instanceof DomainError)) throw error
      this.logger.error(error.message)
      this.exitCode = 1
    }
  }
}
