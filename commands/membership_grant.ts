import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { grantMembership } from '#services/accounts/manage_memberships'
import { DomainError } from '#exceptions/domain_error'

/** membership:grant --tenant S --email E --role R [--service REF …] */
export default class MembershipGrant extends BaseCommand {
  static commandName = 'membership:grant'
  static description = 'Grant tenant_admin, moderator or responder (with --service REF) in a tenant'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Slug of the tenant', required: true })
  declare tenant: string

  @flags.string({ description: 'Email address of the account', required: true })
  declare email: string

  @flags.string({ description: 'tenant_admin, moderator or responder', required: true })
  declare role: string

  @flags.array({ description: 'Ref of a service a responder covers (repeatable)' })
  declare service?: string[]

  async run() {
    try {
      await grantMembership({
        tenantSlug: this.tenant,
        email: this.email,
        role: this.role,
        serviceRefs: this.service ?? [],
      })
      this.logger.success(`${this.email} is now ${this.role} in ${this.tenant}`)
    } catch (error) {
      if (!(error instanceof DomainError)) throw error
      this.logger.error(error.message)
      this.exitCode = 1
    }
  }
}
