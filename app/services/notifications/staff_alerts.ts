/**
 * Alerts to staff when a story is published: every responder whose
 * services include one of the story's services or a service above it, and
 * every member of staff following such a service, unless they turned
 * alerts off or the story is less critical than they asked for. Immediate
 * alerts are queued at once; daily ones wait for the next digest.
 *
 * At most one alert per recipient and story: the alert_deliveries row
 * (primary key story + user) is inserted in the same transaction as the
 * mail job, and only a new row queues mail. Emails are written in the
 * recipient's language (theirs, else the tenant's default).
 */
import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Story, { publiclyVisibleSql } from '#models/story'
import Tenant from '#models/tenant'
import { tenancy } from '#tenancy/context'
import { ancestryIdsSql, coveringRespondersSql } from '#services/responses/responder_coverage'
import { recipientLocale } from '#mails/app_mail'
import { StaffAlertMail } from '#mails/staff_alert_mail'
import { StaffDigestMail } from '#mails/staff_digest_mail'
import { siteOfTenant, siteUrl } from '#tenancy/site'

type Recipient = {
  user_id: number
  email: string
  locale: string | null
  mode: 'immediate' | 'daily'
}

/** Who is alerted about `story`, with how. */
export async function alertRecipients(story: Story, client: TransactionClientContract) {
  const tenantId = tenancy.require().id
  const result = await client.rawQuery(
    `with covered as (
       select distinct ${ancestryIdsSql('sv.path')} as service_id
         from story_services ss
         join services sv on sv.tenant_id = ss.tenant_id and sv.id = ss.service_id
        where ss.tenant_id = ? and ss.story_id = ?
     ), followers as (
       ${coveringRespondersSql('select service_id from covered')}
       union
       select w.user_id from staff_watches w
        where w.tenant_id = ? and w.service_id in (select service_id from covered)
     )
     select u.id as user_id, u.email, u.locale, coalesce(a.mode, 'immediate') as mode
       from followers f
       join users u on u.id = f.user_id and u.disabled_at is null
       left join alert_settings a on a.tenant_id = ? and a.user_id = u.id
      where coalesce(a.mode, 'immediate') <> 'none'
        and coalesce(a.min_criticality, 0) <= ?
      order by u.id`,
    [tenantId, story.id, tenantId, tenantId, tenantId, story.criticality ?? 0]
  )
  return result.rows as Recipient[]
}

/** Records and queues the alerts for a newly published story; returns how many were new. */
export async function sendStaffAlerts(storyId: number, client: TransactionClientContract) {
  const tenant = await Tenant.findOrFail(tenancy.require().id, { client })
  const story = await Story.publiclyVisible(Story.query({ client })).where('id', storyId).first()
  if (!story) return 0
  await story.load('services')
  /* One domain lookup per job, not per recipient. */
  const site = await siteOfTenant(tenant)
  let queued = 0
  for (const recipient of await alertRecipients(story, client)) {
    const inserted = await client.rawQuery(
      `insert into alert_deliveries (tenant_id, story_id, user_id, mode, created_at, sent_at)
       values (?, ?, ?, ?, now(), case when ? then now() end) on conflict do nothing returning user_id`,
      [tenant.id, story.id, recipient.user_id, recipient.mode, recipient.mode === 'immediate']
    )
    if (!inserted.rows.length || recipient.mode !== 'immediate') continue
    await new StaffAlertMail(tenant, recipient.email, recipientLocale(tenant, recipient.locale), {
      title: story.publicTitle ?? '',
      services: story.services.map((service) => service.name).join(', '),
      body: story.publicBody ?? '',
      storyUrl: siteUrl(site, `/staff/stories/${story.id}`),
      settingsUrl: siteUrl(site, '/staff/account'),
    }).queue({ client, dedupeKey: `alert:${tenant.id}:${story.id}:${recipient.user_id}` })
    queued++
  }
  return queued
}

/**
 * The daily digest for the current tenant: one email per member of staff
 * listing the stories waiting for them, which are then marked sent.
 */
export async function sendDigests(client: TransactionClientContract, now = DateTime.now()) {
  const tenant = await Tenant.findOrFail(tenancy.require().id, { client })
  const result = await client.rawQuery(
    `select d.user_id, d.story_id, u.email, u.locale, s.public_title
         from alert_deliveries d
         join users u on u.id = d.user_id and u.disabled_at is null
         join stories s on s.tenant_id = d.tenant_id and s.id = d.story_id and ${publiclyVisibleSql('s')}
        where d.tenant_id = ? and d.mode = 'daily' and d.sent_at is null
        order by d.user_id, s.published_at
        for update of d`,
    [tenant.id]
  )
  const rows = result.rows as {
    user_id: number
    story_id: number
    email: string
    locale: string | null
    public_title: string
  }[]
  const site = rows.length ? await siteOfTenant(tenant) : null
  const byUser = new Map<number, typeof rows>()
  for (const row of rows) byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row])
  for (const [userId, stories] of byUser) {
    const listed = stories.map((story) => ({
      title: story.public_title,
      url: siteUrl(site!, `/staff/stories/${story.story_id}`),
    }))
    await new StaffDigestMail(
      tenant,
      stories[0].email,
      recipientLocale(tenant, stories[0].locale),
      listed
    ).queue({
      client,
      dedupeKey: `digest:${tenant.id}:${userId}:${stories.map((s) => s.story_id).join(',')}`,
    })
    await client.rawQuery(
      `update alert_deliveries set sent_at = ? where tenant_id = ? and user_id = ? and story_id = any(?)`,
      [now.toSQL(), tenant.id, userId, stories.map((story) => story.story_id)]
    )
  }
  return byUser.size
}
