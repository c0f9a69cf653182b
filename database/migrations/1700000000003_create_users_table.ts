import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Staff identities, platform-wide: one account may hold roles in several
 * tenants (memberships). National admin is a platform flag.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('users', (table) => {
      table.bigIncrements('id').primary()
      table.string('email', 254).notNullable()
      table.string('name', 120).notNullable()
      table.string('password', 255).notNullable()
      table.boolean('is_national_admin').notNullable().defaultTo(false)
      table.timestamp('email_verified_at', { useTz: true }).nullable()
      table.timestamp('disabled_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
    this.schema.raw('create unique index users_email_unique on users (lower(email))')
  }

  async down() {
    this.schema.dropTable('users')
  }
}
