import db from '@adonisjs/lucid/services/db'
import { tenancy } from '#tenancy/context'

/**
 * The names of the services each story is about, by name, in one query:
 * all the moderation queue and the staff inbox show of them (hydrating up
 * to 200 stories' services as models and matching them to their stories
 * took a tenth of the queue's time).
 */
export async function serviceNamesOf(storyIds: number[]) {
  const names = new Map<number, string[]>()
  if (!storyIds.length) return names
  const { rows } = await db.rawQuery<{ rows: { story_id: number; name: string }[] }>(
    `select ss.story_id, s.name from story_services ss
       join services s on s.tenant_id = ss.tenant_id and s.id = ss.service_id
      where ss.tenant_id = ? and ss.story_id = any(?) order by s.name`,
    [tenancy.require().id, storyIds]
  )
  for (const row of rows) {
    const list = names.get(Number(row.story_id)) ?? []
    list.push(row.name)
    names.set(Number(row.story_id), list)
  }
  return names
}
