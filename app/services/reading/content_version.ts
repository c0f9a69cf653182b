/**
 * A tenant's content version (migration 1700000000860): a counter that
 * PostgreSQL moves on, in the same transaction, with every change a public
 * page could show (a story published, edited, hidden or withdrawn; a
 * response or reply; tags, services, areas). Public caches and ETags
 * include it, so once a change commits no instance serves a page from
 * before it.
 *
 * Every caller gets a value read by a query that began after it asked, so
 * it reflects every change committed before the request. Readers asking
 * while a read is running share the next one: at most one such query per
 * tenant is running in a process, however many readers arrive at once.
 */
import pg from 'pg'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { tenancy } from '#tenancy/context'

type Waiter = { resolve: (version: number) => void; reject: (error: unknown) => void }
const reads = new Map<number, { running: boolean; waiting: Waiter[] }>()

/*
 * The reads go on a connection of their own to the primary (never a
 * replica, which may lag), as one prepared statement: at thousands of
 * kept pages a second, the query builder and the pool around each of them
 * cost more than the query. `tenants` is not a tenant-owned table (no
 * row-level security), so the connection needs no tenant setting. A
 * connection that fails is dropped; the next read opens another.
 */
let connection: Promise<pg.Client> | null = null

export const contentVersionReads = {
  /*
   * Tests run each case in one rolled-back transaction, which another
   * connection cannot see: there the reads go through it, unless a test
   * turns this on to check the connection of its own.
   */
  ownConnection: !app.inTest,
}

function connect() {
  const settings = app.config.get<{ connection: pg.ClientConfig }>(
    `database.connections.${app.config.get<string>('database.connection')}`
  ).connection
  const opening = (async () => {
    const client = new pg.Client({ ...settings, application_name: 'carevoice content version' })
    client.on('error', () => {
      if (connection === opening) connection = null
      client.end().catch(() => {})
    })
    await client.connect()
    return client
  })()
  opening.catch(() => {
    if (connection === opening) connection = null
  })
  return opening
}

app.terminating(async () => {
  const open = connection
  connection = null
  await open?.then((client) => client.end()).catch(() => {})
})

async function read(tenantId: number) {
  if (!contentVersionReads.ownConnection) {
    const { rows } = await db.rawQuery<{ rows: { content_version: string | number }[] }>(
      'select content_version from tenants where id = ?',
      [tenantId]
    )
    return Number(rows[0]?.content_version ?? 0)
  }
  connection ??= connect()
  const client = await connection
  const { rows } = await client.query<{ content_version: string | number }>({
    name: 'carevoice_content_version',
    text: 'select content_version from tenants where id = $1',
    values: [tenantId],
  })
  return Number(rows[0]?.content_version ?? 0)
}

async function serve(tenantId: number, state: { running: boolean; waiting: Waiter[] }) {
  state.running = true
  try {
    while (state.waiting.length) {
      /* Everyone waiting asked before this read begins. */
      const batch = state.waiting
      state.waiting = []
      try {
        const version = await read(tenantId)
        for (const waiter of batch) waiter.resolve(version)
      } catch (error) {
        for (const waiter of batch) waiter.reject(error)
      }
    }
  } finally {
    state.running = false
  }
}

/** The current tenant's content version, as of now or later. */
export function contentVersion(): Promise<number> {
  return contentVersionOf(tenancy.require().id)
}

/** A tenant's content version, as of now or later (for the kept-page door, which has no tenancy context). */
export function contentVersionOf(tenantId: number): Promise<number> {
  let state = reads.get(tenantId)
  if (!state) reads.set(tenantId, (state = { running: false, waiting: [] }))
  const asked = new Promise<number>((resolve, reject) => state.waiting.push({ resolve, reject }))
  if (!state.running) void serve(tenantId, state)
  return asked
}
