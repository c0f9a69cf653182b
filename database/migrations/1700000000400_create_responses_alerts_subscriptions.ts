import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * What happens after publication: services' public responses (with change
 * claims a moderator checks), authors' replies (moderated like stories),
 * staff reads, alerts to staff (each at most once per recipient and story),
 * and the public's email subscriptions (double opt-in, one-click
 * unsubscribe, each story sent at most once per subscription).
 *
 * A story's progress (not read, read, responded, change planned, change
 * made) is derived from its responses and reads; it is also stored on the
 * story, refreshed in the same transaction as whatever changes it, so lists
 * filter and sort by it through an index.
 */
export default class extends BaseSchema {
  private tenantColumn(table: import('knex').Knex.CreateTableBuilder) {
    table
      .bigInteger('tenant_id')
      .notNullable()
      .references('id')
      .inTable('tenants')
      .onDelete('CASCADE')
  }

  async up() {
    this.schema.alterTable('stories', (table) => {
      table.string('progress', 16).notNullable().defaultTo('not_read')
      table.integer('staff_views').notNullable().defaultTo(0)
      table.timestamp('first_response_at', { useTz: true }).nullable()
    })
    this.schema.raw(
      `alter table stories add constraint stories_progress_check check (progress in ('not_read', 'read', 'responded', 'change_planned', 'change_made'))`
    )
    this.schema.raw(
      `create index stories_inbox on stories (tenant_id, progress, published_at, id) where status = 'published'`
    )

    this.schema.alterTable('users', (table) => {
      table.string('locale', 16).nullable()
    })

    this.schema.createTable('responses', (table) => {
      table.bigIncrements('id').primary()
      this.tenantColumn(table)
      table.bigInteger('story_id').notNullable()
      table.bigInteger('service_id').notNullable()
      table
        .bigInteger('author_id')
        .nullable()
        .references('id')
        .inTable('users')
        .onDelete('SET NULL')
      table.string('author_name', 120).notNullable()
      table.string('author_job_title', 120).nullable()
      table.text('body').notNullable()
      table.string('change_kind', 16).nullable()
      table.text('change_description').nullable()
      table.string('change_status', 16).nullable()
      table
        .bigInteger('change_checked_by_id')
        .nullable()
        .references('id')
        .inTable('users')
        .onDelete('SET NULL')
      table.timestamp('change_checked_at', { useTz: true }).nullable()
      table.timestamp('editable_until', { useTz: true }).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.unique(['tenant_id', 'id'])
      table.index(['tenant_id', 'story_id', 'id'])
      table.index(['tenant_id', 'service_id', 'created_at'])
      table
        .foreign(['tenant_id', 'story_id'])
        .references(['tenant_id', 'id'])
        .inTable('stories')
        .onDelete('CASCADE')
      table.foreign(['tenant_id', 'service_id']).references(['tenant_id', 'id']).inTable('services')
    })
    this.schema.raw(
      `alter table responses add constraint responses_change_check check (
         (change_kind is null and change_description is null and change_status is null)
         or (change_kind in ('planned', 'made') and change_description is not null and change_status in ('pending', 'confirmed', 'rejected')))`
    )
    this.schema.raw(
      `create index responses_changes_to_check on responses (tenant_id, created_at) where change_status = 'pending'`
    )
    this.schema.raw('create index responses_created on responses (tenant_id, created_at, id)')

    this.schema.createTable('author_replies', (table) => {
      table.bigIncrements('id').primary()
      this.tenantColumn(table)
      table.bigInteger('story_id').notNullable()
      table.bigInteger('response_id').notNullable()
      table.text('original_body').notNullable()
      table.text('public_body').nullable()
      table.string('status', 24).notNullable().defaultTo('awaiting_moderation')
      table
        .bigInteger('moderated_by_id')
        .nullable()
        .references('id')
        .inTable('users')
        .onDelete('SET NULL')
      table.timestamp('moderated_at', { useTz: true }).nullable()
      table.text('reason').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['tenant_id', 'response_id', 'id'])
      table.index(['tenant_id', 'status', 'created_at'])
      table
        .foreign(['tenant_id', 'story_id'])
        .references(['tenant_id', 'id'])
        .inTable('stories')
        .onDelete('CASCADE')
      table
        .foreign(['tenant_id', 'response_id'])
        .references(['tenant_id', 'id'])
        .inTable('responses')
        .onDelete('CASCADE')
    })
    this.schema.raw(
      `alter table author_replies add constraint author_replies_status_check check (status in ('awaiting_moderation', 'published', 'rejected'))`
    )

    this.schema.createTable('story_views', (table) => {
      this.tenantColumn(table)
      table.bigInteger('story_id').notNullable()
      table
        .bigInteger('user_id')
        .notNullable()
        .references('id')
        .inTable('users')
        .onDelete('CASCADE')
      table.timestamp('first_viewed_at', { useTz: true }).notNullable()
      table.primary(['tenant_id', 'story_id', 'user_id'])
      table
        .foreign(['tenant_id', 'story_id'])
        .references(['tenant_id', 'id'])
        .inTable('stories')
        .onDelete('CASCADE')
    })

    /* How each member of staff wants alerts in this tenant; no row = immediate, every criticality. */
    this.schema.createTable('alert_settings', (table) => {
      this.tenantColumn(table)
      table
        .bigInteger('user_id')
        .notNullable()
        .references('id')
        .inTable('users')
        .onDelete('CASCADE')
      table.string('mode', 16).notNullable().defaultTo('immediate')
      table.smallint('min_criticality').notNullable().defaultTo(0)
      table.primary(['tenant_id', 'user_id'])
    })
    this.schema.raw(
      `alter table alert_settings add constraint alert_settings_check check (mode in ('immediate', 'daily', 'none') and min_criticality between 0 and 5)`
    )

    /* Services a member of staff (of any role) follows besides those they respond for. */
    this.schema.createTable('staff_watches', (table) => {
      this.tenantColumn(table)
      table
        .bigInteger('user_id')
        .notNullable()
        .references('id')
        .inTable('users')
        .onDelete('CASCADE')
      table.bigInteger('service_id').notNullable()
      table.primary(['tenant_id', 'user_id', 'service_id'])
      table.index(['tenant_id', 'service_id'])
      table
        .foreign(['tenant_id', 'service_id'])
        .references(['tenant_id', 'id'])
        .inTable('services')
        .onDelete('CASCADE')
    })

    /* One row per (story, recipient): the primary key is the "at most once". */
    this.schema.createTable('alert_deliveries', (table) => {
      this.tenantColumn(table)
      table.bigInteger('story_id').notNullable()
      table
        .bigInteger('user_id')
        .notNullable()
        .references('id')
        .inTable('users')
        .onDelete('CASCADE')
      table.string('mode', 16).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('sent_at', { useTz: true }).nullable()
      table.primary(['tenant_id', 'story_id', 'user_id'])
      table
        .foreign(['tenant_id', 'story_id'])
        .references(['tenant_id', 'id'])
        .inTable('stories')
        .onDelete('CASCADE')
    })
    this.schema.raw(
      `create index alert_deliveries_digest on alert_deliveries (tenant_id, user_id, created_at) where mode = 'daily' and sent_at is null`
    )

    this.schema.createTable('subscriptions', (table) => {
      table.bigIncrements('id').primary()
      this.tenantColumn(table)
      table.string('email', 254).notNullable()
      table.string('locale', 16).notNullable()
      table.string('target_type', 16).notNullable()
      table.bigInteger('service_id').nullable()
      table.bigInteger('area_id').nullable()
      table.bigInteger('tag_id').nullable()
      table.string('confirm_token_hash', 64).nullable().unique()
      table.timestamp('confirmed_at', { useTz: true }).nullable()
      table.string('unsubscribe_token_hash', 64).notNullable().unique()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.unique(['tenant_id', 'id'])
      table.index(['tenant_id', 'target_type', 'service_id'])
      table.index(['tenant_id', 'target_type', 'area_id'])
      table.index(['tenant_id', 'target_type', 'tag_id'])
      table
        .foreign(['tenant_id', 'service_id'])
        .references(['tenant_id', 'id'])
        .inTable('services')
        .onDelete('CASCADE')
      table
        .foreign(['tenant_id', 'area_id'])
        .references(['tenant_id', 'id'])
        .inTable('areas')
        .onDelete('CASCADE')
      table
        .foreign(['tenant_id', 'tag_id'])
        .references(['tenant_id', 'id'])
        .inTable('story_tags')
        .onDelete('CASCADE')
    })
    this.schema.raw(
      `alter table subscriptions add constraint subscriptions_target_check check (
         (target_type = 'service' and service_id is not null and area_id is null and tag_id is null)
         or (target_type = 'area' and area_id is not null and service_id is null and tag_id is null)
         or (target_type = 'tag' and tag_id is not null and service_id is null and area_id is null)
         or (target_type = 'tenant' and service_id is null and area_id is null and tag_id is null))`
    )
    this.schema.raw(
      `create unique index subscriptions_once on subscriptions (tenant_id, lower(email), target_type, coalesce(service_id, 0), coalesce(area_id, 0), coalesce(tag_id, 0))`
    )

    this.schema.createTable('subscription_deliveries', (table) => {
      this.tenantColumn(table)
      table.bigInteger('subscription_id').notNullable()
      table.bigInteger('story_id').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.primary(['tenant_id', 'subscription_id', 'story_id'])
      table
        .foreign(['tenant_id', 'subscription_id'])
        .references(['tenant_id', 'id'])
        .inTable('subscriptions')
        .onDelete('CASCADE')
      table
        .foreign(['tenant_id', 'story_id'])
        .references(['tenant_id', 'id'])
        .inTable('stories')
        .onDelete('CASCADE')
    })
  }

  async down() {
    for (const name of [
      'subscription_deliveries',
      'subscriptions',
      'alert_deliveries',
      'staff_watches',
      'alert_settings',
      'story_views',
      'author_replies',
      'responses',
    ])
      this.schema.dropTable(name)
    this.schema.alterTable('users', (table) => table.dropColumn('locale'))
    this.schema.raw('drop index stories_inbox')
    this.schema.alterTable('stories', (table) => {
      table.dropColumn('progress')
      table.dropColumn('staff_views')
      table.dropColumn('first_response_at')
    })
  }
}
