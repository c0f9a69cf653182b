import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions, ParsedOutput } from '@adonisjs/core/types/ace'
import { addDomain } from '#services/tenants/manage_tenants'
import { DomainError } from '#exceptions/domain_error'

/** tenant:domain:add S HOST [--primary] */
export default class TenantDomainAdd extends BaseCommand {
  static commandName = 'tenant:domain:add'
  static description = 'Add a host name to a tenant'
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

  @args.string({ description: 'Host name, e.g. www.fife.example.org' })
  declare hostname: string

  @flags.boolean({ description: 'Make it the primary domain' })
  declare primary?: boolean

  async run() {
    try {
      const domain = await addDomain(
        this.slug,
        { hostname: this.hostname },
        { primary: this.primary === true }
      )
      const role = domain.isPrimary ? 'primary domain' : 'domain'
      this.logger.success(`Added ${domain.hostname} as a ${role} of ${this.slug.toLowerCase()}`)
    } catch (error) {
      if (!(error instanceof DomainError)) throw error
      this.logger.error(error.message)
      this.exitCode = 1
    }
  }
}
