/**
 * Nothing secret at rest where it is not needed (issue 14, items 4 and 5):
 * sent mail keeps no link, job errors name no address, request logs show no
 * token, audit rows lose IPs and emails after their retention, unknown
 * sign-in addresses are never stored, and staff accounts can be erased.
 */
import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import AuditEvent from '#models/audit_event'
import Response from '#models/response'
import StaffInvitation from '#models/staff_invitation'
import User from '#models/user'
import UserErase from '#commands/user_erase'
import PrivacyErase from '#commands/privacy_erase'
import SubscriptionsRotateTokens from '#commands/subscriptions_rotate_tokens'
import Subscription from '#models/subscription'
import { unsubscribeToken } from '#services/notifications/subscription_tokens'
import { hashToken } from '#services/platform/secret_tokens'
import Story from '#models/story'
import { auditTenant } from '#services/platform/audit'
import { purgeAuditPersonalData } from '#services/privacy/audit_retention'
import { scrubError } from '#services/platform/job_secrets'
import { defineJob, enqueue, work } from '#services/platform/job_queue'
import { queueMail } from '#mails/queue'
import { newToken } from '#services/platform/secret_tokens'
import { forgetExpiredInvitations } from '#services/privacy/staff_erasure'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { refused, succeeds } from '#tests/helpers/commands'
import { captureRequestLog, cellsContaining } from '#tests/helpers/personal_data'
import { makeStory } from '#tests/helpers/stories'
import { isolateEachTest, makeStaff } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'

defineJob('spec.fails_naming_an_address', () => {
  throw new Error(
    '550 mailbox unavailable: no.such.person@example.test (/my-story/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789)'
  )
})

test.group('Secrets at rest', (group) => {
  isolateEachTest(group)

  test('a sent mail job keeps no address or link, and a failing job’s error is masked', async ({
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const { token } = newToken()
    await tenancy.run(fife, async () =>
      queueMail((message) => {
        message
          .to('reader@example.test')
          .subject('Your link')
          .text(`Your private link: https://fife.localhost/my-story/${token}`)
      })
    )
    const before = await db.rawQuery(
      `select payload::text as payload from jobs where name = 'mail.send'`
    )
    assert.include(before.rows[0].payload, token, 'the job carries the message until it is sent')
    await enqueue('spec.fails_naming_an_address', {}, { maxAttempts: 1 })
    await work({ once: true, schedules: false })

    const after = await db.rawQuery(
      `select name, payload::text as payload, last_error from jobs order by id`
    )
    const sent = after.rows.find((row: { name: string }) => row.name === 'mail.send')
    assert.equal(sent.payload, '{}')
    const failed = after.rows.find(
      (row: { name: string }) => row.name === 'spec.fails_naming_an_address'
    )
    assert.include(failed.last_error, '550 mailbox unavailable: [address]')
    assert.notInclude(failed.last_error, 'no.such.person')
    assert.notInclude(failed.last_error, 'AbCdEfGhIjKlMnOp')
    assert.equal(
      scrubError('to a@b.example, /confirm/abcdefghijklmnopqrstu'),
      'to [address], /confirm/[token]'
    )
  })

  test('every token in a URL is redacted in the request log, unsubscribe links included', async ({
    client,
    assert,
    cleanup,
  }) => {
    await demoDirectory()
    const log = captureRequestLog()
    cleanup(() => log.stop())
    const token = newToken().token
    for (const path of [
      `/subscriptions/unsubscribe/${token}`,
      `/api/subscriptions/unsubscribe/${token}`,
      `/subscriptions/confirm/${token}`,
      `/stories/confirm/${token}`,
      `/my-story/${token}/data`,
      `/staff/invitations/${token}`,
      `/staff/password/reset/${token}`,
      `/some/future/route/${token}`,
    ])
      await client.get(path).header('host', FIFE).redirects(0)
    assert.lengthOf(log.lines, 8)
    for (const line of log.lines) assert.notInclude(line, token)
    assert.isTrue(log.lines.some((line) => line.includes('/subscriptions/unsubscribe/…')))
  })

  test('a failed sign-in with an unknown address stores only a keyed hash of it', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    await client
      .post('/staff/sign-in')
      .header('host', FIFE)
      .form({ email: 'Typed.By.Mistake@example.test', password: 'wrong-password-here' })
      .withCsrfToken()
      .redirects(0)
    const failures = await tenancy.run(fife, async () =>
      AuditEvent.query().where('action', 'sign_in.failed')
    )
    assert.lengthOf(failures, 1)
    assert.equal(failures[0].subjectType, 'unknown_address')
    assert.match(failures[0].subjectId!, /^[0-9a-f]{32}$/)
    assert.deepEqual((await cellsContaining(['typed.by.mistake'])).found, [])
  })

  test('IP addresses and actor emails leave the audit log after the tenant’s retention; the entry keeps its shape, and nothing else can change', async ({
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    await tenancy.run(fife, async () =>
      auditTenant({
        action: 'story.published',
        actor: admin,
        subject: { type: 'story', id: 7 },
        ip: '192.0.2.7',
      })
    )
    await db.transaction(async (trx) => {
      assert.equal(await purgeAuditPersonalData(trx), 0, 'nothing is old enough yet')
    })
    await db.transaction(async (trx) => {
      await purgeAuditPersonalData(trx, DateTime.now().plus({ days: 181 }))
    })
    const [entry] = await tenancy.run(fife, async () =>
      AuditEvent.query().where('action', 'story.published')
    )
    assert.isNull(entry.ip)
    assert.isNull(entry.actorEmail)
    assert.equal(entry.actorId, admin.id)
    assert.equal(entry.subjectId, '7')
    await assert.rejects(() =>
      tenancy.run(fife, async () =>
        db.transaction(async (trx) => {
          await trx.rawQuery(`update audit_events set action = 'forged' where id = ?`, [entry.id])
        })
      )
    )
    await assert.rejects(() =>
      tenancy.run(fife, async () =>
        db.transaction(async (trx) => {
          await trx.rawQuery(`delete from audit_events where id = ?`, [entry.id])
        })
      )
    )
  })

  test('a disabled staff account can be erased: name and email replaced, responses signed by job title; expired invitations go', async ({
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const responder = await makeStaff(fife, 'responder', 'rhona.leaver@fife.test', {
      name: 'Rhona Leaver',
    })
    responder.jobTitle = 'Ward manager'
    await responder.save()
    const story = await makeStory(fife, 'victoria-hospital-ward-6', { status: 'published' })
    await tenancy.run(fife, async () => {
      await Response.create({
        storyId: story.id,
        serviceId: (await story.related('services').query().firstOrFail()).id,
        authorId: responder.id,
        authorName: 'Rhona Leaver',
        authorJobTitle: 'Ward manager',
        body: 'Thank you for telling us.',
        editableUntil: DateTime.now(),
      })
      await auditTenant({ action: 'response.created', actor: responder, ip: '192.0.2.9' })
      await StaffInvitation.create({
        email: 'never.came@fife.test',
        role: 'moderator',
        serviceIds: [],
        tokenHash: newToken().tokenHash,
        expiresAt: DateTime.now().minus({ days: 1 }),
      })
    })

    await refused(assert, UserErase, ['--email=rhona.leaver@fife.test'], 'is not disabled')
    responder.disabledAt = DateTime.now()
    await responder.save()
    await succeeds(UserErase, ['--email=rhona.leaver@fife.test'])
    await db.transaction((trx) => forgetExpiredInvitations(trx))

    const found = await cellsContaining(['Rhona', 'rhona.leaver', 'never.came'])
    assert.deepEqual(found.found, [])
    const erased = await User.findOrFail(responder.id)
    assert.equal(erased.email, `erased-${responder.id}@erased.invalid`)
    const response = await tenancy.run(fife, async () => Response.query().firstOrFail())
    assert.equal(response.authorName, 'Ward manager')
    assert.equal(response.body, 'Thank you for telling us.')
  })

  test('the national admin’s privacy:erase clears an address in every tenant, and refuses bad input with one line', async ({
    assert,
  }) => {
    const { fife, england } = await demoDirectory()
    const address = 'everywhere@example.test'
    for (const [tenant, ref] of [
      [fife, 'victoria-hospital-ward-6'],
      [england, 'leeds-teaching-hospitals'],
    ] as const) {
      const story = await makeStory(tenant, ref)
      await tenancy.run(tenant, async () => {
        story.authorEmail = address
        await story.save()
      })
    }
    await refused(
      assert,
      PrivacyErase,
      ['--email=nope', '--reason=letter of 3 March'],
      'valid email'
    )
    await refused(
      assert,
      PrivacyErase,
      [`--email=${address}`, '--reason=letter of 3 March', '--tenant=atlantis'],
      'No tenant'
    )
    const result = await succeeds(PrivacyErase, [
      `--email=${address}`,
      '--reason=letter of 3 March',
    ])
    assert.isTrue(
      result.stdout.some((line) => line.includes('fife: 1 story, 0 subscriptions erased'))
    )
    assert.isTrue(result.stdout.some((line) => line.includes('england: 1 story')))
    assert.deepEqual((await cellsContaining([address])).found, [])
    const left = await tenancy.acrossTenants('test: count', async () =>
      Story.query().where('author_email', address)
    )
    assert.lengthOf(left, 0)
  })

  test('unsubscribe tokens can be rotated: the old link stops working, the new one works', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const subscription = await tenancy.run(fife, async () => {
      const created = await Subscription.create({
        email: 'follower@example.test',
        locale: 'en-GB',
        targetType: 'tenant',
        unsubscribeTokenHash: newToken().tokenHash,
        confirmedAt: DateTime.now(),
      })
      await created.refresh()
      created.unsubscribeTokenHash = hashToken(unsubscribeToken(created))
      await created.save()
      return created
    })
    const old = unsubscribeToken(subscription)
    ;(await client.get(`/subscriptions/unsubscribe/${old}`).header('host', FIFE)).assertStatus(200)

    await succeeds(SubscriptionsRotateTokens, ['--tenant=fife', '--email=Follower@example.test'])
    const rotated = await tenancy.run(fife, async () => Subscription.findOrFail(subscription.id))
    assert.equal(rotated.tokenVersion, 2)
    ;(await client.get(`/subscriptions/unsubscribe/${old}`).header('host', FIFE)).assertStatus(404)
    const fresh = unsubscribeToken(rotated)
    assert.notEqual(fresh, old)
    ;(await client.get(`/subscriptions/unsubscribe/${fresh}`).header('host', FIFE)).assertStatus(
      200
    )
  })
})
