import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The API's rate-limit buckets are written on every API request (one
 * upsert each, #services/api/rate_limits). Their rows are worth nothing
 * after a crash (at worst a client gets a fresh burst), so the table is
 * unlogged: its writes skip the write-ahead log and so wait for no disk
 * flush at each commit. PostgreSQL empties an unlogged table after a
 * crash, and does not copy it to replicas; the limits are only ever read
 * and written on the primary.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw('alter table api_rate_limits set unlogged')
  }

  async down() {
    this.schema.raw('alter table api_rate_limits set logged')
  }
}
