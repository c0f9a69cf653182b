import { createWriteStream } from 'node:fs'
import type { Writable } from 'node:stream'
import { finished } from 'node:stream/promises'
import { flags } from '@adonisjs/core/ace'
import { DateTime } from 'luxon'
import { TenantCommand } from '#tenancy/tenant_command'

const FORMATS = ['csv', 'xlsx'] as const

/**
 * stories:export --tenant S [--service REF] [--since DATE] [--format csv|xlsx] [--out FILE]:
 * the tenant's published stories with their responses, streamed (CSV on
 * stdout by default), with a progress line on stderr. Reads only.
 */
export default class StoriesExport extends TenantCommand {
  static commandName = 'stories:export'
  static description =
    "Stream a tenant's published stories with their responses as CSV or XLSX (stdout or --out)"

  @flags.string({ description: 'Only stories about this service (ref or slug) and those below it' })
  declare service?: string

  @flags.string({ description: 'Only stories published on or after this day (YYYY-MM-DD)' })
  declare since?: string

  @flags.string({ description: 'csv (default) or xlsx' })
  declare format?: string

  @flags.string({ description: 'Write to this file instead of standard output' })
  declare out?: string

  async runInTenant() {
    const { StaffRights } = await import('#services/accounts/staff_rights')
    const { findServiceByReference } = await import('#services/directory/service_lookup')
    const { prepareStaffSearch, staffCriteria } = await import('#services/searches/staff_search')
    const { writeCsv, writeXlsx } = await import('#services/searches/story_export')
    const { siteOfTenant } = await import('#tenancy/site')

    const format = (this.format ?? 'csv').trim().toLowerCase()
    if (!(FORMATS as readonly string[]).includes(format))
      return this.refuse(`--format must be csv or xlsx (got "${this.format}")`)
    const since = this.since?.trim()
    if (
      since !== undefined &&
      (!/^\d{4}-\d{2}-\d{2}$/.test(since) || !DateTime.fromISO(since, { zone: 'utc' }).isValid)
    )
      return this.refuse(`--since must be a date like 2026-01-31 (got "${this.since}")`)
    let serviceSlug: string | undefined
    if (this.service !== undefined) {
      const service = await findServiceByReference(this.service)
      if (!service)
        return this.refuse(
          `No service "${this.service}" in the tenant "${this.currentTenant.slug}"`
        )
      serviceSlug = service.slug
    }

    /* The operator reads as a tenant admin does: every published story of the tenant. */
    const searcher = { userId: 0, rights: new StaffRights(false, new Set(['tenant_admin']), []) }
    const prepared = await prepareStaffSearch(
      searcher,
      staffCriteria({ service: serviceSlug, from: since })
    )
    const out: Writable = this.out ? createWriteStream(this.out) : process.stdout
    if (!this.out)
      process.stdout.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EPIPE') process.exit(0)
      })
    const progress = (written: number) => {
      const end = process.stderr.isTTY ? '\r' : '\n'
      process.stderr.write(
        `stories:export: ${written.toLocaleString('en-GB')} stories written${end}`
      )
    }
    const site = await siteOfTenant(this.currentTenant)
    const write = format === 'csv' ? writeCsv : writeXlsx
    const total = await write(prepared, site, out, { onProgress: progress })
    if (this.out) await finished(out)
    process.stderr.write(
      `stories:export: done, ${total.toLocaleString('en-GB')} stories${this.out ? ` in ${this.out}` : ''}\n`
    )
  }

  private refuse(message: string) {
    this.logger.error(message)
    this.exitCode = 1
  }
}
