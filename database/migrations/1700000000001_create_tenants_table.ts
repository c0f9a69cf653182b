import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Tenants are data, never code: everything that differs between England,
 * Fife, and Ayrshire and Arran lives in these rows.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('tenants', (table) => {
      table.bigIncrements('id').primary()
      table.string('slug', 63).notNullable().unique()
      table.string('name', 120).notNullable()
      table.string('status', 16).notNullable().defaultTo('active')
      table.string('default_locale', 16).notNullable().defaultTo('en-GB')
      table.specificType('enabled_locales', 'text[]').notNullable().defaultTo('{en-GB}')
      table.string('time_zone', 64).notNullable().defaultTo('Europe/London')
      table.string('contact_email', 254).nullable()
      table.jsonb('theme').notNullable().defaultTo('{}')
      table.text('suspension_notice').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
    this.schema.raw(
      `alter table tenants add constraint tenants_status_check check (status in ('active', 'suspended'))`
    )
    this.schema.raw(
      `alter table tenants add constraint tenants_slug_format check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$')`
    )
    this.schema.raw(
      `alter table tenants add constraint tenants_default_locale_enabled check (default_locale = any(enabled_locales))`
    )
  }

  async down() {
    this.schema.dropTable('tenants')
  }
}
