import { DateTime } from 'luxon'
import hash from '@adonisjs/core/services/hash'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { withAuthFinder } from '@adonisjs/auth/mixins/lucid'

/** A staff account. Platform-level: rights in a tenant come from memberships. */
export default class User extends compose(
  BaseModel,
  withAuthFinder(hash, { uids: ['email'], passwordColumnName: 'password' })
) {
  @column({ isPrimary: true })
  declare id: number

  @column({ prepare: (value: string) => value.trim().toLowerCase() })
  declare email: string

  @column()
  declare name: string

  @column({ serializeAs: null })
  declare password: string

  @column()
  declare isNationalAdmin: boolean

  @column.dateTime()
  declare emailVerifiedAt: DateTime | null

  @column.dateTime()
  declare disabledAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  get isDisabled() {
    return this.disabledAt !== null
  }
}
