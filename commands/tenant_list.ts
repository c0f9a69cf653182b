import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { listTenants } from '#services/tenants/manage_tenants'

/** tenant:list [--json] */
export default class TenantList extends BaseCommand {
  static commandName = 'tenant:list'
  static description = 'List tenants with their domains and status'
  static options: CommandOptions = { startApp: true }

  @flags.boolean({ description: 'Print a JSON array instead of a table' })
  declare json?: boolean

  async run() {
    const tenants = await listTenants()

    if (this.json) {
      const rows = tenants.map((tenant) => ({
        slug: tenant.slug,
        name: tenant.name,
        status: tenant.status,
        defaultLocale: tenant.defaultLocale,
        enabledLocales: tenant.enabledLocales,
        domains: tenant.domains.map((domain) => ({
          hostname: domain.hostname,
          isPrimary: domain.isPrimary,
        })),
      }))
      this.logger.log(JSON.stringify(rows, null, 2))
      return
    }

    if (tenants.length === 0) {
      this.logger.info('No tenants yet: create one with tenant:create')
      return
    }
    const table = this.ui.table().head(['Slug', 'Name', 'Status', 'Domains'])
    for (const tenant of tenants) {
      const domains = tenant.domains
        .map((domain) => (domain.isPrimary ? `${domain.hostname} (primary)` : domain.hostname))
        .join(', ')
      table.row([tenant.slug, tenant.name, tenant.status, domains])
    }
    table.render()
  }
}
