import { BaseSchema } from '@adonisjs/lucid/schema'
import { isolateTenantTable } from '#database/row_security'

/**
 * A tenant's logo, uploaded by its admins on /staff/settings. The bytes live
 * in PostgreSQL (not on one instance's disk) so every app instance serves
 * the same file; the content hash names it in its URL, so it can be cached
 * for a year and a new upload gets a new URL. One logo per tenant.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('tenant_logos', (table) => {
      table
        .bigInteger('tenant_id')
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.string('content_hash', 64).notNullable()
      table.string('content_type', 32).notNullable()
      table.binary('bytes').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.primary(['tenant_id'])
    })
    this.schema.raw(
      `alter table tenant_logos add constraint tenant_logos_type_check check (content_type in ('image/png', 'image/jpeg', 'image/svg+xml'))`
    )
    this.schema.raw(
      `alter table tenant_logos add constraint tenant_logos_size_check check (octet_length(bytes) <= 204800)`
    )
    this.schema.raw(isolateTenantTable('tenant_logos'))
  }

  async down() {
    this.schema.dropTable('tenant_logos')
  }
}
