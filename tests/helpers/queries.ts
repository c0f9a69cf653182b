/**
 * Counting the SQL a piece of work runs (requests made by the test client
 * run in this process), to show that a page's queries do not grow with the
 * number of rows it lists: no N+1.
 */
import emitter from '@adonisjs/core/services/emitter'
import db from '@adonisjs/lucid/services/db'

export async function countQueries(work: () => Promise<unknown>) {
  const seen: string[] = []
  const listener = (event: { sql: string }) => {
    seen.push(event.sql)
  }
  emitter.on('db:query', listener)
  try {
    await work()
  } finally {
    emitter.off('db:query', listener)
  }
  return seen
}

/** How many sessions PostgreSQL holds: reading a page must not add one. */
export async function sessionRows() {
  const [row] = await db.from('sessions').count('* as total')
  return Number(row.total)
}
