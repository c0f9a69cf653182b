/**
 * A tenant's content version (migration 1700000000860): a counter that
 * PostgreSQL moves on, in the same transaction, with every change a public
 * page could show (a story published, edited, hidden or withdrawn; a
 * response or reply; tags, services, areas). Public caches and ETags
 * include it, so once a change commits no instance serves a page from
 * before it.
 *
 * Every caller gets a value read by a query that began after it asked, or
 * at most CONTENT_VERSION_LEASE_MS before (the lease): so it reflects every
 * change committed that long before the request. Readers asking while a
 * read is running share the next one: at most one such query per tenant is
 * running in a process, however many readers arrive at once.
 *
 * The lease is safe because nothing that changes content is confirmed
 * sooner than that after it commits: a request that may write (any method
 * but GET and HEAD) is answered no sooner than the lease after its handler
 * returns (#middleware/content_settle_middleware), and an ace command exits
 * no sooner than that after it ran (bin/console.ts). So once a moderator
 * sees "hidden", every read any instance answers with began after the
 * hide committed. Clocks are each process's own monotonic clock: only
 * durations are compared, never one host's time with another's.
 */
import pg from 'pg'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { Batcher } from '#lib/batcher'
import { CONTENT_VERSION_LEASE_MS } from '#lib/content_lease'
import { tenancy } from '#tenancy/context'

/* The newest value read per tenant, and when (performance.now()) its query began. */
const newest = new Map<number, { value: number; began: number }>()

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
  /*
   * The lease in use. Tests change data in-process and read right after,
   * with no request or command between to wait it out: there every request
   * reads, unless a test turns the lease on.
   */
  leaseMs: app.inTest ? 0 : CONTENT_VERSION_LEASE_MS,
  /** Queries made since this process started. */
  made: 0,
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

/* Readers asking while a read runs share the next one. */
const reads = new Batcher<null, number>(async (key, askers) => {
  const tenantId = Number(key)
  const began = performance.now()
  contentVersionReads.made++
  const value = await read(tenantId)
  if (began > (newest.get(tenantId)?.began ?? Number.NEGATIVE_INFINITY))
    newest.set(tenantId, { value, began })
  return askers.map(() => value)
})

/** The current tenant's content version, as of now or later. */
export function contentVersion(): Promise<number> {
  return contentVersionOf(tenancy.require().id)
}

/** A tenant's content version, as of now or later (for the kept-page door, which has no tenancy context). */
export function contentVersionOf(tenantId: number): Promise<number> {
  const leased = leasedContentVersion(tenantId)
  if (leased !== undefined) return Promise.resolve(leased)
  return reads.ask(String(tenantId), null)
}

/** The tenant's version from a read that began less than the lease ago, if there is one. */
function leasedContentVersion(tenantId: number): number | undefined {
  const last = newest.get(tenantId)
  if (!last || contentVersionReads.leaseMs <= 0) return undefined
  return performance.now() - last.began < contentVersionReads.leaseMs ? last.value : undefined
}

/** Forgets every version read (for tests that change the lease). */
export function forgetContentVersions() {
  newest.clear()
}
