/**
 * What a tenant is made of, read from PostgreSQL's catalog rather than
 * listed by hand, so a table added by a later migration travels with its
 * tenant without anyone remembering to add it here.
 *
 * - every table with a `tenant_id` column is the tenant's, except those in
 *   EXCLUDED_TABLES (each with the reason); tests/functional/tenant_transfer
 *   fails for a tenant table that is neither;
 * - ids are rewritten on import along the foreign keys: a column that
 *   references `x.id` gets x's new id. Columns that hold ids without a
 *   foreign key are named in ID_BEARING_COLUMNS, with how to rewrite them;
 *   the same test fails for an `*_id` column that is neither;
 * - platform rows that belong to the tenant travel too: the tenant row, the
 *   staff accounts holding memberships there, and its jobs not yet run.
 */
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { TENANT_TABLES_SQL } from '#database/row_security'

/** Tenant tables that do not travel, and why. */
export const EXCLUDED_TABLES: Record<string, string> = {
  story_listings: 'derived from stories, services, areas and tags; rebuilt on import',
}

/** Which rows of a tenant table travel, when not all of them. */
export const ROW_FILTERS: Record<string, string> = {
  staff_invitations: 'accepted_at is null and expires_at > now()',
}

/** Platform tables with rows of the tenant: how those rows are chosen (`?` is the tenant id). */
export const PLATFORM_ROWS: Record<string, string> = {
  tenants: 'id = ?',
  users: 'id in (select user_id from memberships where tenant_id = ?)',
  jobs: 'context_tenant_id = ? and finished_at is null and failed_at is null',
}

export type IdRewrite =
  | { kind: 'dotted_path'; table: string }
  | { kind: 'id_array'; table: string }
  | { kind: 'audit_subject' }
  | { kind: 'job_payload' }
  | { kind: 'moved_new_id' }
  /* A story search's tag filter is a tag id: in saved criteria (JSON) or a query string. */
  | { kind: 'search_tag'; format: 'json' | 'query' }
  | { kind: 'not_an_id'; why: string }

/** Columns holding ids (or named like it) that no foreign key describes. */
export const ID_BEARING_COLUMNS: Record<string, IdRewrite> = {
  'services.path': { kind: 'dotted_path', table: 'services' },
  'staff_invitations.service_ids': { kind: 'id_array', table: 'services' },
  'api_keys.service_ids': { kind: 'id_array', table: 'services' },
  'audit_events.subject_id': { kind: 'audit_subject' },
  'jobs.payload': { kind: 'job_payload' },
  'tenants.imported_archive_id': { kind: 'not_an_id', why: 'an archive identifier' },
  'moved_ids.old_id': { kind: 'not_an_id', why: 'an id on an earlier deployment, kept as it was' },
  'moved_ids.new_id': { kind: 'moved_new_id' },
  'saved_searches.criteria': { kind: 'search_tag', format: 'json' },
  'subscriptions.search_query': { kind: 'search_tag', format: 'query' },
}

/** The table an audit entry's `subject_type` names. */
export const AUDIT_SUBJECT_TABLES: Record<string, string> = {
  api_key: 'api_keys',
  area: 'areas',
  invitation: 'staff_invitations',
  membership: 'memberships',
  moderation_reason: 'moderation_reasons',
  response: 'responses',
  response_check: 'response_checks',
  service: 'services',
  story: 'stories',
  story_tag: 'story_tags',
  user: 'users',
  tenant: 'tenants',
}

/** The table a job payload's `…Id` key names. */
export const JOB_PAYLOAD_TABLES: Record<string, string> = {
  storyId: 'stories',
  responseId: 'responses',
  replyId: 'author_replies',
  subscriptionId: 'subscriptions',
  userId: 'users',
  serviceId: 'services',
  areaId: 'areas',
  tagId: 'story_tags',
  invitationId: 'staff_invitations',
  membershipId: 'memberships',
}

export type Column = { name: string; nullable: boolean; generated: boolean }
export type ForeignKey = {
  table: string
  columns: string[]
  refTable: string
  refColumns: string[]
}
export type TableShape = {
  name: string
  columns: Column[]
  /** A single bigint `id` primary key filled from a sequence: new ids on import. */
  idSequence: string | null
  /** column → the table whose id it holds (through a foreign key). */
  references: Record<string, string>
}

export type Catalog = {
  /** Every table that travels, parents before children. */
  tables: TableShape[]
  tenantTables: string[]
}

export async function tenantTables(client: QueryClientContract): Promise<string[]> {
  const { rows } = await client.rawQuery<{ rows: { table_name: string }[] }>(TENANT_TABLES_SQL)
  return rows.map((row) => row.table_name)
}

async function columnsOf(client: QueryClientContract, tables: string[]) {
  const { rows } = await client.rawQuery<{
    rows: { table_name: string; column_name: string; is_nullable: string; is_generated: string }[]
  }>(
    `select table_name, column_name, is_nullable, is_generated
       from information_schema.columns
      where table_schema = current_schema() and table_name = any(?)
      order by table_name, ordinal_position`,
    [tables]
  )
  const byTable = new Map<string, Column[]>()
  for (const row of rows) {
    const list = byTable.get(row.table_name) ?? []
    list.push({
      name: row.column_name,
      nullable: row.is_nullable === 'YES',
      generated: row.is_generated === 'ALWAYS',
    })
    byTable.set(row.table_name, list)
  }
  return byTable
}

export async function foreignKeys(client: QueryClientContract): Promise<ForeignKey[]> {
  const { rows } = await client.rawQuery<{
    rows: { table_name: string; ref_table: string; columns: string[]; ref_columns: string[] }[]
  }>(
    `select cl.relname as table_name, rf.relname as ref_table,
            array(select a.attname::text from unnest(c.conkey) with ordinality k(n, i)
                    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i) as columns,
            array(select a.attname::text from unnest(c.confkey) with ordinality k(n, i)
                    join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.i) as ref_columns
       from pg_constraint c
       join pg_class cl on cl.oid = c.conrelid
       join pg_class rf on rf.oid = c.confrelid
      where c.contype = 'f' and cl.relnamespace = current_schema()::regnamespace
      order by cl.relname, c.conname`
  )
  return rows.map((row) => ({
    table: row.table_name,
    refTable: row.ref_table,
    columns: row.columns,
    refColumns: row.ref_columns,
  }))
}

async function idSequences(client: QueryClientContract, tables: string[]) {
  const { rows } = await client.rawQuery<{
    rows: { table_name: string; sequence: string | null }[]
  }>(
    `select c.table_name, pg_get_serial_sequence(quote_ident(c.table_name), 'id') as sequence
       from information_schema.columns c
      where c.table_schema = current_schema() and c.table_name = any(?) and c.column_name = 'id'`,
    [tables]
  )
  return new Map(rows.map((row) => [row.table_name, row.sequence]))
}

/** Parents before children; a table's references to itself are filled in afterwards. */
function inDependencyOrder(shapes: TableShape[]) {
  const remaining = new Map(shapes.map((shape) => [shape.name, shape]))
  const ordered: TableShape[] = []
  while (remaining.size > 0) {
    const ready = [...remaining.values()].filter((shape) =>
      Object.values(shape.references).every(
        (table) => table === shape.name || !remaining.has(table)
      )
    )
    if (ready.length === 0) {
      throw new Error(`circular foreign keys between ${[...remaining.keys()].join(', ')}`)
    }
    for (const shape of ready.sort((a, b) => a.name.localeCompare(b.name))) {
      ordered.push(shape)
      remaining.delete(shape.name)
    }
  }
  return ordered
}

/** The shape of everything that travels with a tenant, on this database. */
export async function readCatalog(client: QueryClientContract): Promise<Catalog> {
  const tenantOwned = await tenantTables(client)
  const names = [
    ...Object.keys(PLATFORM_ROWS),
    ...tenantOwned.filter((name) => !(name in EXCLUDED_TABLES)),
  ]
  const [columns, keys, sequences] = await Promise.all([
    columnsOf(client, names),
    foreignKeys(client),
    idSequences(client, names),
  ])
  const shapes = names.map((name): TableShape => {
    const references: Record<string, string> = {}
    for (const key of keys.filter((candidate) => candidate.table === name)) {
      key.columns.forEach((column, index) => {
        if (key.refColumns[index] === 'id') references[column] = key.refTable
      })
    }
    return {
      name,
      columns: columns.get(name) ?? [],
      idSequence: sequences.get(name) ?? null,
      references,
    }
  })
  return { tables: inDependencyOrder(shapes), tenantTables: tenantOwned }
}
