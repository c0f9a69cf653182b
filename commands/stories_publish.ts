import { args, flags } from '@adonisjs/core/ace'
import { TenantCommand } from '#tenancy/tenant_command'

/**
 * stories:publish --tenant S <id> [--as EMAIL]: publishes a story awaiting
 * moderation with its current public text (its original when a moderator
 * has not edited it), exactly as a moderator publishing on the web does:
 * the same events, listings and emails to the author, staff and
 * subscribers. As the system unless --as names a member of staff.
 */
export default class StoriesPublish extends TenantCommand {
  static commandName = 'stories:publish'
  static description = 'Publish a story awaiting moderation, as the moderation page does'

  @args.string({ description: 'Id of the story' })
  declare story: string

  @flags.string({ description: 'Email of the member of staff it is done for' })
  declare as?: string

  async runInTenant() {
    const { default: User } = await import('#models/user')
    const { publishWithoutRequest } = await import('#jobs/publish_story')
    const { DomainError, refusalText } = await import('#exceptions/domain_error')
    const { default: i18nManager } = await import('@adonisjs/i18n/services/main')
    const storyId = /^\d{1,15}$/.test(this.story) ? Number(this.story) : null
    const actor = this.as ? await User.findByEmail(this.as) : null
    if (!storyId) return this.refuse(`"${this.story}" is not a story id`)
    if (this.as && !actor) return this.refuse(`No account has the address "${this.as}"`)
    try {
      const story = await publishWithoutRequest({ storyId, actorId: actor?.id ?? null })
      this.logger.success(`${this.currentTenant.slug}: published story ${story.id}`)
    } catch (error) {
      if (error instanceof DomainError) {
        const i18n = i18nManager.locale(this.currentTenant.defaultLocale)
        return this.refuse(refusalText(error, i18n, this.currentTenant.timeZone))
      }
      if ((error as { code?: string }).code === 'E_ROW_NOT_FOUND')
        return this.refuse(`No story ${storyId} in ${this.currentTenant.slug}`)
      throw error
    }
  }

  private refuse(message: string) {
    this.logger.error(message)
    this.exitCode = 1
  }
}
