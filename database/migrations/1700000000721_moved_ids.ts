import { BaseSchema } from '@adonisjs/lucid/schema'
import { isolateTenantTable, separateAppRole } from '#database/row_security'

/**
 * Links that name a row by id (/stories/123, /tags/7) must keep working
 * after a tenant moves to another deployment, where every row has a new id:
 * - `moved_ids` keeps, per tenant, the old id of each such row and its id
 *   here; a page asked for an id no row has looks it up and answers 301;
 * - `carevoice_skip_ids` moves a sequence forward past the old ids, so on
 *   arrival every new id is larger than every old one of that tenant and an
 *   old id can never land on a different row. It only moves forward, and is
 *   a security-definer function because the app's role may use sequences
 *   but not set them.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('moved_ids', (table) => {
      table
        .bigInteger('tenant_id')
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.string('kind', 32).notNullable()
      table.bigInteger('old_id').notNullable()
      table.bigInteger('new_id').notNullable()
      table.primary(['tenant_id', 'kind', 'old_id'])
    })
    this.schema.raw(isolateTenantTable('moved_ids'))
    this.schema.raw(`
      create or replace function carevoice_skip_ids(seq regclass, past bigint) returns void
        language plpgsql security definer set search_path = pg_catalog, public as $$
      begin
        if past > coalesce(pg_sequence_last_value(seq), 0) then
          perform setval(seq, past);
        end if;
      end $$;
      revoke all on function carevoice_skip_ids(regclass, bigint) from public;
    `)
    this.defer(async (db) => {
      const role = await separateAppRole(db)
      if (!role) return
      await db.rawQuery(`grant execute on function carevoice_skip_ids(regclass, bigint) to ${role}`)
    })
  }

  async down() {
    this.schema.raw('drop function if exists carevoice_skip_ids(regclass, bigint)')
    this.schema.dropTable('moved_ids')
  }
}
