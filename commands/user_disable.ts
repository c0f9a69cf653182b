import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { disableUser } from '#services/accounts/manage_memberships'
import { DomainError } from '#exceptions/domain_error'

/** user:disable --email E: the account can no longer sign in anywhere. */
export default class UserDisable extends BaseCommand {
  static commandName = 'user:disable'
  static description = 'Disable an account: it can no longer sign in anywhere'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Email address of the account', required: true })
  declare email: string

  async run() {
    try {
      const user = await disableUser(this.email)
      this.logger.success(`${user.email} is disabled`)
    } catch (error) {
      if (!(error instanceof DomainError)) throw error
      this.logger.error(error.message)
      this.exitCode = 1
    }
  }
}
