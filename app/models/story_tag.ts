import { BaseModel, column } from '@adonisjs/lucid/orm'
import { compose } from '@adonisjs/core/helpers'
import { TenantScoped } from '#tenancy/tenant_scoped'

export const TAG_QUESTIONS = ['good', 'improve', 'feeling'] as const
export type TagQuestion = (typeof TAG_QUESTIONS)[number]

/** One answer a tenant offers to "what was good / could be improved / how did you feel". */
export default class StoryTag extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare question: TagQuestion

  @column()
  declare label: string

  @column()
  declare position: number
}
