import { BaseSchema } from '@adonisjs/lucid/schema'
import { ROW_SECURITY_FUNCTIONS, isolateTenantTable } from '#database/row_security'

const STATUSES_BEFORE = [
  'unconfirmed',
  'awaiting_moderation',
  'needs_author_input',
  'published',
  'rejected',
  'escalated',
  'hidden',
  'withdrawn',
]

function statusCheck(statuses: string[]) {
  return `alter table stories add constraint stories_status_check check (status in (${statuses
    .map((status) => `'${status}'`)
    .join(', ')}))`
}

/**
 * Provider review for private providers (GP practices, care homes, home
 * care, dental practices, pharmacies): which kinds of service a tenant
 * counts as private providers, how long their review window lasts, the
 * tenant's working hours (an approval out of hours starts the window at the
 * next working-hours start), a story status for the wait, and one review
 * per story recording the window, the provider's request and the
 * moderator's decision. The request's reason is a moderation event (sealed
 * with the story's key), so this table holds no free text.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('tenants', (table) => {
      table.specificType('private_provider_kinds', 'text[]').notNullable().defaultTo('{}')
      table.integer('provider_review_hours').notNullable().defaultTo(72)
      /* 'HH:MM' in the tenant's time zone, Monday to Friday; both or neither. */
      table.string('working_day_starts', 5).nullable()
      table.string('working_day_ends', 5).nullable()
    })
    this.schema.raw(
      `alter table tenants add constraint tenants_provider_review_hours_check check (provider_review_hours between 1 and 720)`
    )
    this.schema.raw(
      `alter table tenants add constraint tenants_working_day_check check ((working_day_starts is null) = (working_day_ends is null) and (working_day_starts is null or working_day_starts < working_day_ends))`
    )
    this.schema.raw('alter table stories drop constraint stories_status_check')
    this.schema.raw(statusCheck([...STATUSES_BEFORE, 'in_provider_review']))

    this.schema.createTable('provider_reviews', (table) => {
      table.bigIncrements('id')
      table
        .bigInteger('tenant_id')
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.bigInteger('story_id').notNullable()
      table
        .bigInteger('approved_by_id')
        .nullable()
        .references('id')
        .inTable('users')
        .onDelete('SET NULL')
      table.timestamp('window_starts_at', { useTz: true }).notNullable()
      table.timestamp('window_ends_at', { useTz: true }).notNullable()
      table
        .bigInteger('requested_by_id')
        .nullable()
        .references('id')
        .inTable('users')
        .onDelete('SET NULL')
      table.timestamp('requested_at', { useTz: true }).nullable()
      table
        .bigInteger('decided_by_id')
        .nullable()
        .references('id')
        .inTable('users')
        .onDelete('SET NULL')
      table.timestamp('decided_at', { useTz: true }).nullable()
      table.string('outcome', 24).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      /* One review per story: a provider asks at most once. */
      table.unique(['tenant_id', 'story_id'])
      table.unique(['tenant_id', 'id'])
      table.index(['tenant_id', 'requested_at'])
      table
        .foreign(['tenant_id', 'story_id'])
        .references(['tenant_id', 'id'])
        .inTable('stories')
        .onDelete('CASCADE')
    })
    this.schema.raw(
      `alter table provider_reviews add constraint provider_reviews_outcome_check check (outcome in ('published_unrequested', 'published', 'edited', 'asked_author', 'rejected', 'escalated', 'withdrawn'))`
    )
    this.schema.raw(ROW_SECURITY_FUNCTIONS)
    this.schema.raw(isolateTenantTable('provider_reviews'))
  }

  async down() {
    this.schema.dropTable('provider_reviews')
    this.schema.raw(
      `update stories set status = 'awaiting_moderation' where status = 'in_provider_review'`
    )
    this.schema.raw('alter table stories drop constraint stories_status_check')
    this.schema.raw(statusCheck(STATUSES_BEFORE))
    this.schema.raw('alter table tenants drop constraint tenants_working_day_check')
    this.schema.raw('alter table tenants drop constraint tenants_provider_review_hours_check')
    this.schema.alterTable('tenants', (table) => {
      table.dropColumn('private_provider_kinds')
      table.dropColumn('provider_review_hours')
      table.dropColumn('working_day_starts')
      table.dropColumn('working_day_ends')
    })
  }
}
