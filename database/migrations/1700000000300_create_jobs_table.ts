import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The durable job queue (app/services/platform/job_queue.ts): every email and every
 * scheduled task is a row here until a worker (`node ace queue:work`) has
 * run it.
 *
 * - A worker claims a due row with `select … for update skip locked` inside
 *   a transaction and commits the handler's writes with `finished_at`, so a
 *   worker killed mid-job leaves the row as it was (its lock goes with its
 *   connection) and the next worker runs it again.
 * - `dedupe_key` is unique and kept after the job has run: enqueuing the same
 *   key again is a no-op, for as long as the row exists.
 * - The tenant column is named `context_tenant_id`, not `tenant_id`, on
 *   purpose: the queue is platform infrastructure, not tenant-owned data. It
 *   is nullable (platform jobs have no tenant), is read by the worker only,
 *   never through a tenant-scoped model, and only says which tenant context
 *   a job runs in. The isolation tests hold every `tenant_id` column to the
 *   tenant-owned rules (scoped model, NOT NULL), which do not apply here.
 *   Deleting a tenant still deletes its pending jobs.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('jobs', (table) => {
      table.bigIncrements('id').primary()
      table
        .bigInteger('context_tenant_id')
        .nullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.string('name', 120).notNullable()
      table.jsonb('payload').notNullable().defaultTo('{}')
      table.string('dedupe_key', 255).nullable().unique()
      table.timestamp('run_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.integer('attempts').notNullable().defaultTo(0)
      table.integer('max_attempts').notNullable().defaultTo(8)
      table.text('last_error').nullable()
      table.timestamp('finished_at', { useTz: true }).nullable()
      /* Set when the job gave up after max_attempts. */
      table.timestamp('failed_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      /* Makes ON DELETE CASCADE from tenants cheap. */
      table.index(['context_tenant_id'])
    })
    this.schema.raw(
      'alter table jobs add constraint jobs_max_attempts_check check (max_attempts >= 1)'
    )
    /* What a worker looks for: the next due job, in order. */
    this.schema.raw(
      'create index jobs_due on jobs (run_at, id) where finished_at is null and failed_at is null'
    )
  }

  async down() {
    this.schema.dropTable('jobs')
  }
}
