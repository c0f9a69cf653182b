import { BaseCommand, args } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { setTenantStatus } from '#services/tenants/manage_tenants'
import { DomainError } from '#exceptions/domain_error'

/** tenant:suspend S */
export default class TenantSuspend extends BaseCommand {
  static commandName = 'tenant:suspend'
  static description = 'Suspend a tenant: its site shows the suspension notice'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Slug of the tenant' })
  declare slug: string

  async run() {
    try {
      const tenant = await setTenantStatus(this.slug, 'suspended')
      this.logger.success(`Suspended tenant ${tenant.slug}`)
    } catch (error) {
      if (!(error instanceof DomainError)) throw error
      this.logger.error(error.message)
      this.exitCode = 1
    }
  }
}
