import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { revokeMembership } from '#services/accounts/manage_memberships'
import { DomainError } from '#exceptions/domain_error'

/** membership:revoke --tenant S --email E --role R */
export default class MembershipRevoke extends BaseCommand {
  static commandName = 'membership:revoke'
  static description = 'Revoke a role from an account in a tenant'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Slug of the tenant', required: true })
  declare tenant: string

  @flags.string({ description: 'Email address of the account', required: true })
  declare email: string

  @flags.string({ description: 'tenant_admin, moderator or responder', required: true })
  declare role: string

  async run() {
    try {
      await revokeMembership({ tenantSlug: this.tenant, email: this.email, role: this.role })
      this.logger.success(`${this.email} is no longer ${this.role} in ${this.tenant}`)
    } catch (error) {
      if (!(error instanceof DomainError)) throw error
      this.logger.error(error.message)
      this.exitCode = 1
    }
  }
}
