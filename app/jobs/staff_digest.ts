/** Every morning, each tenant's staff who chose a daily digest get one email. */
import Tenant from '#models/tenant'
import { defineJob, defineSchedule } from '#services/platform/job_queue'
import { sendDigests } from '#services/notifications/staff_alerts'
import { tenancy } from '#tenancy/context'

export const digestJob = defineJob('alerts.digest', async (_payload, { client }) => {
  for (const tenant of await Tenant.query({ client }).where('status', 'active').orderBy('id'))
    await tenancy.run(tenant, () => sendDigests(client))
})

defineSchedule('alerts.digest', 'daily at 07:00', 'alerts.digest')
