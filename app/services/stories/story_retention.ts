/**
 * Erasing what a closed story no longer needs. When a story has been
 * withdrawn or rejected for longer than its tenant's retention period, or
 * was never confirmed and its confirmation link has expired (nobody ever
 * read it, and nobody can confirm it any more), everything that could
 * identify its author is erased through the same path as an erasure on
 * request (#services/erasure: original title and text, email, pseudonym,
 * the key that sealed its moderation history, private links, reply
 * originals, report messages, mail jobs), and an event records it. The
 * story row itself stays (with its moderation history, unreadable now where
 * it quoted the author) so counts and the record of what happened remain.
 *
 * Runs tenant by tenant, in batches of `batchSize`, each batch one
 * transaction, so a crash leaves only whole batches done and a rerun picks
 * up the rest.
 */
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import Story, { STORY_STATUS } from '#models/story'
import { eraseStories } from '#services/privacy/erasure'
import type Tenant from '#models/tenant'
import { tenancy } from '#tenancy/context'
import { MODERATION_ACTION } from '#services/moderation/moderation_actions'

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
        const unconfirmed = stories.filter((story) => story.status === STORY_STATUS.unconfirmed)
        const closed = stories.filter((story) => story.status !== STORY_STATUS.unconfirmed)
        /* The same path as an erasure on request (#services/erasure). */
        await eraseStories(
          unconfirmed.map((story) => story.id),
          {
            by: 'retention',
            reason: 'never confirmed; the confirmation link expired',
            withdraw: false,
          },
          trx,
          MODERATION_ACTION.originalErased
        )
        await eraseStories(
          closed.map((story) => story.id),
          {
            by: 'retention',
            reason: `retention period of ${tenant.retentionDays} days ended`,
            withdraw: false,
          },
          trx,
          MODERATION_ACTION.originalErased
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
