import { BaseSchema } from '@adonisjs/lucid/schema'

export const DEFAULT_SERVICE_KINDS = [
  'health_board',
  'trust',
  'hospital',
  'department',
  'ward',
  'gp_practice',
  'care_home',
  'care_at_home',
  'care_partnership',
  'social_care_service',
  'community_service',
  'mental_health_unit',
  'pharmacy',
  'dental_practice',
  'other',
]

/**
 * The service directory: each tenant's tree of services and its own small
 * tree of areas. "This service and everything below it" is one indexed
 * prefix query on `path` (the ids from the root down, dot separated).
 * Composite foreign keys keep every reference inside its tenant.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw('create extension if not exists pg_trgm')
    this.schema.raw('create extension if not exists btree_gin')

    this.schema.alterTable('tenants', (table) => {
      table
        .specificType('service_kinds', 'text[]')
        .notNullable()
        .defaultTo(this.raw(`'{${DEFAULT_SERVICE_KINDS.join(',')}}'`))
    })

    this.schema.createTable('areas', (table) => {
      table.bigIncrements('id').primary()
      table
        .bigInteger('tenant_id')
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.bigInteger('parent_id').nullable()
      table.string('name', 120).notNullable()
      table.string('slug', 140).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.unique(['tenant_id', 'id'])
      table.unique(['tenant_id', 'slug'])
      table.index(['tenant_id', 'parent_id'])
      table.foreign(['tenant_id', 'parent_id']).references(['tenant_id', 'id']).inTable('areas')
    })
    this.schema.raw(
      'create unique index areas_tenant_name_unique on areas (tenant_id, lower(name))'
    )

    this.schema.createTable('services', (table) => {
      table.bigIncrements('id').primary()
      table
        .bigInteger('tenant_id')
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.string('ref', 100).notNullable()
      table.string('slug', 140).notNullable()
      table.string('name', 200).notNullable()
      table.string('kind', 40).notNullable()
      table.bigInteger('parent_id').nullable()
      table.bigInteger('area_id').notNullable()
      table.text('path').notNullable().defaultTo('')
      table.integer('depth').notNullable().defaultTo(0)
      table.string('external_code', 40).nullable()
      table.string('address', 300).nullable()
      table.string('postcode', 10).nullable()
      table.string('phone', 40).nullable()
      table.string('website', 300).nullable()
      table.text('description').nullable()
      table.string('status', 10).notNullable().defaultTo('open')
      table.bigInteger('merged_into_id').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.unique(['tenant_id', 'id'])
      table.unique(['tenant_id', 'ref'])
      table.unique(['tenant_id', 'slug'])
      table.index(['tenant_id', 'parent_id'])
      table.index(['tenant_id', 'area_id'])
      table.index(['tenant_id', 'external_code'])
      table.foreign(['tenant_id', 'parent_id']).references(['tenant_id', 'id']).inTable('services')
      table.foreign(['tenant_id', 'area_id']).references(['tenant_id', 'id']).inTable('areas')
      table
        .foreign(['tenant_id', 'merged_into_id'])
        .references(['tenant_id', 'id'])
        .inTable('services')
    })
    this.schema.raw(
      `alter table services add constraint services_status_check check (status in ('open', 'closed', 'merged'))`
    )
    this.schema.raw('create index services_subtree on services (tenant_id, path text_pattern_ops)')
    this.schema.raw('create index services_name_order on services (tenant_id, lower(name), id)')
    this.schema.raw(
      'create index services_name_trgm on services using gin (tenant_id, lower(name) gin_trgm_ops)'
    )

    /* A responder's services now have somewhere to point. */
    this.schema.alterTable('membership_services', (table) => {
      table
        .foreign(['tenant_id', 'service_id'])
        .references(['tenant_id', 'id'])
        .inTable('services')
        .onDelete('CASCADE')
    })
  }

  async down() {
    this.schema.alterTable('membership_services', (table) => {
      table.dropForeign(['tenant_id', 'service_id'])
    })
    this.schema.dropTable('services')
    this.schema.dropTable('areas')
    this.schema.alterTable('tenants', (table) => table.dropColumn('service_kinds'))
  }
}
