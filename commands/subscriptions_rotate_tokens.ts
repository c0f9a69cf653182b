import { flags } from '@adonisjs/core/ace'
import { TenantCommand } from '#tenancy/tenant_command'

/**
 * subscriptions:rotate-tokens --tenant S [--email E]: new unsubscribe links
 * for the tenant's subscriptions (or one address's); links sent before stop
 * working, the next email carries the new one.
 */
export default class SubscriptionsRotateTokens extends TenantCommand {
  static commandName = 'subscriptions:rotate-tokens'
  static description =
    "Rotate a tenant's unsubscribe tokens (all, or one address's): links sent before stop working"

  @flags.string({ description: 'Only the subscriptions of this address' })
  declare email?: string

  async runInTenant() {
    const { rotateUnsubscribeTokens } = await import('#services/notifications/subscription_tokens')
    const rotated = await rotateUnsubscribeTokens({ email: this.email })
    this.logger.success(
      `${this.currentTenant.slug}: ${rotated} ${rotated === 1 ? 'token' : 'tokens'} rotated`
    )
  }
}
