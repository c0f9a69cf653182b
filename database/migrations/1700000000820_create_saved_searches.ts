import { BaseSchema } from '@adonisjs/lucid/schema'
import { isolateTenantTable } from '#database/row_security'

/**
 * Saved searches and search subscriptions.
 *
 * - `saved_searches`: a member of staff's named staff search (its criteria
 *   as validated JSON, see #services/searches/staff_search staffCriteria),
 *   turned into an alert (instant or in the daily digest), a weekly or
 *   monthly report, and a dashboard. Owned by one user in one tenant.
 * - `saved_search_deliveries`: one row per (saved search, story), the
 *   "at most once" of its alerts; daily ones wait with `sent_at` null.
 * - `subscriptions.search_query`: the public's subscription to a story
 *   search (target type `search`), the search as its canonical query string.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('saved_searches', (table) => {
      table.bigIncrements('id')
      table
        .bigInteger('tenant_id')
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table
        .bigInteger('user_id')
        .notNullable()
        .references('id')
        .inTable('users')
        .onDelete('CASCADE')
      table.string('name', 120).notNullable()
      table.jsonb('criteria').notNullable()
      table.string('alert_mode', 16).notNullable().defaultTo('none')
      table.string('report_schedule', 16).notNullable().defaultTo('none')
      table.timestamp('last_alerted_at', { useTz: true }).nullable()
      table.timestamp('last_report_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.unique(['tenant_id', 'id'])
      table.index(['tenant_id', 'user_id', 'id'])
    })
    this.schema.raw(`
      alter table saved_searches add constraint saved_searches_modes_check check (
        alert_mode in ('none', 'instant', 'daily') and report_schedule in ('none', 'weekly', 'monthly'));
      create index saved_searches_alerting on saved_searches (tenant_id, id) where alert_mode <> 'none';
      create index saved_searches_reporting on saved_searches (tenant_id, id) where report_schedule <> 'none';
    `)
    this.schema.raw(isolateTenantTable('saved_searches'))

    this.schema.createTable('saved_search_deliveries', (table) => {
      table
        .bigInteger('tenant_id')
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.bigInteger('saved_search_id').notNullable()
      table.bigInteger('story_id').notNullable()
      table.string('mode', 16).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('sent_at', { useTz: true }).nullable()
      table.primary(['tenant_id', 'saved_search_id', 'story_id'])
      table
        .foreign(['tenant_id', 'saved_search_id'])
        .references(['tenant_id', 'id'])
        .inTable('saved_searches')
        .onDelete('CASCADE')
      table
        .foreign(['tenant_id', 'story_id'])
        .references(['tenant_id', 'id'])
        .inTable('stories')
        .onDelete('CASCADE')
    })
    this.schema.raw(`
      create index saved_search_deliveries_digest on saved_search_deliveries (tenant_id, saved_search_id)
        where mode = 'daily' and sent_at is null;
    `)
    this.schema.raw(isolateTenantTable('saved_search_deliveries'))

    this.schema.alterTable('subscriptions', (table) => {
      table.text('search_query').nullable()
    })
    this.schema.raw(`
      alter table subscriptions drop constraint subscriptions_target_check;
      alter table subscriptions add constraint subscriptions_target_check check (
         (target_type = 'service' and service_id is not null and area_id is null and tag_id is null and search_query is null)
         or (target_type = 'area' and area_id is not null and service_id is null and tag_id is null and search_query is null)
         or (target_type = 'tag' and tag_id is not null and service_id is null and area_id is null and search_query is null)
         or (target_type = 'tenant' and service_id is null and area_id is null and tag_id is null and search_query is null)
         or (target_type = 'search' and search_query is not null and service_id is null and area_id is null and tag_id is null));
      drop index subscriptions_once;
      create unique index subscriptions_once on subscriptions (tenant_id, lower(email), target_type,
        coalesce(service_id, 0), coalesce(area_id, 0), coalesce(tag_id, 0), md5(coalesce(search_query, '')));
      create index subscriptions_searches on subscriptions (tenant_id, id)
        where target_type = 'search' and confirmed_at is not null;
    `)
  }

  async down() {
    this.schema.raw(`
      delete from subscriptions where target_type = 'search';
      drop index subscriptions_searches;
      drop index subscriptions_once;
      create unique index subscriptions_once on subscriptions (tenant_id, lower(email), target_type,
        coalesce(service_id, 0), coalesce(area_id, 0), coalesce(tag_id, 0));
      alter table subscriptions drop constraint subscriptions_target_check;
      alter table subscriptions add constraint subscriptions_target_check check (
         (target_type = 'service' and service_id is not null and area_id is null and tag_id is null)
         or (target_type = 'area' and area_id is not null and service_id is null and tag_id is null)
         or (target_type = 'tag' and tag_id is not null and service_id is null and area_id is null)
         or (target_type = 'tenant' and service_id is null and area_id is null and tag_id is null));
    `)
    this.schema.alterTable('subscriptions', (table) => {
      table.dropColumn('search_query')
    })
    this.schema.dropTable('saved_search_deliveries')
    this.schema.dropTable('saved_searches')
  }
}
