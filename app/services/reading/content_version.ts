/**
 * A tenant's content version (migration 1700000000860): a counter that
 * PostgreSQL moves on, in the same transaction, with every change a public
 * page could show (a story published, edited, hidden or withdrawn; a
 * response or reply; tags, services, areas). Public caches and ETags
 * include it, so once a change commits no instance serves a page from
 * before it.
 */
import db from '@adonisjs/lucid/services/db'
import { tenancy } from '#tenancy/context'

/** The current tenant's content version, read from the database (one short query). */
export async function contentVersion(): Promise<number> {
  const tenant = tenancy.require()
  const { rows } = await db.rawQuery<{ rows: { content_version: string | number }[] }>(
    'select content_version from tenants where id = ?',
    [tenant.id]
  )
  return Number(rows[0]?.content_version ?? 0)
}
