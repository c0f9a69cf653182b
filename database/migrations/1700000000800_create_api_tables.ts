import { BaseSchema } from '@adonisjs/lucid/schema'
import { isolateTenantTable } from '#database/row_security'
import { publiclyVisibleSql } from '#models/story'

/**
 * The public API v1 (#services/api):
 * - `api_keys`: a tenant admin's keys. Only the SHA-256 of the secret is
 *   kept (the key is random, 256 bits, shown once), with a short prefix
 *   the admins recognise it by. `service_ids` limits the key to those
 *   services and everything below them (empty: the whole tenant).
 * - `api_idempotency_keys`: the first answer to a partner's
 *   `Idempotency-Key`, per API key, so a retry returns it again.
 * - `api_rate_limits`: one row per rate-limit bucket (an API key or a
 *   keyed hash of an IP address), holding the GCRA "theoretical arrival
 *   time": one upsert per request, shared by every app instance. Not
 *   tenant data: a bucket names a key id or a hash, nothing readable.
 * - an index on stories for a partner's sync ("changed since"), in the
 *   order the sync pages through them.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('api_keys', (table) => {
      table.bigIncrements('id')
      table
        .bigInteger('tenant_id')
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.string('name', 80).notNullable()
      table.specificType('scopes', 'text[]').notNullable()
      table.specificType('service_ids', 'bigint[]').notNullable().defaultTo('{}')
      table.string('prefix', 16).notNullable()
      table.string('secret_hash', 64).notNullable()
      table.bigInteger('created_by_id').nullable().references('id').inTable('users')
      /* Requests a second (and the burst on top): null is the default rate. */
      table.integer('rate_per_second').nullable()
      table.timestamp('last_used_at', { useTz: true }).nullable()
      table.timestamp('rotated_at', { useTz: true }).nullable()
      table.timestamp('revoked_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.unique(['tenant_id', 'id'])
      table.unique(['tenant_id', 'secret_hash'])
      table.index(['tenant_id', 'created_at'])
    })
    this.schema.raw(`alter table api_keys add constraint api_keys_scopes_check
      check (scopes <@ array['read', 'staff-read', 'submit', 'respond']::text[])`)
    this.schema.raw(isolateTenantTable('api_keys'))

    this.schema.createTable('api_idempotency_keys', (table) => {
      table
        .bigInteger('tenant_id')
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.bigInteger('api_key_id').notNullable()
      table.string('idempotency_key', 255).notNullable()
      /* SHA-256 of the request (method, path, body): the same key with another body is refused. */
      table.string('request_hash', 64).notNullable()
      table.bigInteger('story_id').nullable()
      table.integer('status').notNullable()
      table.jsonb('answer').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.primary(['tenant_id', 'api_key_id', 'idempotency_key'])
      table
        .foreign(['tenant_id', 'api_key_id'])
        .references(['tenant_id', 'id'])
        .inTable('api_keys')
        .onDelete('CASCADE')
      table
        .foreign(['tenant_id', 'story_id'])
        .references(['tenant_id', 'id'])
        .inTable('stories')
        .onDelete('CASCADE')
    })
    this.schema.raw(isolateTenantTable('api_idempotency_keys'))

    this.schema.createTable('api_rate_limits', (table) => {
      table.string('bucket', 80).notNullable().primary()
      table.timestamp('arrival_at', { useTz: true }).notNullable()
    })

    this.schema.raw(`create index stories_api_sync on stories (tenant_id, updated_at, id)
      where published_at is not null`)
    this.schema.raw(`create index stories_api_published on stories (tenant_id, updated_at, id)
      where ${publiclyVisibleSql('stories')}`)
  }

  async down() {
    this.schema.raw('drop index if exists stories_api_published')
    this.schema.raw('drop index if exists stories_api_sync')
    this.schema.dropTable('api_rate_limits')
    this.schema.dropTable('api_idempotency_keys')
    this.schema.dropTable('api_keys')
  }
}
