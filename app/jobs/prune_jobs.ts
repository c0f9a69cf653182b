/**
 * Housekeeping: finished jobs go after 7 days, except those with a dedupe
 * key, which are kept (that is what stops a second alert or a second run of
 * a period) with their payload (addresses, message text) emptied; a sent
 * mail's payload is emptied at once when it is sent. Jobs that gave up are
 * kept 30 days for inspection (their error already masked of addresses and
 * tokens), then emptied and their error cleared.
 * Public subscriptions never confirmed go once their link has expired: an
 * address nobody confirmed is not kept; nor is that of a staff invitation
 * never accepted before it expired.
 */
import { defineJob, defineSchedule } from '#services/platform/job_queue'
import { forgetUnconfirmedSubscriptions } from '#services/notifications/subscribing'
import { forgetExpiredInvitations } from '#services/privacy/staff_erasure'

export const pruneJobsJob = defineJob('jobs.prune', async (_payload, { client }) => {
  await client.rawQuery(
    `delete from jobs where finished_at < now() - interval '7 days' and dedupe_key is null`
  )
  await client.rawQuery(
    `update jobs set payload = '{}'::jsonb, last_error = null
     where (payload <> '{}'::jsonb or last_error is not null)
       and (finished_at < now() - interval '7 days' or failed_at < now() - interval '30 days')`
  )
  await forgetUnconfirmedSubscriptions(client)
  await forgetExpiredInvitations(client)
})

defineSchedule('jobs.prune', 'daily at 03:30', 'jobs.prune')
