import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { textFromStdin } from '#lib/stdin_text'
import { exportTenant } from '#services/tenants/transfer/export_tenant'
import { TransferError } from '#services/tenants/transfer/errors'

/**
 * tenant:export S --out FILE
 * Writes one archive of everything of tenant S. Secrets are sealed with a
 * passphrase read from standard input (give the same one to tenant:import).
 */
export default class TenantExport extends BaseCommand {
  static commandName = 'tenant:export'
  static description =
    'Write one archive of everything of a tenant (passphrase for its secrets on stdin)'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Slug of the tenant' })
  declare slug: string

  @flags.string({ description: 'The archive file to write', required: true })
  declare out: string

  /** The passphrase; tests give it directly. */
  protected passphrase(): Promise<string | undefined> {
    return textFromStdin()
  }

  async run() {
    try {
      if (!this.out) throw new TransferError('--out FILE is required')
      const { manifest } = await exportTenant(this.slug, this.out, await this.passphrase())
      const total = Object.values(manifest.tables).reduce((sum, entry) => sum + entry.count, 0)
      this.logger.success(
        `Exported ${manifest.tenant.slug} to ${this.out}: ${total} rows in ${Object.keys(manifest.tables).length} tables (archive ${manifest.archiveId})`
      )
      for (const [table, entry] of Object.entries(manifest.tables)) {
        this.logger.log(`${table}: ${entry.count}`)
      }
    } catch (error) {
      if (!(error instanceof TransferError)) throw error
      this.logger.error(error.message)
      this.exitCode = 1
    }
  }
}
