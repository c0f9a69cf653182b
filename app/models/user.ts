import { DateTime } from 'luxon'
import hash from '@adonisjs/core/services/hash'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { withAuthFinder } from '@adonisjs/auth/mixins/lucid'
import type { StaffRights } from '#services/accounts/staff_rights'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'

/** A staff account. Platform-level: rights in a tenant come from memberships. */
export default class User extends compose(
  BaseModel,
  withAuthFinder(() => hash.use(), { uids: ['email'], passwordColumnName: 'password' })
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

  @column()
  declare jobTitle: string | null

  /** Encrypted with the app key; never serialised. */
  @column({ serializeAs: null })
  declare totpSecret: string | null

  @column.dateTime()
  declare totpEnabledAt: DateTime | null

  /** The RFC 6238 time step of the last code accepted: no code is good twice. */
  @column({ serializeAs: null, consume: (value) => (value === null ? null : Number(value)) })
  declare totpLastTimeStep: number | null

  /** Keyed hashes of the unused recovery codes (see two_factor.ts). */
  @column({ serializeAs: null, prepare: (value: string[]) => JSON.stringify(value ?? []) })
  declare recoveryCodes: string[]

  /** When the owner was last emailed about failed sign-ins (at most hourly). */
  @column.dateTime({ serializeAs: null })
  declare signInNoticeSentAt: DateTime | null

  /** The language emails to this person are written in (null: the tenant's default). */
  @column()
  declare locale: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  /** This request's rights in the current tenant, loaded by the staff middleware. */
  rights?: StaffRights

  get isDisabled() {
    return this.disabledAt !== null && this.disabledAt !== undefined
  }

  get hasTwoFactor() {
    return Boolean(this.totpEnabledAt)
  }

  /** The account with this address, whatever its case and surrounding spaces (one index: lower(email)). */
  static findByEmail(email: string, options?: { client?: QueryClientContract }) {
    return this.query(options).whereRaw('lower(email) = ?', [email.trim().toLowerCase()]).first()
  }
}
