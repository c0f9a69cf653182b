/**
 * Area ancestry, one way everywhere: an area is "in" itself, its parent,
 * its parent's parent and so on to the top. Listings, subscriptions and
 * directory moves all use this module.
 *
 * Guarantees: a move that would put an area inside itself at any depth is
 * refused (`wouldCycle`), and the recursive queries stop at a repeated area
 * anyway, so a cycle already in the data cannot make them run forever.
 */
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { tenancy } from '#tenancy/context'

/**
 * SQL: a recursive CTE `chain (tenant_id, area_id, ancestor_id)` pairing
 * every area with itself and each area above it, for use in a `with
 * recursive` clause. `seen` holds the areas walked so far: the cycle guard.
 */
export const AREA_CHAIN_SQL = `chain (tenant_id, area_id, ancestor_id, seen) as (
      select tenant_id, id, id, array[id] from areas
      union all
      select c.tenant_id, c.area_id, a.parent_id, c.seen || a.parent_id
        from chain c join areas a on a.tenant_id = c.tenant_id and a.id = c.ancestor_id
       where a.parent_id is not null and a.parent_id <> all(c.seen)
    )`

/** SQL: areas below `?` (itself excluded), walked down with the same guard. One binding per `?`. */
const DESCENDANTS_SQL = `with recursive below (id, seen) as (
      select id, array[id] from areas where tenant_id = ? and parent_id = ?
      union all
      select a.id, b.seen || a.id
        from below b join areas a on a.tenant_id = ? and a.parent_id = b.id
       where a.id <> all(b.seen)
    )
    select distinct id from below`

/** The given areas and every area above them, in the current tenant. */
export async function areaAncestorIds(areaIds: number[], client: QueryClientContract) {
  if (!areaIds.length) return []
  const tenantId = tenancy.require().id
  const result = await client.rawQuery(
    `with recursive ${AREA_CHAIN_SQL}
     select distinct ancestor_id from chain where tenant_id = ? and area_id = any(?)`,
    [tenantId, areaIds]
  )
  return (result.rows as { ancestor_id: string | number }[]).map((row) => Number(row.ancestor_id))
}

/** Every area below `areaId` (at any depth), in the current tenant. */
export async function areaDescendantIds(areaId: number, client: QueryClientContract) {
  const tenantId = tenancy.require().id
  const result = await client.rawQuery(DESCENDANTS_SQL, [tenantId, areaId, tenantId])
  return (result.rows as { id: string | number }[]).map((row) => Number(row.id))
}

/** True when putting `areaId` inside `parentId` would make it its own ancestor. */
export async function wouldCycle(
  areaId: number | null | undefined,
  parentId: number,
  client: QueryClientContract
) {
  if (!areaId) return false
  if (areaId === parentId) return true
  const above = await areaAncestorIds([parentId], client)
  return above.includes(areaId)
}
