import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Stories as their authors tell them: the original text (private to the
 * tenant's moderators), the services they are about, and the tags the
 * author chose from the tenant's three lists. Every reference stays inside
 * its tenant through composite foreign keys.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('story_tags', (table) => {
      table.bigIncrements('id').primary()
      table
        .bigInteger('tenant_id')
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.string('question', 16).notNullable()
      table.string('label', 60).notNullable()
      table.integer('position').notNullable().defaultTo(0)
      table.unique(['tenant_id', 'id'])
      table.index(['tenant_id', 'question', 'position'])
    })
    this.schema.raw(
      `alter table story_tags add constraint story_tags_question_check check (question in ('good', 'improve', 'feeling'))`
    )
    this.schema.raw(
      'create unique index story_tags_label_unique on story_tags (tenant_id, question, lower(label))'
    )

    this.schema.createTable('stories', (table) => {
      table.bigIncrements('id').primary()
      table
        .bigInteger('tenant_id')
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.string('status', 24).notNullable().defaultTo('unconfirmed')
      table.string('title', 120).notNullable()
      table.text('original_body').notNullable()
      table.string('public_title', 120).nullable()
      table.text('public_body').nullable()
      table.date('happened_on').notNullable()
      table.string('author_role', 24).notNullable()
      table.string('age_band', 16).notNullable()
      table.string('display_name', 40).notNullable()
      table.string('author_email', 254).notNullable()
      table.string('locale', 16).notNullable().defaultTo('en-GB')
      table.string('confirm_token_hash', 64).nullable().unique()
      table.timestamp('confirm_expires_at', { useTz: true }).nullable()
      table.timestamp('confirmed_at', { useTz: true }).nullable()
      table.timestamp('published_at', { useTz: true }).nullable()
      table.smallint('criticality').nullable()
      table.integer('version').notNullable().defaultTo(1)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.unique(['tenant_id', 'id'])
      table.index(['tenant_id', 'status', 'confirmed_at'])
      table.index(['tenant_id', 'published_at', 'id'])
    })
    this.schema.raw(
      `alter table stories add constraint stories_status_check check (status in ('unconfirmed', 'awaiting_moderation', 'needs_author_input', 'published', 'rejected', 'escalated', 'hidden', 'withdrawn'))`
    )
    this.schema.raw(
      `alter table stories add constraint stories_criticality_check check (criticality between 0 and 5)`
    )

    this.schema.createTable('story_services', (table) => {
      table
        .bigInteger('tenant_id')
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.bigInteger('story_id').notNullable()
      table.bigInteger('service_id').notNullable()
      table.primary(['tenant_id', 'story_id', 'service_id'])
      table.index(['tenant_id', 'service_id', 'story_id'])
      table
        .foreign(['tenant_id', 'story_id'])
        .references(['tenant_id', 'id'])
        .inTable('stories')
        .onDelete('CASCADE')
      table.foreign(['tenant_id', 'service_id']).references(['tenant_id', 'id']).inTable('services')
    })

    this.schema.createTable('story_tag_links', (table) => {
      table
        .bigInteger('tenant_id')
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.bigInteger('story_id').notNullable()
      table.bigInteger('tag_id').notNullable()
      table.primary(['tenant_id', 'story_id', 'tag_id'])
      table
        .foreign(['tenant_id', 'story_id'])
        .references(['tenant_id', 'id'])
        .inTable('stories')
        .onDelete('CASCADE')
      table.foreign(['tenant_id', 'tag_id']).references(['tenant_id', 'id']).inTable('story_tags')
    })
  }

  async down() {
    this.schema.dropTable('story_tag_links')
    this.schema.dropTable('story_services')
    this.schema.dropTable('stories')
    this.schema.dropTable('story_tags')
  }
}
