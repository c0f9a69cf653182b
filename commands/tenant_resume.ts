import { BaseCommand, args } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { setTenantStatus } from '#services/tenants/manage_tenants'
import { DomainError } from '#exceptions/domain_error'

/** tenant:resume S */
export default class TenantResume extends BaseCommand {
  static commandName = 'tenant:resume'
  static description = 'Resume a suspended tenant'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Slug of the tenant' })
  declare slug: string

  async run() {
    try {
      const tenant = await setTenantStatus(this.slug, 'active')
      this.logger.success(`Resumed tenant ${tenant.slug}`)
    } catch (error) {
      if (!(error instanceof DomainError)) throw error
      this.logger.error(error.message)
      this.exitCode = 1
    }
  }
}
