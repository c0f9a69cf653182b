import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * IP addresses and actor emails in the audit logs are kept for a limited
 * time (each tenant's `audit_personal_days`, shown on its settings and
 * audit pages; a year in the national log), then purged by a daily job
 * (app/services/privacy/audit_retention.ts).
 *
 * The logs stay append-only: the trigger now allows exactly one kind of
 * update, the one that sets `ip` and `actor_email` to null and changes
 * nothing else, so a purged entry keeps its shape (who by account id,
 * what, when, on what). Deletes are still refused.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('tenants', (table) => {
      table.integer('audit_personal_days').notNullable().defaultTo(180)
    })
    this.schema.raw(
      'alter table tenants add constraint tenants_audit_personal_days_check check (audit_personal_days between 30 and 3650)'
    )
    this.schema.raw(`
      create or replace function audit_events_allow_personal_purge() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' and new.ip is null and new.actor_email is null
           and (to_jsonb(new) - 'ip' - 'actor_email') = (to_jsonb(old) - 'ip' - 'actor_email') then
          return new;
        end if;
        raise exception 'the audit log is append-only';
      end $$`)
    for (const table of ['audit_events', 'platform_audit_events']) {
      this.schema.raw(`drop trigger ${table}_append_only on ${table}`)
      this.schema.raw(
        `create trigger ${table}_append_only before update or delete on ${table} for each row execute function audit_events_allow_personal_purge()`
      )
    }
  }

  async down() {
    for (const table of ['audit_events', 'platform_audit_events']) {
      this.schema.raw(`drop trigger ${table}_append_only on ${table}`)
      this.schema.raw(
        `create trigger ${table}_append_only before update or delete on ${table} for each row execute function audit_events_are_append_only()`
      )
    }
    this.schema.raw('drop function if exists audit_events_allow_personal_purge')
    this.schema.alterTable('tenants', (table) => {
      table.dropColumn('audit_personal_days')
    })
  }
}
