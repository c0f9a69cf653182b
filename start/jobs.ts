/*
 * Every job type and every recurring task, in one place. Imported by the
 * worker (`queue:work`) and by the mail messenger (start/mail_queue.ts,
 * preloaded), so any process that enqueues or runs jobs knows them all.
 *
 * Handlers get `(payload, { client, tenant, job, attempt })`: write through
 * `client` so the writes commit together with the job being marked done.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import mail from '@adonisjs/mail/services/main'
import type { MailersList, NodeMailerMessage } from '@adonisjs/mail/types'
import { defineJob, defineSchedule } from '#services/job_queue'

export type MailJobPayload = {
  mailer: string
  message: NodeMailerMessage
  sendConfig?: unknown
}

/**
 * Sends a message queued with `mail.sendLater` (or `queueMail`): the message
 * was rendered when it was queued, so this only hands it to the transport.
 */
export const sendMailJob = defineJob<MailJobPayload>('mail.send', async (payload) => {
  const mailer = mail.use(payload.mailer as keyof MailersList)
  await mailer.sendCompiled({ message: payload.message, views: {} }, payload.sendConfig as never)
})

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
export const pruneJobsJob = defineJob('jobs.prune', async (_payload, { client }) => {
  await client.rawQuery(
    `delete from jobs where finished_at < now() - interval '7 days' and dedupe_key is null`
  )
  await client.rawQuery(
    `update jobs set payload = '{}'::jsonb, last_error = null
     where (payload <> '{}'::jsonb or last_error is not null)
       and (finished_at < now() - interval '7 days' or failed_at < now() - interval '30 days')`
  )
  const { forgetUnconfirmedSubscriptions } = await import('#services/subscriptions')
  await forgetUnconfirmedSubscriptions(client)
  const { forgetExpiredInvitations } = await import('#services/staff_erasure')
  await forgetExpiredInvitations(client)
})

defineSchedule('jobs.prune', 'daily at 03:30', 'jobs.prune')

/**
 * Housekeeping: sessions idle past their two hours are already refused when
 * read; every hour their rows go, so the table holds live sessions only.
 */
export const pruneSessionsJob = defineJob('sessions.prune', async (_payload, { client }) => {
  const { pruneExpiredSessions } = await import('#services/staff_sessions')
  await pruneExpiredSessions(client)
})

defineSchedule('sessions.prune', 60, 'sessions.prune')

/*
 * Test-only job type, registered only under NODE_ENV=test: the kill test
 * (tests/functional/jobs/job_queue.spec.ts) runs it in a separate
 * `queue:work` process, which can only know job types defined here. Its
 * plain insert fails if a key is ever delivered twice.
 */
if (process.env.NODE_ENV === 'test') {
  defineJob<{ key: string; sleepMs?: number }>('test.deliver', async (payload, { client }) => {
    await client.rawQuery('insert into job_test_deliveries (key) values (?)', [payload.key])
    if (payload.sleepMs) await sleep(payload.sleepMs)
  })
}

/**
 * Retention: every night, the original text of stories withdrawn or
 * rejected longer ago than their tenant's retention period is erased
 * (the same work as `node ace stories:erase-originals`).
 */
export const eraseOriginalsJob = defineJob('stories.erase_originals', async () => {
  const { default: Tenant } = await import('#models/tenant')
  const { eraseExpiredOriginals } = await import('#services/story_retention')
  for (const tenant of await Tenant.query().orderBy('id')) await eraseExpiredOriginals(tenant)
})

defineSchedule('stories.erase_originals', 'daily at 04:00', 'stories.erase_originals')

/** Every night, IP addresses and actor emails past their retention leave the audit logs. */
export const purgeAuditPersonalJob = defineJob(
  'audit.purge_personal',
  async (_payload, { client }) => {
    const { purgeAuditPersonalData } = await import('#services/audit_retention')
    await purgeAuditPersonalData(client)
  }
)

defineSchedule('audit.purge_personal', 'daily at 04:30', 'audit.purge_personal')

/**
 * A story was published (queued in the publishing transaction): alert the
 * staff of its services and of the services above them, and email the
 * public subscribers. Each recipient at most once, whatever the retries.
 */
export const storyPublishedJob = defineJob<{ storyId: number }>(
  'story.published',
  async (payload, { client }) => {
    const { sendStaffAlerts } = await import('#services/staff_alerts')
    const { notifySubscribers } = await import('#services/subscriptions')
    await sendStaffAlerts(payload.storyId, client)
    await notifySubscribers(payload.storyId, client)
  }
)

/** Every morning, each tenant's staff who chose a daily digest get one email. */
export const digestJob = defineJob('alerts.digest', async (_payload, { client }) => {
  const { default: Tenant } = await import('#models/tenant')
  const { tenancy } = await import('#tenancy/context')
  const { sendDigests } = await import('#services/staff_alerts')
  for (const tenant of await Tenant.query({ client }).where('status', 'active').orderBy('id'))
    await tenancy.run(tenant, () => sendDigests(client))
})

defineSchedule('alerts.digest', 'daily at 07:00', 'alerts.digest')
