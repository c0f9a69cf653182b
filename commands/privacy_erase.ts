import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * privacy:erase --email E --reason R [--tenant S] [--withdraw]: the national
 * admin's erasure of everything held for an address, in every tenant (or
 * one), by the same path as a tenant admin's (#services/erasure). The
 * national audit log records it with the reason and counts, never the
 * address.
 */
export default class PrivacyErase extends BaseCommand {
  static commandName = 'privacy:erase'
  static description =
    'Erase everything held for an email address (stories, subscriptions, limiter counters, mail) in every tenant or one'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'The email address to erase', required: true })
  declare email: string

  @flags.string({ description: 'Why (recorded; do not quote the personal data)', required: true })
  declare reason: string

  @flags.string({ description: 'Only this tenant (slug)' })
  declare tenant?: string

  @flags.boolean({ description: 'Also take published stories down' })
  declare withdraw?: boolean

  async run() {
    const { default: Tenant } = await import('#models/tenant')
    const { eraseByEmail, ErasureError } = await import('#services/erasure')
    const { auditPlatform } = await import('#services/audit')
    const { tenancy } = await import('#tenancy/context')
    const reason = this.reason.trim()
    if (reason.length < 3) {
      this.logger.error('Give a reason of at least 3 characters (--reason)')
      this.exitCode = 1
      return
    }
    const slug = this.tenant?.trim().toLowerCase()
    const tenants = await tenancy.acrossTenants('erasure by address in every tenant', async () =>
      slug ? await Tenant.query().where('slug', slug) : await Tenant.query().orderBy('slug')
    )
    if (slug && !tenants.length) {
      this.logger.error(`No tenant has the slug "${this.tenant}"`)
      this.exitCode = 1
      return
    }
    try {
      for (const tenant of tenants) {
        const done = await tenancy.run(tenant, () =>
          eraseByEmail(this.email, { by: 'staff', actor: null, reason, withdraw: !!this.withdraw })
        )
        this.logger.success(
          `${tenant.slug}: ${done.stories} ${done.stories === 1 ? 'story' : 'stories'}, ${done.subscriptions} ${done.subscriptions === 1 ? 'subscription' : 'subscriptions'} erased`
        )
        await auditPlatform({
          action: 'privacy.erased_address',
          tenantSlug: tenant.slug,
          details: { reason, ...done },
        })
      }
    } catch (error) {
      if (!(error instanceof ErasureError)) throw error
      this.logger.error('Give a valid email address (--email)')
      this.exitCode = 1
    }
  }
}
