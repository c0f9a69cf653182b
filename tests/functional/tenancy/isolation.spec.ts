/**
 * The isolation kit: a canary tenant's data must never appear through
 * another tenant's host, and every route and every tenant-owned table must
 * be accounted for.
 */
import { test } from '@japa/runner'
import router from '@adonisjs/core/services/router'
import db from '@adonisjs/lucid/services/db'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { isTenantScoped } from '#tenancy/tenant_scoped'
import {
  CANARY_MARKER,
  isolateEachTest,
  makeCanaryTenant,
  makeTenant,
} from '#tests/helpers/tenants'
import { ROUTE_ISOLATION } from '#tests/helpers/route_isolation'

type RouteInfo = { name?: string; pattern: string; methods: string[]; domain: string }

function allRoutes(): RouteInfo[] {
  router.commit()
  const byDomain = router.toJSON() as Record<string, RouteInfo[]>
  return Object.entries(byDomain).flatMap(([domain, routes]) =>
    routes.map((route) => ({ ...route, domain }))
  )
}

function isTenantGetWithoutParams(route: RouteInfo) {
  return (
    route.domain === 'root' &&
    route.methods.includes('GET') &&
    !route.pattern.includes(':') &&
    route.name?.startsWith('public.')
  )
}

test.group('Isolation kit', (group) => {
  isolateEachTest(group)

  test('no tenant page shows anything of the canary tenant', async ({ client, assert }) => {
    await makeCanaryTenant()
    await makeTenant('fife', { name: 'Carevoice Fife' })
    const walked = allRoutes().filter(isTenantGetWithoutParams)
    assert.isAbove(walked.length, 0)
    for (const route of walked) {
      const path = route.pattern.replace('*', 'some/missing/page')
      const response = await client.get(path).header('host', 'fife.localhost').redirects(0)
      /* Icons are binary: the client gives no text for them. */
      const text = response.text() ?? ''
      assert.notInclude(text, CANARY_MARKER, `${route.pattern} on fife.localhost`)
      assert.notInclude(text, 'canary', `${route.pattern} on fife.localhost`)
    }
  })

  test('every route is covered by an isolation test or marked tenant-free', async ({ assert }) => {
    const testsRoot = fileURLToPath(new URL('../../', import.meta.url))
    const uncovered: string[] = []
    for (const route of allRoutes()) {
      if (isTenantGetWithoutParams(route)) continue
      const key = `${route.domain === 'root' ? '' : 'admin:'}${route.methods.join('|')} ${route.pattern}`
      const entry = ROUTE_ISOLATION[key]
      if (!entry) {
        uncovered.push(key)
        continue
      }
      if (entry !== 'tenant-free') {
        const [file, title] = entry.split('::')
        const source = readFileSync(`${testsRoot}${file}`, 'utf8')
        assert.include(source, title, `${key} names a test "${title}" that is not in ${file}`)
      }
    }
    assert.deepEqual(
      uncovered,
      [],
      'routes with no isolation test: add one and list it in tests/helpers/route_isolation.ts'
    )
  })

  test('every table with a tenant_id column is reached only through a scoped model', async ({
    assert,
  }) => {
    const { rows } = await db.rawQuery(
      `select table_name from information_schema.columns
       where table_schema = 'public' and column_name = 'tenant_id' order by table_name`
    )
    const tables = rows.map((row: { table_name: string }) => row.table_name)
    assert.isAbove(tables.length, 0)

    const modelsDir = fileURLToPath(new URL('../../../app/models/', import.meta.url))
    const models = await Promise.all(
      readdirSync(modelsDir)
        .filter((file) => file.endsWith('.ts'))
        .map(async (file) => (await import(`#models/${file.replace(/\.ts$/, '')}`)).default)
    )
    for (const table of tables) {
      const model = models.find((candidate) => {
        candidate.boot()
        return candidate.table === table
      })
      assert.exists(model, `table ${table} has tenant_id but no model`)
      assert.isTrue(isTenantScoped(model), `the model of ${table} is not built with TenantScoped`)
    }
  })

  test('every tenant_id column is NOT NULL, a foreign key, and leads an index', async ({
    assert,
  }) => {
    const { rows } = await db.rawQuery(`
      select c.table_name,
             c.is_nullable,
             exists (
               select 1 from information_schema.key_column_usage k
               join information_schema.table_constraints tc on tc.constraint_name = k.constraint_name
               where tc.constraint_type = 'FOREIGN KEY' and k.table_name = c.table_name and k.column_name = 'tenant_id'
             ) as has_fk,
             exists (
               select 1 from pg_index i
               join pg_class t on t.oid = i.indrelid
               join pg_attribute a on a.attrelid = t.oid and a.attnum = i.indkey[0]
               where t.relname = c.table_name and a.attname = 'tenant_id'
             ) as leads_index
      from information_schema.columns c
      where c.table_schema = 'public' and c.column_name = 'tenant_id'`)
    for (const row of rows) {
      assert.equal(row.is_nullable, 'NO', `${row.table_name}.tenant_id must be NOT NULL`)
      assert.isTrue(row.has_fk, `${row.table_name}.tenant_id must reference tenants`)
      assert.isTrue(row.leads_index, `${row.table_name} needs an index led by tenant_id`)
    }
  })
})
