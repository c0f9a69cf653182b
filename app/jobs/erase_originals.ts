/**
 * Retention: every night, the original text of stories withdrawn or
 * rejected longer ago than their tenant's retention period is erased
 * (the same work as `node ace stories:erase-originals`).
 */
import Tenant from '#models/tenant'
import { defineJob, defineSchedule } from '#services/platform/job_queue'
import { eraseExpiredOriginals } from '#services/stories/story_retention'

export const eraseOriginalsJob = defineJob('stories.erase_originals', async () => {
  for (const tenant of await Tenant.query().orderBy('id')) await eraseExpiredOriginals(tenant)
})

defineSchedule('stories.erase_originals', 'daily at 04:00', 'stories.erase_originals')
