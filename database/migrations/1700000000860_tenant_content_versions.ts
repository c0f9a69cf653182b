import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A tenant's content version: a counter on its row that every change a
 * public page could show moves on, in the same transaction as the change.
 * Caches and ETags of public pages include it (#services/reading/public_cache),
 * so every instance sees a published, changed, hidden or withdrawn story
 * as soon as the change commits, and never serves a page from before it.
 *
 * Statement-level triggers, so a bulk statement bumps once. They bump the
 * tenant of the transaction (`app.tenant_id`, set by the tenancy context);
 * inside `tenancy.acrossTenants` (or with no tenant set, as in maintenance
 * by the owner) every tenant's, which is always safe. Story columns that no
 * public page shows (staff views, emails, the original text) do not bump.
 */
const WATCHED: { table: string; events: string }[] = [
  {
    table: 'stories',
    events: `update of status, public_title, public_body, published_at, progress, first_response_at,
             experienced_count, criticality, locale, author_role, display_name or delete`,
  },
  { table: 'story_listings', events: 'insert or update or delete' },
  { table: 'responses', events: 'insert or update or delete' },
  { table: 'author_replies', events: 'insert or update or delete' },
  { table: 'story_tag_links', events: 'insert or delete' },
  { table: 'story_services', events: 'insert or delete' },
  { table: 'story_tags', events: 'insert or update or delete' },
  { table: 'services', events: 'insert or update or delete' },
  { table: 'areas', events: 'insert or update or delete' },
]

export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('tenants', (table) => {
      table.bigInteger('content_version').notNullable().defaultTo(0)
    })
    this.schema.raw(`
      create or replace function carevoice_bump_content_version() returns trigger
        language plpgsql security definer set search_path = public, pg_temp as $$
        declare
          tenant bigint := carevoice_current_tenant();
        begin
          if tenant is not null then
            update tenants set content_version = content_version + 1 where id = tenant;
          else
            update tenants set content_version = content_version + 1;
          end if;
          return null;
        end
      $$;
    `)
    for (const { table, events } of WATCHED)
      this.schema.raw(`
        create trigger ${table}_content_version after ${events} on ${table}
          for each statement execute function carevoice_bump_content_version();
      `)
  }

  async down() {
    for (const { table } of WATCHED)
      this.schema.raw(`drop trigger if exists ${table}_content_version on ${table}`)
    this.schema.raw('drop function if exists carevoice_bump_content_version()')
    this.schema.alterTable('tenants', (table) => table.dropColumn('content_version'))
  }
}
