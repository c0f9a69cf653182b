/**
 * Tenant isolation enforced by PostgreSQL itself, under the model scope:
 * raw SQL run as the app's own role sees and writes only the current
 * tenant's rows (database/row_security.ts, app/tenancy/row_security.ts).
 */
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import pg from 'pg'
import { appRoleProblem } from '#start/database_check'
import Tenant from '#models/tenant'
import { seedDemoData } from '#services/platform/demo_data'
import { tenancy } from '#tenancy/context'
import { TENANT_TABLES_SQL } from '#database/row_security'
import { isolateEachTest } from '#tests/helpers/tenants'

async function tenantTables(): Promise<string[]> {
  const { rows } = await db.rawQuery(TENANT_TABLES_SQL)
  return rows.map((row: { table_name: string }) => row.table_name)
}

/** The demo tenants; Fife, whose demo data fills most tables, is the one whose rows are at stake. */
async function seededTenants() {
  await seedDemoData()
  const [fife, england] = await Promise.all([
    Tenant.findByOrFail('slug', 'fife'),
    Tenant.findByOrFail('slug', 'england'),
  ])
  return { fife, england }
}

async function count(sql: string, bindings: number[] = []) {
  const { rows } = await db.rawQuery(sql, bindings)
  return Number(rows[0].total)
}

/**
 * Tables the demo data leaves empty for Fife. Their policy is the very same
 * one (checked above for every table), so its behaviour is proven on the
 * others; a new table must be either filled by the demo data or listed here.
 */
const NOT_IN_DEMO = new Set<string>([
  'api_idempotency_keys',
  'api_keys',
  'kept_form_inputs',
  'moved_ids',
  'provider_reviews',
  'saved_search_deliveries',
  'saved_searches',
  'story_keys',
  'tenant_logos',
])

test.group('Row-level security', (group) => {
  isolateEachTest(group)

  test('the app connects as a role that owns nothing, is no superuser and cannot bypass row security', async ({
    assert,
  }) => {
    const { rows } = await db.rawQuery(`
      select r.rolname, r.rolsuper, r.rolbypassrls,
             (select count(*) from pg_class c where c.relowner = r.oid and c.relkind in ('r', 'p', 'v', 'm', 'S')) as owned
        from pg_roles r where r.rolname = current_user`)
    assert.isFalse(rows[0].rolsuper, `${rows[0].rolname} is a superuser`)
    assert.isFalse(rows[0].rolbypassrls, `${rows[0].rolname} bypasses row security`)
    assert.equal(Number(rows[0].owned), 0, `${rows[0].rolname} owns tables`)
  })

  test('every table with a tenant_id has row security enabled, forced, and the tenant policy', async ({
    assert,
  }) => {
    const tables = await tenantTables()
    assert.isAbove(tables.length, 20)
    const { rows } = await db.rawQuery(
      `select c.relname, c.relrowsecurity, c.relforcerowsecurity,
              p.qual, p.with_check, p.permissive, p.cmd
         from pg_class c
         join pg_namespace n on n.oid = c.relnamespace and n.nspname = current_schema()
         left join pg_policies p on p.tablename = c.relname and p.schemaname = n.nspname and p.policyname = 'tenant_isolation'
        where c.relname = any(?)`,
      [tables]
    )
    const expected = rows.find((row: { relname: string }) => row.relname === 'stories').qual
    assert.include(expected, 'carevoice_current_tenant()')
    for (const row of rows) {
      assert.isTrue(row.relrowsecurity, `${row.relname}: row security is not enabled`)
      assert.isTrue(row.relforcerowsecurity, `${row.relname}: row security is not forced`)
      assert.equal(row.cmd, 'ALL', `${row.relname}: no tenant_isolation policy for every command`)
      assert.equal(row.qual, expected, `${row.relname}: its policy differs`)
      assert.equal(row.with_check, expected, `${row.relname}: its check differs`)
    }
    const others = await db.rawQuery(
      `select tablename, policyname from pg_policies where schemaname = current_schema() and policyname <> 'tenant_isolation'`
    )
    assert.deepEqual(others.rows, [], 'no other policy may widen what a tenant sees')
  })

  test('raw SQL in one tenant reads none of another tenant’s rows, and none at all with no tenant', async ({
    assert,
  }) => {
    const { fife, england } = await seededTenants()
    const unexercised: string[] = []
    for (const table of await tenantTables()) {
      const all = `select count(*) as total from "${table}"`
      const ofTenant = `select count(*) as total from "${table}" where tenant_id = ?`
      const [fifeRows, englandRows] = await tenancy.acrossTenants('count both tenants', () =>
        Promise.all([count(ofTenant, [fife.id]), count(ofTenant, [england.id])])
      )
      if (fifeRows === 0 && !NOT_IN_DEMO.has(table)) unexercised.push(table)

      await tenancy.run(england, async () => {
        assert.equal(await count(ofTenant, [fife.id]), 0, `${table}: England reads Fife rows`)
        assert.equal(await count(all), englandRows, `${table}: England sees rows not its own`)
      })
      assert.equal(await count(all), 0, `${table}: rows visible with no tenant`)
    }
    assert.deepEqual(unexercised, [], 'tables the demo data leaves empty for Fife')
  })

  test('queries sent at once on one connection each run in their own tenant', async ({
    assert,
  }) => {
    const { fife, england } = await seededTenants()
    const own = (tenant: { id: number; slug: string }) =>
      tenancy.run(tenant, async () => {
        const { rows } = await db.rawQuery('select distinct tenant_id from services')
        return rows.map((row: { tenant_id: number }) => Number(row.tenant_id))
      })
    /* The tests share one connection (a global transaction): interleave the two tenants on it. */
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) => own(index % 2 ? fife : england))
    )
    answers.forEach((tenants, index) =>
      assert.deepEqual(tenants, [index % 2 ? fife.id : england.id], `query ${index}`)
    )
  })

  test('the database refuses to write a row of another tenant, whatever the SQL', async ({
    assert,
  }) => {
    const { fife, england } = await seededTenants()
    for (const table of await tenantTables()) {
      const { rows } = await tenancy.acrossTenants('read a Fife row', async () =>
        db.rawQuery(`select to_jsonb(t) as row from "${table}" t where tenant_id = ? limit 1`, [
          fife.id,
        ])
      )
      if (rows.length === 0) continue
      /* Each attempt in its own savepoint: a refused statement aborts a transaction. */
      const attempt = (sql: string, bindings: unknown[]) =>
        tenancy.run(england, () => db.transaction((trx) => trx.rawQuery(sql, bindings as never)))
      const refusal = await attempt(
        `insert into "${table}" select * from jsonb_populate_record(null::"${table}", ?)`,
        [JSON.stringify(rows[0].row)]
      ).then(
        () => 'inserted',
        (error: Error) => error.message
      )
      assert.include(
        refusal,
        'violates row-level security policy',
        `${table}: England wrote a Fife row`
      )
      const moved = await tenancy.run(england, () =>
        db.transaction(async (trx) => {
          const result = await trx.rawQuery(
            `update "${table}" set tenant_id = tenant_id where tenant_id = ?`,
            [fife.id]
          )
          return result.rowCount
        })
      )
      assert.equal(moved, 0, `${table}: England updated Fife rows`)
    }
  })
})

test.group('Row-level security / the role the server runs as', () => {
  const connect = async (connection: string) => {
    const settings = db.getRawConnection(connection)!.config.connection as pg.ClientConfig
    const client = new pg.Client(settings)
    await client.connect()
    return client
  }

  test('a superuser is refused as the app role, the app’s own role is not', async ({
    assert,
    cleanup,
  }) => {
    const owner = await connect('owner')
    cleanup(() => owner.end())
    const problem = await appRoleProblem(owner)
    assert.match(String(problem), /DB_USER "postgres" is a superuser/)

    const appRole = await connect('postgres')
    cleanup(() => appRole.end())
    assert.isNull(await appRoleProblem(appRole))
  })
})
