import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { wholeNumberInRange } from '#lib/command_input'

/**
 * demo:seed-large --stories N [--services M]: builds (or rebuilds) the
 * persisted tenant `large` on large.localhost with N invented stories over
 * M services, for `npm run bench` (#services/platform/large_tenant).
 * Runs as the owner role (bin/console.ts): it replaces a whole tenant and
 * refreshes planner statistics.
 */
export default class DemoSeedLarge extends BaseCommand {
  static commandName = 'demo:seed-large'
  static description = 'Build (or rebuild) the large tenant on large.localhost with N stories'
  static options: CommandOptions = { startApp: true }

  @flags.number({ description: 'How many stories to build', required: true })
  declare stories: number

  @flags.number({ description: 'How many services (boards, hospitals, wards)', default: 10_000 })
  declare services: number

  async run() {
    if (this.app.inProduction) {
      this.logger.error('demo:seed-large refuses to run in production')
      this.exitCode = 1
      return
    }
    const stories = wholeNumberInRange('stories', this.stories, 1, 5_000_000)
    const services = wholeNumberInRange('services', this.services, 2, 100_000)
    if (!stories.ok || !services.ok) {
      this.logger.error(!stories.ok ? stories.message : (services as { message: string }).message)
      this.exitCode = 1
      return
    }
    const { seedLargeTenant, LARGE_TENANT } = await import('#services/platform/large_tenant')
    await seedLargeTenant({
      stories: stories.value,
      services: services.value,
      log: (line) => this.logger.info(line),
    })
    this.logger.success(`tenant ${LARGE_TENANT.slug} on ${LARGE_TENANT.domain}`)
  }
}
