import { readFile } from 'node:fs/promises'
import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/** directory:import FILE.csv [--tenant S]: all or nothing, every bad line reported. */
export default class DirectoryImport extends BaseCommand {
  static commandName = 'directory:import'
  static description =
    "Import services and areas from CSV (the tenant column names each row's tenant)"
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Path of the CSV file' })
  declare file: string

  @flags.string({ description: 'Import only the rows of this tenant' })
  declare tenant?: string

  async run() {
    const { importDirectory } = await import('#services/directory/directory_import')
    let text: string
    try {
      text = await readFile(this.file, 'utf8')
    } catch (error) {
      this.logger.error(
        `Cannot read ${this.file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`
      )
      this.exitCode = 1
      return
    }
    const report = await importDirectory(text, {
      onlyTenant: this.tenant,
      onProgress: (done, total) => {
        if (total >= 1000) this.logger.info(`${done} of ${total} rows written`)
      },
    })
    if (report.problems.length) {
      const lines = report.problems.map((problem) =>
        problem.line ? `line ${problem.line}: ${problem.message}` : problem.message
      )
      this.logger.error(
        `Nothing imported: ${report.problems.length} bad line(s). ${lines.join('; ')}`
      )
      this.exitCode = 1
      return
    }
    for (const result of report.results) {
      this.logger.log(`line ${result.line}: ${result.tenant}/${result.ref} ${result.action}`)
    }
    const count = (action: string) =>
      report.results.filter((result) => result.action === action).length
    this.logger.success(
      `${report.results.length} rows: ${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged`
    )
  }
}
