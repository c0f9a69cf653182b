import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Server-side sessions, read and written by the database store of
 * @adonisjs/session (config/session.ts). The cookie carries only the session
 * id, so deleting a row ends that session everywhere at once: sign-out, sign
 * out everywhere, a password reset, a disabled account, a revoked membership.
 *
 * - `id`, `data`, `user_id` and `expires_at` are the store's own columns:
 *   it upserts `data` and `expires_at` on every write, pushes `expires_at`
 *   forward on every request (idle expiry) and sets `user_id` when a session
 *   is tagged at sign-in (app/services/accounts/staff_sessions.ts).
 * - The rest describe a signed-in session for its owner's list of sessions
 *   (/staff/account), written once at sign-in; the store never touches them.
 *   `public_id` names a session in pages and forms: the id itself is the
 *   secret the cookie carries and never leaves the server. The IP is kept
 *   truncated (IPv4 /24, IPv6 /48), the user agent cut to 300 characters.
 * - Not tenant-owned: a session belongs to a host and an account, and
 *   accounts are platform-level. No `tenant_id`.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('sessions', (table) => {
      table.string('id', 64).primary()
      table.text('data').notNullable()
      table.bigInteger('user_id').nullable().references('id').inTable('users').onDelete('CASCADE')
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.uuid('public_id').notNullable().unique().defaultTo(this.raw('gen_random_uuid()'))
      table.string('host', 255).nullable()
      table.string('user_agent', 300).nullable()
      table.string('ip_prefix', 64).nullable()
      table.timestamp('signed_in_at', { useTz: true }).nullable()
      table.index(['user_id'])
      table.index(['expires_at'])
    })
  }

  async down() {
    this.schema.dropTable('sessions')
  }
}
