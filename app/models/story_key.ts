import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { compose } from '@adonisjs/core/helpers'
import { TenantScoped } from '#tenancy/tenant_scoped'

/**
 * A story's data key, wrapped with the deployment's key (see
 * #services/story_secrets). Deleting the row is how a story's sealed
 * moderation history is erased.
 */
export default class StoryKey extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare storyId: number

  @column({ serializeAs: null })
  declare wrappedKey: string

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
