import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import {
  EXCLUDED_TABLES,
  ID_BEARING_COLUMNS,
  PLATFORM_ROWS,
  readCatalog,
  tenantTables,
} from '#services/tenants/transfer/catalog'

/*
 * A tenant move must lose nothing: these fail when a migration adds a
 * tenant table or an id column the move would not carry or rewrite.
 */
test.group('What a tenant move carries', () => {
  test('every tenant-owned table travels or is excluded with a reason', async ({ assert }) => {
    const catalog = await readCatalog(db.connection())
    const travelling = catalog.tables.map((shape) => shape.name)
    for (const table of await tenantTables(db.connection())) {
      const excluded = EXCLUDED_TABLES[table]
      assert.isTrue(
        travelling.includes(table) !== Boolean(excluded),
        `${table}: must either travel with its tenant or be in EXCLUDED_TABLES with a reason`
      )
    }
    for (const table of Object.keys(PLATFORM_ROWS)) assert.include(travelling, table)
  })

  test('every column holding an id is rewritten on import', async ({ assert }) => {
    const catalog = await readCatalog(db.connection())
    for (const shape of catalog.tables) {
      for (const column of shape.columns) {
        if (column.name === 'id' || !/_ids?$/.test(column.name)) continue
        const key = `${shape.name}.${column.name}`
        assert.isTrue(
          column.name in shape.references || key in ID_BEARING_COLUMNS,
          `${key}: add a foreign key, or say in ID_BEARING_COLUMNS how a move rewrites it`
        )
      }
    }
  })

  test('parents come before the tables that refer to them', async ({ assert }) => {
    const catalog = await readCatalog(db.connection())
    const order = catalog.tables.map((shape) => shape.name)
    for (const shape of catalog.tables) {
      for (const table of Object.values(shape.references)) {
        if (table === shape.name) continue
        assert.isBelow(
          order.indexOf(table),
          order.indexOf(shape.name),
          `${table} before ${shape.name}`
        )
      }
    }
  })
})
