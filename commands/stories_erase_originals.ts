import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * stories:erase-originals [--tenant S]: erases the original text and the
 * author's address of stories withdrawn or rejected longer ago than each
 * tenant's retention period, and of stories never confirmed whose
 * confirmation link has expired. Every tenant unless --tenant is given. The job
 * worker runs it daily; it is safe to run by hand at any time.
 */
export default class StoriesEraseOriginals extends BaseCommand {
  static commandName = 'stories:erase-originals'
  static description =
    'Erase the original text of withdrawn and rejected stories past their tenant’s retention period, and of never-confirmed ones'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Only this tenant (slug)' })
  declare tenant?: string

  async run() {
    const { default: Tenant } = await import('#models/tenant')
    const { eraseExpiredOriginals } = await import('#services/stories/story_retention')
    const { tenancy } = await import('#tenancy/context')
    const slug = this.tenant?.trim().toLowerCase()
    const tenants = await tenancy.acrossTenants('erasure runs over every tenant', async () =>
      slug ? await Tenant.query().where('slug', slug) : await Tenant.query().orderBy('slug')
    )
    if (slug && !tenants.length) {
      this.logger.error(`No tenant has the slug "${this.tenant}"`)
      this.exitCode = 1
      return
    }
    let total = 0
    for (const tenant of tenants) {
      const erased = await eraseExpiredOriginals(tenant, {
        progress: (count) => this.logger.info(`${tenant.slug}: ${count} erased so far…`),
      })
      this.logger.success(
        `${tenant.slug}: erased ${erased} ${erased === 1 ? 'story' : 'stories'} (retention ${tenant.retentionDays} days)`
      )
      total += erased
    }
    this.logger.info(`done: ${total} erased`)
  }
}
