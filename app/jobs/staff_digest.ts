/**
 * Every morning, each tenant's staff who chose a daily digest get one email,
 * and each saved search with a daily alert one email of its new stories.
 */
import Tenant from '#models/tenant'
import { defineJob, defineSchedule } from '#services/platform/job_queue'
import { sendDigests } from '#services/notifications/staff_alerts'
import { sendSavedSearchDigests } from '#services/searches/saved_search_alerts'
import { tenancy } from '#tenancy/context'

export const digestJob = defineJob('alerts.digest', async (_payload, { client }) => {
  for (const tenant of await Tenant.query({ client }).where('status', 'active').orderBy('id'))
    await tenancy.run(tenant, async () => {
      await sendDigests(client)
      await sendSavedSearchDigests(client)
    })
})

defineSchedule('alerts.digest', 'daily at 07:00', 'alerts.digest')
