/**
 * Erasing what a closed story no longer needs. When a story has been
 * withdrawn or rejected for longer than its tenant's retention period, or
 * was never confirmed and its confirmation link has expired (nobody ever
 * read it, and nobody can confirm it any more), its original text, its
 * moderated text and its author's email address are erased, its private links deleted, and an event records the erasure. The
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
import Story, { STORY_STATUS } from '#models/story'
import StoryAuthorLink from '#models/story_author_link'
import type Tenant from '#models/tenant'
import { tenancy } from '#tenancy/context'

export async function eraseExpiredOriginals(
  tenant: Tenant,
  options: { batchSize?: number; now?: DateTime; progress?: (erased: number) => void } = {}
) {
  const batchSize = options.batchSize ?? 500
  const now = options.now ?? DateTime.now()
  const cutoff = now.minus({ days: tenant.retentionDays })
  let erased = 0
  await tenancy.run(tenant, async () => {
    for (;;) {
      const done = await db.transaction(async (trx) => {
        const stories = await Story.query({ client: trx })
          .whereNull('original_erased_at')
          .where((closed) =>
            closed
              .where((decided) =>
                decided
                  .whereIn('status', [STORY_STATUS.withdrawn, STORY_STATUS.rejected])
                  .where('decided_at', '<', cutoff.toSQL()!)
              )
              .orWhere((unconfirmed) =>
                unconfirmed
                  .where('status', STORY_STATUS.unconfirmed)
                  .where('confirm_expires_at', '<', now.toSQL()!)
              )
          )
          .orderBy('id')
          .limit(batchSize)
          .forUpdate()
          .skipLocked()
        if (!stories.length) return 0
        const ids = stories.map((story) => story.id)
        await Story.query({ client: trx }).whereIn('id', ids).update({
          originalBody: '',
          publicBody: null,
          authorEmail: '',
          confirmTokenHash: null,
          originalErasedAt: DateTime.now().toSQL(),
        })
        await StoryAuthorLink.query({ client: trx }).whereIn('story_id', ids).delete()
        for (const story of stories)
          await ModerationEvent.create(
            {
              storyId: story.id,
              actorId: null,
              action: 'original_erased',
              reason:
                story.status === STORY_STATUS.unconfirmed
                  ? 'never confirmed; the confirmation link expired'
                  : `retention period of ${tenant.retentionDays} days ended`,
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
