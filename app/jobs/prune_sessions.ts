/**
 * Housekeeping: sessions idle past their two hours are already refused when
 * read; every hour their rows go, so the table holds live sessions only.
 */
import { defineJob, defineSchedule } from '#services/platform/job_queue'
import { pruneExpiredSessions } from '#services/accounts/staff_sessions'

export const pruneSessionsJob = defineJob('sessions.prune', async (_payload, { client }) => {
  await pruneExpiredSessions(client)
})

defineSchedule('sessions.prune', 60, 'sessions.prune')
