import { BaseModel, column } from '@adonisjs/lucid/orm'
import { compose } from '@adonisjs/core/helpers'
import { TenantScoped } from '#tenancy/tenant_scoped'

/** A service a story is about (the story_services table), written in the story's tenant. */
export default class StoryServiceLink extends compose(BaseModel, TenantScoped) {
  static table = 'story_services'

  @column({ isPrimary: true })
  declare storyId: number

  @column()
  declare serviceId: number
}
