import { BaseSchema } from '@adonisjs/lucid/schema'
import { ROW_SECURITY_FUNCTIONS, isolateTenantTable } from '#database/row_security'

/**
 * One data key per story (app/services/stories/story_secrets.ts). Everything an
 * append-only moderation event keeps of the author's words or identity
 * (removed passages, questions, answers, messages) is encrypted with it;
 * erasing the story deletes this row, which makes those events — and every
 * backup of them — unreadable without changing them ("crypto-shredding").
 *
 * The key is stored wrapped with the app's encryption (APP_KEY), so a copy
 * of the database alone reads nothing; tenant export and import carry it
 * sealed with the archive's passphrase, like second-factor secrets.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('story_keys', (table) => {
      table
        .bigInteger('tenant_id')
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.bigInteger('story_id').notNullable()
      table.text('wrapped_key').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.primary(['tenant_id', 'story_id'])
      table
        .foreign(['tenant_id', 'story_id'])
        .references(['tenant_id', 'id'])
        .inTable('stories')
        .onDelete('CASCADE')
    })
    this.schema.raw(ROW_SECURITY_FUNCTIONS)
    this.schema.raw(isolateTenantTable('story_keys'))
  }

  async down() {
    this.schema.dropTable('story_keys')
  }
}
