/**
 * A private provider's review window is up (enqueued, to run at the
 * window's end, when the review started): publish the story unless a
 * request holds it or it already left review, through the same operation
 * a moderator's publish uses, acting as the system. A moderator holding a
 * claim on it at that moment is waited for: the job comes back when the
 * claim ends.
 */
import { defineJob } from '#services/platform/job_queue'
import { dueForPublication, PROVIDER_REVIEW_DUE_JOB } from '#services/moderation/provider_review'
import { publishWithoutRequest } from '#jobs/publish_story'
import { tenancy } from '#tenancy/context'

export const providerReviewDueJob = defineJob<{ storyId: number }>(
  PROVIDER_REVIEW_DUE_JOB,
  async (payload, { client }) => {
    const due = await dueForPublication(payload.storyId, client)
    if (due.retryAt) {
      await providerReviewDueJob.enqueue(payload, {
        client,
        runAt: due.retryAt,
        dedupeKey: `provider_review_due:${tenancy.require().id}:${payload.storyId}:${due.retryAt.toMillis()}`,
      })
    }
    if (due.publish) await publishWithoutRequest({ storyId: payload.storyId }, client)
  }
)
