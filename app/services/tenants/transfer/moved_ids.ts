/**
 * Old ids of a tenant that moved here (see migration 1700000000721): where
 * a link from before the move now points. Only consulted when no row has
 * the id asked for, and every id given on arrival is larger than every old
 * one, so an old link never opens a different row.
 */
import MovedId from '#models/moved_id'

/** Tables whose ids appear in links sent out (emails, feeds, bookmarks). */
export const LINKED_ID_TABLES = ['stories', 'story_tags'] as const
export type LinkedIdTable = (typeof LINKED_ID_TABLES)[number]

export async function movedId(kind: LinkedIdTable, oldId: number): Promise<number | null> {
  if (!Number.isSafeInteger(oldId) || oldId <= 0) return null
  const row = await MovedId.query().where('kind', kind).where('old_id', oldId).first()
  return row ? Number(row.newId) : null
}
