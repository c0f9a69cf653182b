/**
 * "I've experienced this too": a reader adds themselves to a published
 * story's count, with no account.
 *
 * Guarantees:
 * - only publicly visible stories of the current tenant can be counted;
 * - a reader counts once per story as far as can be told without tracking:
 *   the row kept is a keyed hash (the app key) of the story, the address
 *   and the browser's user agent, so it cannot be turned back into an
 *   address, and differs from story to story, so it cannot follow a reader
 *   across stories. The browser also remembers (in a cookie holding only
 *   story ids) which stories it counted;
 * - the count on the story rises in the same transaction as the row.
 */
import { createHmac } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import { appKey } from '#config/app'
import Story from '#models/story'
import { tenancy } from '#tenancy/context'

export type Reader = { ip: string; userAgent: string }

export function readerKey(storyId: number, reader: Reader) {
  const tenantId = tenancy.require().id
  return createHmac('sha256', appKey.release())
    .update(`experienced:${tenantId}:${storyId}:${reader.ip}:${reader.userAgent.slice(0, 300)}`)
    .digest('hex')
}

/** 'added', 'already' (this reader counted it before), or null when no such public story. */
export async function addExperience(storyId: number, reader: Reader) {
  const story = await Story.publiclyVisible(Story.query()).where('stories.id', storyId).first()
  if (!story) return null
  const key = readerKey(story.id, reader)
  return db.transaction(async (trx) => {
    const inserted = await trx.rawQuery(
      `insert into story_experiences (tenant_id, story_id, reader_key, created_at)
       values (?, ?, ?, now()) on conflict do nothing returning story_id`,
      [tenancy.require().id, story.id, key]
    )
    if (!inserted.rows.length) return 'already' as const
    await Story.query({ client: trx }).where('id', story.id).increment('experienced_count', 1)
    return 'added' as const
  })
}
