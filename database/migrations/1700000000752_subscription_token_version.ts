import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Unsubscribe tokens can be rotated: the token is derived from the
 * subscription and this version (app/services/notifications/subscription_tokens.ts); raising it
 * makes every earlier link of that subscription stop working.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('subscriptions', (table) => {
      table.integer('token_version').notNullable().defaultTo(1)
    })
  }

  async down() {
    this.schema.alterTable('subscriptions', (table) => {
      table.dropColumn('token_version')
    })
  }
}
