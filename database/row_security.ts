/**
 * Row-level security for tenant-owned tables, shared by the migrations.
 *
 * Every table with a `tenant_id` column shows and accepts only the rows of
 * the tenant named by the per-connection setting `app.tenant_id`, which
 * app/tenancy/row_security.ts keeps equal to the tenancy context before each
 * query: a tenant id, `*` inside `tenancy.acrossTenants`, or empty outside
 * any tenant (then no rows at all). FORCE makes the rule apply to the
 * table's owner too; only a superuser or a BYPASSRLS role escapes it, and
 * the app's role is neither.
 *
 * The two functions are wrapped in `(select …)` in the policy so PostgreSQL
 * evaluates them once per query (an InitPlan), not once per row.
 */
export const TENANT_SETTING = 'app.tenant_id'

export const ROW_SECURITY_FUNCTIONS = `
create or replace function carevoice_current_tenant() returns bigint
  language sql stable parallel safe as $$
    select case when current_setting('${TENANT_SETTING}', true) ~ '^[0-9]{1,18}$'
                then current_setting('${TENANT_SETTING}', true)::bigint end
  $$;
create or replace function carevoice_across_tenants() returns boolean
  language sql stable parallel safe as $$
    select coalesce(current_setting('${TENANT_SETTING}', true), '') = '*'
  $$;
`

/** SQL that isolates one tenant-owned table (idempotent). */
export function isolateTenantTable(table: string) {
  const name = `"${table.replaceAll('"', '""')}"`
  const rule =
    '(tenant_id = (select carevoice_current_tenant()) or (select carevoice_across_tenants()))'
  return `
alter table ${name} enable row level security;
alter table ${name} force row level security;
drop policy if exists tenant_isolation on ${name};
create policy tenant_isolation on ${name} using ${rule} with check ${rule};
`
}

/** SQL that removes what isolateTenantTable added. */
export function releaseTenantTable(table: string) {
  const name = `"${table.replaceAll('"', '""')}"`
  return `
drop policy if exists tenant_isolation on ${name};
alter table ${name} no force row level security;
alter table ${name} disable row level security;
`
}

/** Tables of the current schema that have a tenant_id column. */
export const TENANT_TABLES_SQL = `
select c.relname as table_name
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace and n.nspname = current_schema()
  join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
 where c.relkind in ('r', 'p')
 order by c.relname`

type RawClient = {
  rawQuery(sql: string, bindings?: string[]): PromiseLike<{ rows: Record<string, unknown>[] }>
}

/**
 * The app's own role (DB_USER), quoted for SQL, when it is a role apart from
 * the owner running the migration; null when one role plays both parts.
 */
export async function separateAppRole(db: RawClient): Promise<string | null> {
  const appRole = process.env.DB_USER
  if (!appRole) return null
  const { rows } = await db.rawQuery(
    'select current_user as owner, exists(select 1 from pg_roles where rolname = ?) as found',
    [appRole]
  )
  if (appRole === rows[0].owner || !rows[0].found) return null
  return `"${appRole.replaceAll('"', '""')}"`
}
