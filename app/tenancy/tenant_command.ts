/**
 * Base for ace commands that work inside one tenant: `--tenant <slug>`
 * picks it, and `runInTenant()` runs with that tenant as the current one,
 * so every scoped model is restricted to it. An unknown slug fails with one
 * clear line and exit code 1.
 */
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import Tenant from '#models/tenant'
import { tenancy } from '#tenancy/context'

export abstract class TenantCommand extends BaseCommand {
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Slug of the tenant to work in', required: true })
  declare tenant: string

  protected currentTenant!: Tenant

  abstract runInTenant(): Promise<void>

  async run() {
    const slug = String(this.tenant ?? '')
      .trim()
      .toLowerCase()
    const tenant = await Tenant.findBy('slug', slug)
    if (!tenant) {
      this.logger.error(`No tenant has the slug "${this.tenant}"`)
      this.exitCode = 1
      return
    }
    this.currentTenant = tenant
    await tenancy.run(tenant, () => this.runInTenant())
  }
}
