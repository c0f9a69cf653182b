import { TenantCommand } from '#tenancy/tenant_command'

/** directory:export --tenant S: the tenant's services as CSV on stdout. */
export default class DirectoryExport extends TenantCommand {
  static commandName = 'directory:export'
  static description = "Write a tenant's services as CSV on stdout, in the import format"

  async runInTenant() {
    /* `… | head` closing the pipe early is not an error. */
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0)
    })
    const { exportDirectory } = await import('#services/directory/directory_export')
    await exportDirectory((line) => process.stdout.write(`${line}\n`))
  }
}
