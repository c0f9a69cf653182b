import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Public lists read published stories newest first. On the plain
 * (tenant_id, published_at, id) index a backward scan first walks every
 * story without a publication date (waiting, rejected, …: NULLs sort first
 * in descending order), 100 ms at a million stories; an index of published
 * stories only starts at the newest one.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw('drop index stories_tenant_id_published_at_id_index')
    this.schema.raw(
      `create index stories_published on stories (tenant_id, published_at, id) where status = 'published'`
    )
  }

  async down() {
    this.schema.raw('drop index stories_published')
    this.schema.raw(
      'create index stories_tenant_id_published_at_id_index on stories (tenant_id, published_at, id)'
    )
  }
}
