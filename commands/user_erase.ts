import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { eraseStaffAccount } from '#services/privacy/staff_erasure'
import { DomainError } from '#exceptions/domain_error'

/** user:erase --email E: erases a disabled account's name and email; its responses stay signed by job title. */
export default class UserErase extends BaseCommand {
  static commandName = 'user:erase'
  static description =
    'Erase a disabled staff account: name and email replaced, responses signed by job title and service only'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Email address of the disabled account', required: true })
  declare email: string

  async run() {
    try {
      const user = await eraseStaffAccount(this.email)
      this.logger.success(`account ${user.id} is erased`)
    } catch (error) {
      if (!(error instanceof DomainError)) throw error
      this.logger.error(error.message)
      this.exitCode = 1
    }
  }
}
