/**
 * Finding personal data anywhere a test run could have left it: every text
 * and JSON column of every table (found from information_schema, read
 * across tenants), the mail files written to tmp/mail-test, and request
 * log lines captured while the test ran.
 */
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import RequestLogMiddleware from '#middleware/request_log_middleware'
import { tenancy } from '#tenancy/context'

const TEXT_TYPES = ['text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY']

/** "table.column" for every cell, in any table, that contains one of the values (case-insensitive). */
export async function cellsContaining(values: string[]) {
  return tenancy.acrossTenants('test: search every table for personal data', async () => {
    const { rows: columns } = await db.rawQuery(
      `select table_name, column_name from information_schema.columns
        where table_schema = current_schema() and data_type = any(?::text[])
          and table_name in (select table_name from information_schema.tables
                              where table_schema = current_schema() and table_type = 'BASE TABLE')
        order by table_name, column_name`,
      [`{${TEXT_TYPES.map((type) => `"${type}"`).join(',')}}`]
    )
    const found: string[] = []
    for (const { table_name: table, column_name: column } of columns as {
      table_name: string
      column_name: string
    }[]) {
      for (const value of values) {
        const { rows } = await db.rawQuery(
          `select count(*)::int as total from "${table}" where strpos(lower("${column}"::text), lower(?)) > 0`,
          [value]
        )
        if (rows[0].total > 0) found.push(`${table}.${column} holds "${value}"`)
      }
    }
    return { found, columns: columns.length }
  })
}

/** Mail files written since `since` that contain one of the values. */
export async function mailFilesContaining(values: string[], since: number) {
  const folder = app.tmpPath('mail-test')
  const found: string[] = []
  let files: string[] = []
  try {
    files = await readdir(folder)
  } catch {
    return { found, read: 0 }
  }
  let read = 0
  for (const file of files) {
    const path = join(folder, file)
    if ((await stat(path)).mtimeMs < since) continue
    read++
    const text = (await readFile(path, 'utf8')).toLowerCase()
    for (const value of values)
      if (text.includes(value.toLowerCase())) found.push(`${file}: ${value}`)
  }
  return { found, read }
}

/** Captures the request log's lines (the logger itself is silent in tests) until the returned stop(). */
export function captureRequestLog() {
  const lines: string[] = []
  const prototype = RequestLogMiddleware.prototype as unknown as {
    log(ctx: HttpContext, started: bigint): void
  }
  const original = prototype.log
  prototype.log = function (ctx: HttpContext, started: bigint) {
    const logger = {
      info: (entry: unknown, message?: string) => lines.push(JSON.stringify({ entry, message })),
    }
    original.call(this, Object.assign(Object.create(ctx), { logger }), started)
  }
  return {
    lines,
    stop: () => {
      prototype.log = original
    },
  }
}
