/**
 * Keeping `story_listings` true: a published story is listed under each of
 * its services and every service above them, the areas of those services
 * and every area above them, and its tags, each row with the story's
 * publication time, first response time and confirmed changes made (the
 * last two kept by story_progress refreshProgress). Call `refreshListings` in the
 * transaction that publishes, hides or withdraws a story, or that moves
 * services or areas; it rewrites the rows of the stories given, from the
 * current tree. Every statement names the tenant explicitly.
 */
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { tenancy } from '#tenancy/context'
import { publiclyVisibleSql } from '#models/story'
import { AREA_CHAIN_SQL } from '#services/directory/area_ancestry'

/**
 * The statement that lists the published stories `s` matching `where` (SQL
 * on alias s). Set-based: the area chain is computed once for all areas,
 * and rows already there are kept (so several services sharing an ancestor
 * list a story once).
 */
export function LISTINGS_INSERT(where: string) {
  return `
    with recursive ${AREA_CHAIN_SQL}, chosen as (
      select s.tenant_id, s.id, s.published_at, s.first_response_at,
             (select count(*) from responses r
               where r.tenant_id = s.tenant_id and r.story_id = s.id
                 and r.change_kind = 'made' and r.change_status = 'confirmed') as changes_made
        from stories s
       where ${publiclyVisibleSql('s')} and s.published_at is not null and ${where}
    ), about as (
      select c.tenant_id, c.id, c.published_at, c.first_response_at, c.changes_made, sv.path, sv.area_id
        from chosen c
        join story_services ss on ss.tenant_id = c.tenant_id and ss.story_id = c.id
        join services sv on sv.tenant_id = ss.tenant_id and sv.id = ss.service_id
    )
    insert into story_listings (tenant_id, story_id, kind, target_id, published_at, first_response_at, changes_made)
    select a.tenant_id, a.id, 'service', ancestor.id::bigint, a.published_at, a.first_response_at, a.changes_made
      from about a cross join lateral unnest(string_to_array(rtrim(a.path, '.'), '.')) as ancestor(id)
     where ancestor.id <> ''
    union all
    select a.tenant_id, a.id, 'area', ch.ancestor_id, a.published_at, a.first_response_at, a.changes_made
      from about a join chain ch on ch.tenant_id = a.tenant_id and ch.area_id = a.area_id
    union all
    select c.tenant_id, c.id, 'tag', tl.tag_id, c.published_at, c.first_response_at, c.changes_made
      from chosen c join story_tag_links tl on tl.tenant_id = c.tenant_id and tl.story_id = c.id
    on conflict do nothing`
}

/** Rewrites the listings of these stories of the current tenant. */
export async function refreshListings(storyIds: number[], client: TransactionClientContract) {
  if (!storyIds.length) return
  const tenantId = tenancy.require().id
  await client.rawQuery('delete from story_listings where tenant_id = ? and story_id = any(?)', [
    tenantId,
    storyIds,
  ])
  await client.rawQuery(LISTINGS_INSERT('s.tenant_id = ? and s.id = any(?)'), [tenantId, storyIds])
}

/** Rewrites the listings of the published stories about these services (after a move). */
export async function refreshListingsForServices(
  serviceIds: number[],
  client: TransactionClientContract
) {
  if (!serviceIds.length) return
  const tenantId = tenancy.require().id
  const result = await client.rawQuery(
    `select distinct ss.story_id from story_services ss
       join stories s on s.tenant_id = ss.tenant_id and s.id = ss.story_id and ${publiclyVisibleSql('s')}
      where ss.tenant_id = ? and ss.service_id = any(?)`,
    [tenantId, serviceIds]
  )
  const ids = (result.rows as { story_id: string | number }[]).map((row) => Number(row.story_id))
  for (let start = 0; start < ids.length; start += 5000)
    await refreshListings(ids.slice(start, start + 5000), client)
}

/** Rewrites every listing of the current tenant (demo data, benchmarks, repairs). */
export async function rebuildAllListings(client: TransactionClientContract | typeof db = db) {
  const tenantId = tenancy.require().id
  await client.rawQuery('delete from story_listings where tenant_id = ?', [tenantId])
  await client.rawQuery(LISTINGS_INSERT('s.tenant_id = ?'), [tenantId])
}
