/**
 * A story was published (queued in the publishing transaction): alert the
 * staff of its services and of the services above them, and email the
 * public subscribers. Each recipient at most once, whatever the retries.
 */
import { defineJob } from '#services/platform/job_queue'
import { sendStaffAlerts } from '#services/notifications/staff_alerts'
import { notifySubscribers } from '#services/notifications/notify_subscribers'

export const storyPublishedJob = defineJob<{ storyId: number }>(
  'story.published',
  async (payload, { client }) => {
    await sendStaffAlerts(payload.storyId, client)
    await notifySubscribers(payload.storyId, client)
  }
)
