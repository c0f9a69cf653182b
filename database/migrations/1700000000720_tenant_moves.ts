import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Moving a tenant between regional deployments (app/services/tenants/transfer):
 * - `moved_to_url`: set by tenant:retire on the deployment a tenant left;
 *   its hosts then answer 301 to the same path under this URL;
 * - `imported_archive_id`: the archive a tenant was imported from, so that
 *   running the same import again is recognised and changes nothing.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('tenants', (table) => {
      table.string('moved_to_url', 300).nullable()
      table.string('imported_archive_id', 64).nullable()
    })
  }

  async down() {
    this.schema.alterTable('tenants', (table) => {
      table.dropColumn('moved_to_url')
      table.dropColumn('imported_archive_id')
    })
  }
}
