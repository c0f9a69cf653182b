import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Indexes for foreign keys that reads or deletes follow, found at a
 * million stories (a catalog query for foreign keys no index starts with):
 * - author_replies by story: every API story page and story page reads
 *   the replies of its stories, and without this each read scanned the
 *   whole table (the API list answered 45 times a second, PostgreSQL
 *   saturated);
 * - the rows that name a story, a tag or a person, so erasing a story, a
 *   tag or a staff account does not scan a million rows per reference
 *   (partial where the reference is mostly empty).
 */
const INDEXES: [table: string, name: string, columns: string, where?: string][] = [
  ['author_replies', 'author_replies_story', 'tenant_id, story_id, created_at, id'],
  [
    'author_replies',
    'author_replies_moderated_by',
    'moderated_by_id',
    'moderated_by_id is not null',
  ],
  ['story_tag_links', 'story_tag_links_tag', 'tenant_id, tag_id'],
  ['stories', 'stories_claimed_by', 'claimed_by_id', 'claimed_by_id is not null'],
  ['stories', 'stories_invitation_link', 'invitation_link_id', 'invitation_link_id is not null'],
  ['responses', 'responses_author', 'author_id', 'author_id is not null'],
  [
    'responses',
    'responses_change_checked_by',
    'change_checked_by_id',
    'change_checked_by_id is not null',
  ],
  ['subscription_deliveries', 'subscription_deliveries_story', 'tenant_id, story_id'],
  ['saved_search_deliveries', 'saved_search_deliveries_story', 'tenant_id, story_id'],
  [
    'api_idempotency_keys',
    'api_idempotency_keys_story',
    'tenant_id, story_id',
    'story_id is not null',
  ],
]

export default class extends BaseSchema {
  async up() {
    for (const [table, name, columns, where] of INDEXES) {
      this.schema.raw(
        `create index if not exists ${name} on ${table} (${columns})${where ? ` where ${where}` : ''}`
      )
    }
  }

  async down() {
    for (const [, name] of INDEXES) this.schema.raw(`drop index if exists ${name}`)
  }
}
