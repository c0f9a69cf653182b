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
    const { eraseByEmailEverywhere } = await import('#services/privacy/erasure')
    const { DomainError } = await import('#exceptions/domain_error')
    const reason = this.reason.trim()
    if (reason.length < 3) {
      this.logger.error('Give a reason of at least 3 characters (--reason)')
      this.exitCode = 1
      return
    }
    try {
      const results = await eraseByEmailEverywhere(
        this.email,
        { by: 'staff', actor: null, reason, withdraw: !!this.withdraw },
        this.tenant?.trim().toLowerCase()
      )
      for (const done of results)
        this.logger.success(
          `${done.slug}: ${done.stories} ${done.stories === 1 ? 'story' : 'stories'}, ${done.subscriptions} ${done.subscriptions === 1 ? 'subscription' : 'subscriptions'} erased`
        )
    } catch (error) {
      if (!(error instanceof DomainError)) throw error
      this.logger.error(
        error.key === 'privacy.errors.noSuchTenant'
          ? `No tenant has the slug "${this.tenant}"`
          : 'Give a valid email address (--email)'
      )
      this.exitCode = 1
    }
  }
}
