import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Host names a tenant answers on. Unique across the platform, stored
 * lower-case; exactly one primary per tenant.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('tenant_domains', (table) => {
      table.bigIncrements('id').primary()
      table
        .bigInteger('tenant_id')
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.string('hostname', 253).notNullable().unique()
      table.boolean('is_primary').notNullable().defaultTo(false)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.unique(['tenant_id', 'id'])
      table.index(['tenant_id', 'hostname'])
    })
    this.schema.raw(
      `alter table tenant_domains add constraint tenant_domains_hostname_lower check (hostname = lower(hostname))`
    )
    this.schema.raw(
      `create unique index tenant_domains_one_primary on tenant_domains (tenant_id) where is_primary`
    )
  }

  async down() {
    this.schema.dropTable('tenant_domains')
  }
}
