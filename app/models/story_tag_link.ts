import { BaseModel, column } from '@adonisjs/lucid/orm'
import { compose } from '@adonisjs/core/helpers'
import { TenantScoped } from '#tenancy/tenant_scoped'

/** A tag the author chose for a story (the story_tag_links table). */
export default class StoryTagLink extends compose(BaseModel, TenantScoped) {
  static table = 'story_tag_links'

  @column({ isPrimary: true })
  declare storyId: number

  @column()
  declare tagId: number
}
