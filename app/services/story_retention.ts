/**
 * Erasing what a closed story no longer needs. When a story has been
 * withdrawn or rejected for longer than its tenant's retention period, its
 * original text, its moderated text and its author's email address are
 * erased, its private links deleted, and an event records the erasure. The
 * story row itself stays (with its moderation history) so counts and the
 * record of what happened remain.
 *
 * Runs tenant by tenant, in batches of `batchSize`, each batch one
 * transaction, so a crash leaves only whole batches done and a rerun picks
 * up the rest.
 */
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import ModerationEvent from '#models/moderation_event'
import Story from '#models/story'
import StoryAuthorLink from '#models/story_author_link'
import type Tenant from '#models/tenant'
import { tenancy } from '#tenancy/context'

export async function eraseExpiredOriginals(
  tenant: Tenant,
  options: { batchSize?: number; now?: DateTime; progress?: (erased: number) => void } = {}
) {
  const batchSize = options.batchSize ?? 500
  const cutoff = (options.now ?? DateTime.now()).minus({ days: tenant.retentionDays })
  let erased = 0
  await tenancy.run(tenant, async () => {
    for (;;) {
      const done = await db.transaction(async (trx) => {
        const stories = await Story.query({ client: trx })
          .whereIn('status', ['withdrawn', 'rejected'])
          .whereNull('original_erased_at')
          .where('decided_at', '<', cutoff.toSQL()!)
          .orderBy('decided_at')
          .limit(batchSize)
          .forUpdate()
          .skipLocked()
        if (!stories.length) return 0
        const ids = stories.map((story) => story.id)
        await Story.query({ client: trx }).whereIn('id', ids).update({
          originalBody: '',
          publicBody: null,
          authorEmail: '',
          originalErasedAt: DateTime.now().toSQL(),
        })
        await StoryAuthorLink.query({ client: trx }).whereIn('story_id', ids).delete()
        for (const id of ids)
          await ModerationEvent.create(
            {
              storyId: id,
              actorId: null,
              action: 'original_erased',
              reason: `retention period of ${tenant.retentionDays} days ended`,
              changes: {},
            },
            { client: trx }
          )
        return ids.length
      })
      if (!done) break
      erased += done
      options.progress?.(erased)
    }
  })
  return erased
}
