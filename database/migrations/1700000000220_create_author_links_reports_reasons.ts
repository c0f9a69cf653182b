import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * What the rest of a story's life needs:
 * - private links for its author (hashed, expiring; several may be live, one
 *   per email sent), so the author follows, answers and withdraws without
 *   an account;
 * - readers' reports on published stories, which flag them to moderators;
 * - the tenant's own list of rejection reasons (its moderation policy);
 * - how long a tenant keeps the original text of withdrawn and rejected
 *   stories before it is erased.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('tenants', (table) => {
      table.integer('retention_days').notNullable().defaultTo(365)
    })
    this.schema.raw(
      'alter table tenants add constraint tenants_retention_days_check check (retention_days between 30 and 3650)'
    )

    this.schema.alterTable('stories', (table) => {
      table.timestamp('withdrawn_at', { useTz: true }).nullable()
      table.timestamp('decided_at', { useTz: true }).nullable()
      table.timestamp('original_erased_at', { useTz: true }).nullable()
    })
    /* The erasure command looks for closed stories whose original is still kept. */
    this.schema.raw(
      `create index stories_erasable on stories (tenant_id, decided_at) where original_erased_at is null and status in ('withdrawn', 'rejected')`
    )

    this.schema.createTable('story_author_links', (table) => {
      table.bigIncrements('id').primary()
      table
        .bigInteger('tenant_id')
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.bigInteger('story_id').notNullable()
      table.string('token_hash', 64).notNullable().unique()
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['tenant_id', 'story_id'])
      table
        .foreign(['tenant_id', 'story_id'])
        .references(['tenant_id', 'id'])
        .inTable('stories')
        .onDelete('CASCADE')
    })

    this.schema.createTable('story_reports', (table) => {
      table.bigIncrements('id').primary()
      table
        .bigInteger('tenant_id')
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.bigInteger('story_id').notNullable()
      table.string('reason', 24).notNullable()
      table.text('message').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('resolved_at', { useTz: true }).nullable()
      table
        .bigInteger('resolved_by_id')
        .nullable()
        .references('id')
        .inTable('users')
        .onDelete('SET NULL')
      table.index(['tenant_id', 'story_id'])
      table
        .foreign(['tenant_id', 'story_id'])
        .references(['tenant_id', 'id'])
        .inTable('stories')
        .onDelete('CASCADE')
    })
    this.schema.raw(
      `alter table story_reports add constraint story_reports_reason_check check (reason in ('personal_data', 'offensive', 'untrue', 'other'))`
    )
    this.schema.raw(
      'create index story_reports_open on story_reports (tenant_id, created_at) where resolved_at is null'
    )

    this.schema.createTable('moderation_reasons', (table) => {
      table.bigIncrements('id').primary()
      table
        .bigInteger('tenant_id')
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.string('label', 120).notNullable()
      table.integer('position').notNullable().defaultTo(0)
      table.index(['tenant_id', 'position'])
    })
    this.schema.raw(
      'create unique index moderation_reasons_label_unique on moderation_reasons (tenant_id, lower(label))'
    )
  }

  async down() {
    this.schema.dropTable('moderation_reasons')
    this.schema.dropTable('story_reports')
    this.schema.dropTable('story_author_links')
    this.schema.raw('drop index stories_erasable')
    this.schema.alterTable('stories', (table) => {
      table.dropColumn('withdrawn_at')
      table.dropColumn('decided_at')
      table.dropColumn('original_erased_at')
    })
    this.schema.alterTable('tenants', (table) => {
      table.dropColumn('retention_days')
    })
  }
}
