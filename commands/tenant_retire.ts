import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { retireTenant } from '#services/tenants/transfer/retire_tenant'
import { TransferError } from '#services/tenants/transfer/errors'

/**
 * tenant:retire S --moved-to URL
 * After S was imported elsewhere: suspends it here and answers its URLs
 * with 301 to the same path under URL.
 */
export default class TenantRetire extends BaseCommand {
  static commandName = 'tenant:retire'
  static description =
    'Suspend a moved tenant here and redirect its URLs (301) to its new deployment'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Slug of the tenant' })
  declare slug: string

  @flags.string({ description: "The new deployment's URL for this tenant", required: true })
  declare movedTo: string

  async run() {
    try {
      const tenant = await retireTenant(this.slug, this.movedTo)
      this.logger.success(`Retired ${tenant.slug}: its URLs now answer 301 to ${tenant.movedToUrl}`)
    } catch (error) {
      if (!(error instanceof TransferError)) throw error
      this.logger.error(error.message)
      this.exitCode = 1
    }
  }
}
