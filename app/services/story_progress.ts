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
import Story from '#models/story'
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
    `update stories set
       first_response_at = r.first_at,
       progress = case
         when r.made then 'change_made'
         when r.planned then 'change_planned'
         when r.first_at is not null then 'responded'
         when stories.staff_views > 0 then 'read'
         else 'not_read' end
     from (select min(created_at) as first_at,
                  bool_or(change_kind = 'made' and change_status = 'confirmed') as made,
                  bool_or(change_kind = 'planned' and change_status = 'confirmed') as planned
             from responses where tenant_id = ? and story_id = ?) r
     where stories.tenant_id = ? and stories.id = ?`,
    [tenantId, storyId, tenantId, storyId]
  )
}

/** Counts a member of staff's first reading of a published story. */
export async function recordStaffView(story: Story, user: User) {
  if (story.status !== 'published') return
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
  const result = await db.rawQuery(
    `with about as (
       select s.id, s.published_at, s.first_response_at
         from story_listings l
         join stories s on s.tenant_id = l.tenant_id and s.id = l.story_id
        where l.tenant_id = ? and l.kind = 'service' and l.target_id = ?
          and l.published_at >= ? and s.status = 'published'
     )
     select count(*)::int as stories,
            count(first_response_at)::int as responded,
            percentile_cont(0.5) within group (order by extract(epoch from first_response_at - published_at))
              filter (where first_response_at is not null) as median_seconds,
            (select count(*)::int from responses r
               where r.tenant_id = ? and r.story_id in (select id from about)
                 and r.change_kind = 'made' and r.change_status = 'confirmed') as changes_made
       from about`,
    [tenantId, service.id, since, tenantId]
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
