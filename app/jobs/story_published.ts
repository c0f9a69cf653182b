/**
 * A story was published (queued in the publishing transaction): alert the
 * staff of its services and of the services above them, and email the
 * public subscribers (of its services, areas, tags and matching searches)
 * and the saved searches set to alert. Each recipient at most once,
 * whatever the retries.
 */
import { defineJob } from '#services/platform/job_queue'
import { sendStaffAlerts } from '#services/notifications/staff_alerts'
import { notifySubscribers } from '#services/notifications/notify_subscribers'
import { alertSavedSearches } from '#services/searches/saved_search_alerts'

export const storyPublishedJob = defineJob<{ storyId: number }>(
  'story.published',
  async (payload, { client }) => {
    await sendStaffAlerts(payload.storyId, client)
    await notifySubscribers(payload.storyId, client)
    await alertSavedSearches(payload.storyId, client)
  }
)
