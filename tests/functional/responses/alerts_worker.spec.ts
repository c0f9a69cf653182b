import { test } from '@japa/runner'
import { setTimeout as sleep } from 'node:timers/promises'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import Area from '#models/area'
import Membership from '#models/membership'
import MembershipService from '#models/membership_service'
import Service from '#models/service'
import Story from '#models/story'
import StoryServiceLink from '#models/story_service_link'
import type Tenant from '#models/tenant'
import User from '#models/user'
import { recomputeServicePaths } from '#services/directory/directory_tree'
import { enqueue } from '#services/platform/job_queue'
import { refreshListings } from '#services/stories/story_listings'
import { mailDedupeKey } from '#mails/queue'
import { tenancy } from '#tenancy/context'
import { makeTenant, TEST_PASSWORD } from '#tests/helpers/tenants'
import { startWorker } from '#tests/helpers/worker'

/*
 * A real `queue:work` process cannot see the rolled-back transaction the
 * other functional tests use, so this test commits for real, in a tenant of
 * its own, and deletes that tenant (and everything in it) afterwards.
 */
const STORIES = 40
const SLUG = 'alerts-kill-test'

async function removeTenant() {
  const tenants = await db.from('tenants').where('slug', SLUG).select('id')
  for (const { id } of tenants) {
    await db.rawQuery('delete from jobs where context_tenant_id = ?', [id])
    await db.rawQuery('delete from tenants where id = ?', [id])
  }
  await db.rawQuery(`delete from users where email like '%@alerts-kill.test'`)
}

async function count(sql: string, bindings: unknown[]) {
  const result = await tenancy.acrossTenants('count the test tenant rows', async () =>
    db.rawQuery(sql, bindings as never)
  )
  return Number(result.rows[0].total)
}

test.group('Alerts and a killed worker', (group) => {
  group.each.setup(async () => {
    await removeTenant()
    return removeTenant
  })

  test('killing the worker in the middle of a batch of alerts and starting it again delivers every alert exactly once', async ({
    assert,
  }) => {
    const tenant: Tenant = await makeTenant(SLUG)
    const { storyIds, recipients } = await tenancy.run(tenant, async () => {
      const area = await Area.create({ name: 'Kill Test Area', slug: 'kill-test-area' })
      const hospital = await Service.create({
        ref: 'kt-hospital',
        slug: 'kt-hospital',
        name: 'Kill Test Hospital',
        kind: 'hospital',
        areaId: area.id,
        status: 'open',
        path: '',
      })
      const ward = await Service.create({
        ref: 'kt-ward',
        slug: 'kt-ward',
        name: 'Kill Test Ward',
        kind: 'ward',
        areaId: area.id,
        parentId: hospital.id,
        status: 'open',
        path: '',
      })
      await recomputeServicePaths()
      const users: number[] = []
      for (const [email, serviceId] of [
        ['ward@alerts-kill.test', ward.id],
        ['hospital@alerts-kill.test', hospital.id],
      ] as const) {
        const user = await User.create({ email, name: email, password: TEST_PASSWORD })
        const membership = await Membership.create({ userId: user.id, role: 'responder' })
        await MembershipService.create({ membershipId: membership.id, serviceId })
        users.push(user.id)
      }
      const ids: number[] = []
      for (let index = 0; index < STORIES; index++) {
        const story = await Story.create({
          status: 'published',
          version: 1,
          title: `Kill test story ${index}`,
          originalBody: 'An invented story for the worker test.',
          publicTitle: `Kill test story ${index}`,
          publicBody: 'An invented story for the worker test.',
          happenedOn: DateTime.now().minus({ months: 1 }).startOf('month'),
          authorRole: 'patient',
          ageBand: 'not_said',
          displayName: 'Test author',
          authorEmail: 'author@alerts-kill.test',
          confirmedAt: DateTime.now(),
          publishedAt: DateTime.now(),
          criticality: 1,
        })
        await StoryServiceLink.create({ storyId: story.id, serviceId: ward.id })
        await db.transaction((trx) => refreshListings([story.id], trx))
        await enqueue('story.published', { storyId: story.id })
        ids.push(story.id)
      }
      return { storyIds: ids, recipients: users }
    })

    const deliveries = () =>
      count('select count(*) as total from alert_deliveries where tenant_id = ?', [tenant.id])
    const first = startWorker(['--poll-ms=50'])
    const deadline = Date.now() + 30_000
    while ((await deliveries()) < 6) {
      if (Date.now() > deadline) throw new Error(`no alerts: ${first.output.stderr}`)
      await sleep(10)
    }
    first.child.kill('SIGKILL')
    assert.equal((await first.exited).signal, 'SIGKILL')
    const mailJobs = () =>
      count(
        `select count(*) as total from jobs where name = 'mail.send' and finished_at is not null and dedupe_key = any(?)`,
        [expectedKeys]
      )
    const expectedKeys = storyIds.flatMap((storyId) =>
      recipients.map((userId) => mailDedupeKey(`alert:${tenant.id}:${storyId}:${userId}`))
    )
    assert.isBelow(await mailJobs(), expectedKeys.length, 'the worker was killed mid-batch')

    /* `--once` runs what is due when it starts: the alerts' mail jobs need a second pass. */
    for (let pass = 0; pass < 2; pass++) {
      const again = startWorker(['--once'])
      const { code } = await again.exited
      assert.equal(code, 0, again.output.stderr)
    }

    /* One delivery row and one sent alert per (story, recipient): no more, no fewer. */
    assert.equal(await deliveries(), STORIES * recipients.length)
    const rows = await db.rawQuery(
      `select dedupe_key, count(*) as n, bool_and(finished_at is not null) as done, max(attempts) as attempts
         from jobs where name = 'mail.send' and dedupe_key = any(?) group by dedupe_key`,
      [expectedKeys]
    )
    assert.lengthOf(rows.rows, expectedKeys.length)
    for (const row of rows.rows) {
      assert.equal(Number(row.n), 1)
      assert.isTrue(row.done)
    }
    const publishedJobs = await count(
      `select count(*) as total from jobs where name = 'story.published' and context_tenant_id = ? and finished_at is not null`,
      [tenant.id]
    )
    assert.equal(publishedJobs, STORIES)
  }).timeout(90_000)
})
