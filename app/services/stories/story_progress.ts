/**
 * A story's progress, derived from what staff did with it:
 * not read → read (a member of staff opened it) → responded → change
 * planned → change made (the last two only once a moderator confirmed the
 * claim). It is stored on the story and refreshed inside the transaction
 * that changed its inputs, so inbox filters and cards read one column.
 * `refreshProgress` is the one definition.
 */
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Story, { STORY_STATUS } from '#models/story'
import type User from '#models/user'
import type Service from '#models/service'
import { tenancy } from '#tenancy/context'

export const PROGRESS_STATES = [
  'not_read',
  'read',
  'responded',
  'change_planned',
  'change_made',
] as const
export type ProgressState = (typeof PROGRESS_STATES)[number]

export async function refreshProgress(storyId: number, client: TransactionClientContract) {
  const tenantId = tenancy.require().id
  await client.rawQuery(
    `with r as (
       select min(created_at) as first_at,
              count(*) filter (where change_kind = 'made' and change_status = 'confirmed') as made,
              count(*) filter (where change_kind = 'planned' and change_status = 'confirmed') as planned
         from responses where tenant_id = ? and story_id = ?
     ), story as (
       update stories set
         /* Responses, replies and reads change what the API shows: a partner's sync sees it. */
         updated_at = now(),
         first_response_at = r.first_at,
         progress = case
           when r.made > 0 then 'change_made'
           when r.planned > 0 then 'change_planned'
           when r.first_at is not null then 'responded'
           when stories.staff_views > 0 then 'read'
           else 'not_read' end
       from r
       where stories.tenant_id = ? and stories.id = ?
       returning stories.id
     )
     update story_listings l set first_response_at = r.first_at, changes_made = r.made
       from r
      where l.tenant_id = ? and l.story_id = ?
        and (l.first_response_at is distinct from r.first_at or l.changes_made <> r.made)`,
    [tenantId, storyId, tenantId, storyId, tenantId, storyId]
  )
}

/** Counts a member of staff's first reading of a published story. */
export async function recordStaffView(story: Story, user: User) {
  if (story.status !== STORY_STATUS.published) return
  await db.transaction(async (trx) => {
    const tenantId = tenancy.require().id
    const inserted = await trx.rawQuery(
      `insert into story_views (tenant_id, story_id, user_id, first_viewed_at)
       values (?, ?, ?, now()) on conflict do nothing returning story_id`,
      [tenantId, story.id, user.id]
    )
    if (!inserted.rows.length) return
    await Story.query({ client: trx }).where('id', story.id).increment('staff_views', 1)
    await refreshProgress(story.id, trx)
  })
}

/**
 * A service's figures over its whole subtree for the last 12 months: the
 * stories published about it, the share with a response, the median time
 * to a first response and the changes made (confirmed claims).
 */
export async function serviceFigures(service: Pick<Service, 'id'>) {
  const tenantId = tenancy.require().id
  const since = DateTime.now().minus({ months: 12 }).toSQL()!
  /* One range of story_listings_newest, which includes both figure columns. */
  const result = await db.rawQuery(
    `select count(*)::int as stories,
            count(first_response_at)::int as responded,
            percentile_cont(0.5) within group (order by extract(epoch from first_response_at - published_at))
              filter (where first_response_at is not null) as median_seconds,
            coalesce(sum(changes_made), 0)::int as changes_made
       from story_listings
      where tenant_id = ? and kind = 'service' and target_id = ? and published_at >= ?`,
    [tenantId, service.id, since]
  )
  const row = result.rows[0] ?? {}
  const stories = Number(row.stories ?? 0)
  const responded = Number(row.responded ?? 0)
  const seconds = row.median_seconds === null ? null : Number(row.median_seconds)
  return {
    stories,
    responded,
    responseRate: stories ? Math.round((responded / stories) * 100) : null,
    medianDays: seconds === null ? null : Math.round((seconds / 86400) * 10) / 10,
    changesMade: Number(row.changes_made ?? 0),
  }
}
