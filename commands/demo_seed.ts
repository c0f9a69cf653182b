import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/** Seeds the demo tenants and logins; used by `npm run dev`. */
export default class DemoSeed extends BaseCommand {
  static commandName = 'demo:seed'
  static description = 'Seed the demo tenants and logins (development only)'
  static options: CommandOptions = { startApp: true }

  @flags.boolean({ description: 'Do nothing when the database already has tenants' })
  declare ifEmpty: boolean

  async run() {
    if (this.app.inProduction) {
      this.logger.error('demo:seed refuses to run in production')
      this.exitCode = 1
      return
    }
    const { demoDataPresent, seedDemoData } = await import('#services/platform/demo_data')
    const { tenancy } = await import('#tenancy/context')
    if (await demoDataPresent()) {
      if (this.ifEmpty) {
        this.logger.info('demo data: the database already has tenants, nothing seeded')
        return
      }
      this.logger.error(
        'The database already has tenants: demo data goes into an empty database only'
      )
      this.exitCode = 1
      return
    }
    await tenancy.acrossTenants('seed demo data', () =>
      seedDemoData((line) => this.logger.info(`demo data: ${line}`))
    )
    this.logger.success('demo data seeded')
  }
}
