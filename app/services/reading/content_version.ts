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
import db from '@adonisjs/lucid/services/db'
import { tenancy } from '#tenancy/context'

type Waiter = { resolve: (version: number) => void; reject: (error: unknown) => void }
const reads = new Map<number, { running: boolean; waiting: Waiter[] }>()

async function read(tenantId: number) {
  const { rows } = await db.rawQuery<{ rows: { content_version: string | number }[] }>(
    'select content_version from tenants where id = ?',
    [tenantId]
  )
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
  const tenantId = tenancy.require().id
  let state = reads.get(tenantId)
  if (!state) reads.set(tenantId, (state = { running: false, waiting: [] }))
  const asked = new Promise<number>((resolve, reject) => state.waiting.push({ resolve, reject }))
  if (!state.running) void serve(tenantId, state)
  return asked
}
