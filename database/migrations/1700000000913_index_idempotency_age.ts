import { BaseSchema } from '@adonisjs/lucid/schema'

/** The hourly prune of API idempotency answers finds the old ones by age (#services/api/idempotency). */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(
      'create index api_idempotency_keys_created on api_idempotency_keys (created_at)'
    )
  }

  async down() {
    this.schema.raw('drop index if exists api_idempotency_keys_created')
  }
}
