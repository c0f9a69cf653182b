import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Where an escalated story's safeguarding concern is sent. Tenant admins set
 * it on the moderation settings page; until they do, the tenant's general
 * contact address is used.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('tenants', (table) => {
      table.string('safeguarding_email', 254).nullable()
    })
  }

  async down() {
    this.schema.alterTable('tenants', (table) => table.dropColumn('safeguarding_email'))
  }
}
