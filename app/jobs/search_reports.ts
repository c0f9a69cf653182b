/**
 * Every morning, the saved-search reports that are due (weekly or monthly)
 * are built and emailed, tenant by tenant. Enqueued inside one tenant, the
 * job reports for that tenant only.
 */
import Tenant from '#models/tenant'
import { defineJob, defineSchedule } from '#services/platform/job_queue'
import { sendDueReports } from '#services/searches/search_reports'
import { tenancy } from '#tenancy/context'

export const searchReportsJob = defineJob('searches.reports', async (_payload, context) => {
  const tenants = context.tenant
    ? [context.tenant]
    : await Tenant.query({ client: context.client }).where('status', 'active').orderBy('id')
  for (const tenant of tenants) await tenancy.run(tenant, () => sendDueReports(context.client))
})

defineSchedule('searches.reports', 'daily at 06:30', 'searches.reports')
