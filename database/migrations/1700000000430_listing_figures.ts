import { BaseSchema } from '@adonisjs/lucid/schema'
import { LISTINGS_INSERT } from '#services/stories/story_listings'

/**
 * A service's figures (stories, response rate, median time to a first
 * response, changes made) over its subtree used to join every listed story
 * and scan its responses: 350 ms for a board with 100,000 stories. Each
 * listing row now carries its story's first response time and number of
 * confirmed changes made (kept by #services/story_progress refreshProgress,
 * in the transaction of any response change), and the listing index
 * includes them, so the figures are one index range.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('story_listings', (table) => {
      table.timestamp('first_response_at', { useTz: true }).nullable()
      table.smallint('changes_made').notNullable().defaultTo(0)
    })
    this.schema.raw('drop index story_listings_newest')
    this.schema.raw(
      `create index story_listings_newest on story_listings (tenant_id, kind, target_id, published_at, story_id)
         include (first_response_at, changes_made)`
    )
    /* Stories already listed get their figures; stories never listed are listed. */
    this.schema.raw(
      `update story_listings l set first_response_at = s.first_response_at,
              changes_made = (select count(*) from responses r
                               where r.tenant_id = s.tenant_id and r.story_id = s.id
                                 and r.change_kind = 'made' and r.change_status = 'confirmed')
         from stories s where s.tenant_id = l.tenant_id and s.id = l.story_id`
    )
    this.schema.raw(LISTINGS_INSERT('true'))
  }

  async down() {
    this.schema.raw('drop index story_listings_newest')
    this.schema.raw(
      'create index story_listings_newest on story_listings (tenant_id, kind, target_id, published_at, story_id)'
    )
    this.schema.alterTable('story_listings', (table) => {
      table.dropColumn('first_response_at')
      table.dropColumn('changes_made')
    })
  }
}
