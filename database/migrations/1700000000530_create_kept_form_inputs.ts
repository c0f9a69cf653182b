import { BaseSchema } from '@adonisjs/lucid/schema'
import { ROW_SECURITY_FUNCTIONS, isolateTenantTable } from '#database/row_security'

/**
 * What a member of staff had typed when their session ended: kept for a
 * short while under a random token (only its hash stored here; the token
 * lives in a short-lived cookie of its own, since the session is gone), and
 * given back once, on the page they were on, after they sign in again.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('kept_form_inputs', (table) => {
      table.bigIncrements('id')
      table
        .bigInteger('tenant_id')
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.string('token_hash', 64).notNullable()
      /* Who was signed in when the session ended, when the browser still said so. */
      table.bigInteger('user_id').nullable().references('id').inTable('users').onDelete('CASCADE')
      table.string('return_path', 500).notNullable()
      table.jsonb('fields').notNullable()
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.unique(['tenant_id', 'token_hash'])
      table.index(['tenant_id', 'expires_at'])
    })
    /* Tenant-owned: row security of its own, whichever order the migrations ran in. */
    this.schema.raw(ROW_SECURITY_FUNCTIONS)
    this.schema.raw(isolateTenantTable('kept_form_inputs'))
  }

  async down() {
    this.schema.dropTable('kept_form_inputs')
  }
}
