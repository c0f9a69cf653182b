import { BaseCommand, args } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { textFromStdin } from '#lib/stdin_text'
import { importTenant } from '#services/tenants/transfer/import_tenant'
import { TransferError } from '#services/tenants/transfer/errors'

/**
 * tenant:import FILE
 * Imports a tenant archive into this deployment, all or nothing (the
 * passphrase it was made with on stdin). Prints the rows imported per
 * table, which equal the archive's manifest.
 */
export default class TenantImport extends BaseCommand {
  static commandName = 'tenant:import'
  static description = 'Import a tenant archive into this deployment (passphrase on stdin)'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'The archive file (from tenant:export)' })
  declare file: string

  /** The passphrase; tests give it directly. */
  protected passphrase(): Promise<string | undefined> {
    return textFromStdin()
  }

  async run() {
    try {
      const result = await importTenant(this.file, await this.passphrase())
      const verb = result.alreadyImported ? 'Already imported' : 'Imported'
      this.logger.success(
        `${verb} ${result.tenant.slug} from ${result.manifest.source.deployment} (archive ${result.manifest.archiveId})`
      )
      for (const [table, count] of Object.entries(result.counts)) {
        this.logger.log(`${table}: ${count}`)
      }
    } catch (error) {
      if (!(error instanceof TransferError)) throw error
      this.logger.error(error.message)
      this.exitCode = 1
    }
  }
}
