/**
 * Old ids of a tenant that moved here (see migration 1700000000721): where
 * a link from before the move now points. Only consulted when no row has
 * the id asked for, and every id given on arrival is larger than every old
 * one, so an old link never opens a different row.
 */
import db from '@adonisjs/lucid/services/db'
import { tenancy } from '#tenancy/context'

/** Tables whose ids appear in links sent out (emails, feeds, bookmarks). */
export const LINKED_ID_TABLES = ['stories', 'story_tags'] as const
export type LinkedIdTable = (typeof LINKED_ID_TABLES)[number]

export async function movedId(kind: LinkedIdTable, oldId: number): Promise<number | null> {
  if (!Number.isSafeInteger(oldId) || oldId <= 0) return null
  const tenant = tenancy.require()
  const row = await db
    .from('moved_ids')
    .where({ tenant_id: tenant.id, kind, old_id: oldId })
    .select('new_id')
    .first()
  return row ? Number(row.new_id) : null
}
