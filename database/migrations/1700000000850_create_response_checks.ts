import { BaseSchema } from '@adonisjs/lucid/schema'
import { isolateTenantTable } from '#database/row_security'

/**
 * Checked responses and fast-track. A response from a responder without
 * fast-track waits in `response_checks` until a moderator approves it (as
 * written, or edited with a note) or sends it back with a note; only an
 * approved one becomes a row of `responses`, so everything that reads
 * responses (pages, feeds, figures, progress, the API) sees published ones
 * only, without a filter to remember. The outcome columns are kept after
 * approval: they are the record on which fast-track is suggested.
 *
 * Fast-track is held per responder membership, granted and withdrawn by a
 * moderator (both audited).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('response_checks', (table) => {
      table.bigIncrements('id')
      table
        .bigInteger('tenant_id')
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.bigInteger('story_id').notNullable()
      table.bigInteger('service_id').notNullable()
      table
        .bigInteger('author_id')
        .nullable()
        .references('id')
        .inTable('users')
        .onDelete('SET NULL')
      /* What will be published (the responder's text, or the moderator's edit of it). */
      table.text('body').notNullable()
      /* What the responder last submitted, so an edit can be shown and recorded. */
      table.text('submitted_body').notNullable()
      table.string('change_kind', 16).nullable()
      table.text('change_description').nullable()
      table.string('status', 16).notNullable().defaultTo('awaiting')
      table.smallint('times_sent_back').notNullable().defaultTo(0)
      table.boolean('edited').notNullable().defaultTo(false)
      /* The moderator's last note to the responder (with an edit or a sending back). */
      table.text('note').nullable()
      table
        .bigInteger('checked_by_id')
        .nullable()
        .references('id')
        .inTable('users')
        .onDelete('SET NULL')
      table.timestamp('checked_at', { useTz: true }).nullable()
      /* Set once published; for an edit of a published response, the response it changes. */
      table.bigInteger('response_id').nullable()
      table.boolean('is_revision').notNullable().defaultTo(false)
      table.timestamp('submitted_at', { useTz: true }).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.unique(['tenant_id', 'id'])
      table.index(['tenant_id', 'status', 'submitted_at', 'id'])
      table.index(['tenant_id', 'author_id', 'checked_at'])
      table.index(['tenant_id', 'story_id'])
      table
        .foreign(['tenant_id', 'story_id'])
        .references(['tenant_id', 'id'])
        .inTable('stories')
        .onDelete('CASCADE')
      table.foreign(['tenant_id', 'service_id']).references(['tenant_id', 'id']).inTable('services')
    })
    /* Deleting a published response (in its edit window) keeps the record of its check. */
    this.schema.raw(
      `alter table response_checks add constraint response_checks_response_fk
         foreign key (tenant_id, response_id) references responses (tenant_id, id) on delete set null (response_id)`
    )
    this.schema.raw(
      `alter table response_checks add constraint response_checks_status_check check (
         status in ('awaiting', 'sent_back', 'approved')
         and (change_kind is null or change_kind in ('planned', 'made'))
         and (status <> 'approved' or checked_at is not null))`
    )
    this.schema.raw(isolateTenantTable('response_checks'))

    this.schema.alterTable('memberships', (table) => {
      table.timestamp('fast_track_granted_at', { useTz: true }).nullable()
      table
        .bigInteger('fast_track_granted_by_id')
        .nullable()
        .references('id')
        .inTable('users')
        .onDelete('SET NULL')
    })
  }

  async down() {
    this.schema.alterTable('memberships', (table) => {
      table.dropColumn('fast_track_granted_by_id')
      table.dropColumn('fast_track_granted_at')
    })
    this.schema.dropTable('response_checks')
  }
}
