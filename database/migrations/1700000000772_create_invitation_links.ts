import { BaseSchema } from '@adonisjs/lucid/schema'
import { ROW_SECURITY_FUNCTIONS, isolateTenantTable } from '#database/row_security'

/**
 * Invitation links: a tenant admin's link (and printable QR code) that
 * starts telling a story about one service with a campaign tag, open until
 * an optional closing date. Stories told through one remember it, so each
 * link's count is a plain count.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('invitation_links', (table) => {
      table.bigIncrements('id')
      table
        .bigInteger('tenant_id')
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      /* The random part of the public address /i/<code>. */
      table.string('code', 24).notNullable()
      table.bigInteger('service_id').notNullable()
      table.string('campaign', 60).notNullable()
      table.date('closes_on').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.unique(['tenant_id', 'code'])
      table.unique(['tenant_id', 'id'])
      table.index(['tenant_id', 'created_at'])
      table.foreign(['tenant_id', 'service_id']).references(['tenant_id', 'id']).inTable('services')
    })
    this.schema.raw(ROW_SECURITY_FUNCTIONS)
    this.schema.raw(isolateTenantTable('invitation_links'))
    this.schema.alterTable('stories', (table) => {
      table
        .bigInteger('invitation_link_id')
        .nullable()
        .references('id')
        .inTable('invitation_links')
        .onDelete('SET NULL')
      table.index(['tenant_id', 'invitation_link_id'])
    })
  }

  async down() {
    this.schema.alterTable('stories', (table) => {
      table.dropColumn('invitation_link_id')
    })
    this.schema.dropTable('invitation_links')
  }
}
