import { BaseSchema } from '@adonisjs/lucid/schema'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import {
  ROW_SECURITY_FUNCTIONS,
  TENANT_TABLES_SQL,
  isolateTenantTable,
  releaseTenantTable,
  separateAppRole,
} from '#database/row_security'

/**
 * Tenant isolation in PostgreSQL itself, under the model scope: row-level
 * security on every table with a tenant_id (see database/row_security.ts),
 * and the table rights of the app's own role, which owns nothing.
 *
 * A later migration that creates a tenant-owned table runs
 * `isolateTenantTable(name)` itself; tests/functional/tenancy/row_security
 * fails for any table with a tenant_id and no policy.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(ROW_SECURITY_FUNCTIONS)
    this.defer(async (db) => {
      const { rows } = await db.rawQuery<{ rows: { table_name: string }[] }>(TENANT_TABLES_SQL)
      for (const { table_name: table } of rows) await db.rawQuery(isolateTenantTable(table))
      await grantToAppRole(db)
    })
  }

  async down() {
    this.defer(async (db) => {
      const { rows } = await db.rawQuery<{ rows: { table_name: string }[] }>(TENANT_TABLES_SQL)
      for (const { table_name: table } of rows) await db.rawQuery(releaseTenantTable(table))
      await db.rawQuery('drop function if exists carevoice_current_tenant()')
      await db.rawQuery('drop function if exists carevoice_across_tenants()')
    })
  }
}

/**
 * The app's role (DB_USER) reads and writes rows, now and in every table the
 * owner creates later; it never owns, alters or drops anything. Nothing to do
 * when one role plays both parts.
 */
async function grantToAppRole(db: QueryClientContract) {
  const role = await separateAppRole(db)
  if (!role) return
  await db.rawQuery(`
    grant usage on schema public to ${role};
    grant select, insert, update, delete on all tables in schema public to ${role};
    grant usage, select on all sequences in schema public to ${role};
    alter default privileges in schema public grant select, insert, update, delete on tables to ${role};
    alter default privileges in schema public grant usage, select on sequences to ${role};
    revoke all on adonis_schema, adonis_schema_versions from ${role};
  `)
  /*
   * After a directory import the app refreshes the planner's statistics
   * (ANALYZE). PostgreSQL 17 lets a role that owns nothing do that through
   * MAINTAIN; on older servers autovacuum catches up instead.
   */
  const versionResult = await db.rawQuery(
    `select current_setting('server_version_num')::int as version`
  )
  const version = versionResult.rows[0].version as number
  if (version >= 170000) {
    await db.rawQuery(`
      grant maintain on all tables in schema public to ${role};
      alter default privileges in schema public grant maintain on tables to ${role};
      revoke maintain on adonis_schema, adonis_schema_versions from ${role};
    `)
  }
}
