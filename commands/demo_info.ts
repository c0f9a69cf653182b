import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/** Prints where the running app can be opened and how to sign in. */
export default class DemoInfo extends BaseCommand {
  static commandName = 'demo:info'
  static description = 'Print the URLs of every tenant and the demo logins'
  static options: CommandOptions = { startApp: true }

  async run() {
    const { listTenants } = await import('#services/tenants/manage_tenants')
    const { DEMO_LOGINS, DEMO_PASSWORD } = await import('#services/platform/demo_data')
    const { adminHost } = await import('#config/app')
    const port = process.env.PORT ?? '3333'
    const tenants = await listTenants()

    const lines = ['', 'Carevoice is running. Open:']
    for (const tenant of tenants) {
      const primary = tenant.domains.find((domain) => domain.isPrimary)
      if (primary) lines.push(`  ${tenant.name.padEnd(32)} http://${primary.hostname}:${port}/`)
    }
    lines.push(`  ${'National admin console'.padEnd(32)} http://${adminHost}:${port}/`)
    lines.push(`  ${'Health'.padEnd(32)} http://localhost:${port}/health/ready`)
    lines.push('', 'Demo logins (password for all: ' + DEMO_PASSWORD + '):')
    for (const login of DEMO_LOGINS) {
      const where = login.tenant
        ? `${login.role} on ${login.tenant}.localhost:${port}/staff`
        : `${login.role} on ${adminHost}:${port}`
      lines.push(`  ${login.email.padEnd(38)} ${where}`)
    }
    lines.push('', 'Press Ctrl-C to stop (PostgreSQL stops too; its data is kept).', '')
    this.logger.log(lines.join('\n'))
  }
}
