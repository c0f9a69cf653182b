import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Staff accounts and their rights: memberships (user, tenant, role, and for
 * responders the services they cover), invitations, password resets, the
 * append-only audit log, and the rate-limit counters of @adonisjs/limiter.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('users', (table) => {
      table.string('job_title', 120).nullable()
      table.integer('failed_sign_in_count').notNullable().defaultTo(0)
      table.timestamp('locked_until', { useTz: true }).nullable()
      table.text('totp_secret').nullable()
      table.timestamp('totp_enabled_at', { useTz: true }).nullable()
      table.jsonb('recovery_codes').notNullable().defaultTo('[]')
    })

    this.schema.alterTable('tenants', (table) => {
      table.boolean('require_two_factor').notNullable().defaultTo(false)
    })

    this.schema.createTable('memberships', (table) => {
      table.bigIncrements('id').primary()
      table
        .bigInteger('tenant_id')
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table
        .bigInteger('user_id')
        .notNullable()
        .references('id')
        .inTable('users')
        .onDelete('CASCADE')
      table.string('role', 32).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.unique(['tenant_id', 'id'])
      table.unique(['tenant_id', 'user_id', 'role'])
    })
    this.schema.raw(
      `alter table memberships add constraint memberships_role_check check (role in ('tenant_admin', 'moderator', 'responder'))`
    )

    /* A responder's services; the foreign key to services arrives with the directory. */
    this.schema.createTable('membership_services', (table) => {
      table.bigIncrements('id').primary()
      table
        .bigInteger('tenant_id')
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.bigInteger('membership_id').notNullable()
      table.bigInteger('service_id').notNullable()
      table.unique(['tenant_id', 'membership_id', 'service_id'])
      table
        .foreign(['tenant_id', 'membership_id'])
        .references(['tenant_id', 'id'])
        .inTable('memberships')
        .onDelete('CASCADE')
    })

    this.schema.createTable('staff_invitations', (table) => {
      table.bigIncrements('id').primary()
      table
        .bigInteger('tenant_id')
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.string('email', 254).notNullable()
      table.string('role', 32).notNullable()
      table.specificType('service_ids', 'bigint[]').notNullable().defaultTo('{}')
      table.string('token_hash', 64).notNullable().unique()
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.timestamp('accepted_at', { useTz: true }).nullable()
      table
        .bigInteger('invited_by_id')
        .nullable()
        .references('id')
        .inTable('users')
        .onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.unique(['tenant_id', 'id'])
      table.index(['tenant_id', 'email'])
    })

    /* Platform-level (users are); a link works only on the host it was asked on. */
    this.schema.createTable('password_resets', (table) => {
      table.bigIncrements('id').primary()
      table
        .bigInteger('user_id')
        .notNullable()
        .references('id')
        .inTable('users')
        .onDelete('CASCADE')
      table.string('host', 253).notNullable()
      table.string('token_hash', 64).notNullable().unique()
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.timestamp('used_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
    })

    for (const [name, withTenant] of [
      ['audit_events', true],
      ['platform_audit_events', false],
    ] as const) {
      this.schema.createTable(name, (table) => {
        table.bigIncrements('id').primary()
        if (withTenant) {
          table
            .bigInteger('tenant_id')
            .notNullable()
            .references('id')
            .inTable('tenants')
            .onDelete('CASCADE')
        } else {
          table.string('tenant_slug', 63).nullable()
        }
        table
          .bigInteger('actor_id')
          .nullable()
          .references('id')
          .inTable('users')
          .onDelete('SET NULL')
        table.string('actor_email', 254).nullable()
        table.string('action', 64).notNullable()
        table.string('subject_type', 64).nullable()
        table.string('subject_id', 64).nullable()
        table.jsonb('details').notNullable().defaultTo('{}')
        table.string('ip', 64).nullable()
        table.timestamp('created_at', { useTz: true }).notNullable()
        if (withTenant) table.index(['tenant_id', 'created_at', 'id'])
        else table.index(['created_at', 'id'])
      })
    }
    /* The log is append-only, whatever the application does. */
    this.schema.raw(`
      create or replace function audit_events_are_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'the audit log is append-only';
      end $$`)
    this.schema.raw(
      `create trigger audit_events_append_only before update or delete on audit_events for each row execute function audit_events_are_append_only()`
    )
    this.schema.raw(
      `create trigger platform_audit_events_append_only before update or delete on platform_audit_events for each row execute function audit_events_are_append_only()`
    )

    this.schema.createTable('rate_limits', (table) => {
      table.string('key', 255).notNullable().primary()
      table.integer('points', 9).notNullable().defaultTo(0)
      table.bigint('expire').unsigned()
    })
  }

  async down() {
    this.schema.dropTable('rate_limits')
    this.schema.dropTable('platform_audit_events')
    this.schema.dropTable('audit_events')
    this.schema.raw('drop function if exists audit_events_are_append_only')
    this.schema.dropTable('password_resets')
    this.schema.dropTable('staff_invitations')
    this.schema.dropTable('membership_services')
    this.schema.dropTable('memberships')
    this.schema.alterTable('tenants', (table) => table.dropColumn('require_two_factor'))
    this.schema.alterTable('users', (table) => {
      for (const column of [
        'job_title',
        'failed_sign_in_count',
        'locked_until',
        'totp_secret',
        'totp_enabled_at',
        'recovery_codes',
      ]) {
        table.dropColumn(column)
      }
    })
  }
}
