import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { DATA_MAP, NOT_PERSONAL } from '#tests/helpers/data_map'

test.group('The data map', () => {
  test('every text, JSON and address column of every table is in the data map, or named as holding no personal data', async ({
    assert,
  }) => {
    const { rows } = await db.rawQuery(
      `select c.table_name || '.' || c.column_name as name
         from information_schema.columns c
         join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
          and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'inet', 'ARRAY', 'bytea')
          and c.table_name not in ('adonis_schema', 'adonis_schema_versions')
          -- made and dropped by the job queue's kill test, never by the app
          and c.table_name not like 'job\\_test\\_%'
        order by 1`
    )
    const columns: string[] = rows.map((row: { name: string }) => row.name)
    const mapped = new Set([
      ...DATA_MAP.flatMap((entry) => entry.columns),
      ...Object.keys(NOT_PERSONAL),
    ])
    const missing = columns.filter((column) => !mapped.has(column))
    assert.deepEqual(
      missing,
      [],
      'columns that may hold personal data with no entry: add them to tests/helpers/data_map.ts and the README data map'
    )
    const stale = [...mapped].filter((column) => !columns.includes(column))
    assert.deepEqual(stale, [], 'data map entries for columns that no longer exist')
  })
})
