import { textFromStdin } from '#lib/stdin_text'
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { createUser } from '#services/accounts/manage_memberships'
import { DomainError } from '#exceptions/domain_error'

/**
 * user:create --email E --name N [--national-admin]
 * The password is read from standard input when one is piped in; otherwise
 * a strong one is generated and printed once.
 */
export default class UserCreate extends BaseCommand {
  static commandName = 'user:create'
  static description = 'Create a staff account (password from stdin, or generated and printed once)'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Email address (unique on the platform)', required: true })
  declare email: string

  @flags.string({ description: 'Full name', required: true })
  declare name: string

  @flags.boolean({ description: 'Make the account a national admin' })
  declare nationalAdmin?: boolean

  /** A password piped on standard input, if any (never prompted for). */
  protected passwordFromStdin(): Promise<string | undefined> {
    return textFromStdin()
  }

  async run() {
    try {
      const password = await this.passwordFromStdin()
      const { user, generatedPassword } = await createUser({
        email: this.email,
        name: this.name,
        password,
        nationalAdmin: this.nationalAdmin === true,
      })
      this.logger.success(`Created ${user.email}${user.isNationalAdmin ? ' (national admin)' : ''}`)
      if (generatedPassword) {
        this.logger.log(`Password: ${generatedPassword}`)
        this.logger.warning('This password is shown once: give it to its owner securely.')
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error
      this.logger.error(error.message)
      this.exitCode = 1
    }
  }
}
