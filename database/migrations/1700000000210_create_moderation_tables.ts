import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Moderation: who holds a story (a claim that expires), and the append-only
 * record of every moderation action (who, when, what, why, the changes).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('stories', (table) => {
      table
        .bigInteger('claimed_by_id')
        .nullable()
        .references('id')
        .inTable('users')
        .onDelete('SET NULL')
      table.timestamp('claimed_until', { useTz: true }).nullable()
    })

    this.schema.createTable('moderation_events', (table) => {
      table.bigIncrements('id').primary()
      table
        .bigInteger('tenant_id')
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.bigInteger('story_id').notNullable()
      table.bigInteger('actor_id').nullable().references('id').inTable('users').onDelete('SET NULL')
      table.string('action', 32).notNullable()
      table.text('reason').nullable()
      table.jsonb('changes').notNullable().defaultTo('{}')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['tenant_id', 'story_id', 'id'])
      table
        .foreign(['tenant_id', 'story_id'])
        .references(['tenant_id', 'id'])
        .inTable('stories')
        .onDelete('CASCADE')
    })
    this.schema.raw(
      `create trigger moderation_events_append_only before update or delete on moderation_events for each row when (pg_trigger_depth() = 0) execute function audit_events_are_append_only()`
    )
  }

  async down() {
    this.schema.dropTable('moderation_events')
    this.schema.alterTable('stories', (table) => {
      table.dropColumn('claimed_by_id')
      table.dropColumn('claimed_until')
    })
  }
}
