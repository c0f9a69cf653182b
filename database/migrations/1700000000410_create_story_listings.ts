import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Where each published story is listed: every service it is about and every
 * service above them, the areas of those services and the areas above
 * them, and its tags, each with the story's publication time. A service,
 * area or tag page (and its feed and figures) then reads one index range,
 * newest first, however many stories the tenant has: a board with 100,000
 * stories below it reads 51 index entries for its first page.
 *
 * Rows are written when a story is published and removed when it is hidden
 * or withdrawn (#services/story_listings); queries still join the story and
 * apply Story.publiclyVisible, the one definition of "public".
 *
 * Also: the staff inbox's "no response yet" view gets a partial index in
 * publication order; the earlier (tenant, progress, published_at) index made
 * the planner sort every published story for the plain newest-first view.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('story_listings', (table) => {
      table
        .bigInteger('tenant_id')
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.bigInteger('story_id').notNullable()
      table.string('kind', 8).notNullable()
      table.bigInteger('target_id').notNullable()
      table.timestamp('published_at', { useTz: true }).notNullable()
      table.primary(['tenant_id', 'kind', 'target_id', 'story_id'])
      table.index(['tenant_id', 'story_id'])
      table
        .foreign(['tenant_id', 'story_id'])
        .references(['tenant_id', 'id'])
        .inTable('stories')
        .onDelete('CASCADE')
    })
    this.schema.raw(
      `alter table story_listings add constraint story_listings_kind_check check (kind in ('service', 'area', 'tag'))`
    )
    this.schema.raw(
      'create index story_listings_newest on story_listings (tenant_id, kind, target_id, published_at, story_id)'
    )
    /* Existing stories are listed by 1700000000430, once the table has all its columns. */

    this.schema.raw('drop index stories_inbox')
    this.schema.raw(
      `create index stories_awaiting_response on stories (tenant_id, published_at, id)
        where status = 'published' and progress in ('not_read', 'read')`
    )
  }

  async down() {
    this.schema.raw('drop index stories_awaiting_response')
    this.schema.raw(
      `create index stories_inbox on stories (tenant_id, progress, published_at, id) where status = 'published'`
    )
    this.schema.dropTable('story_listings')
  }
}
