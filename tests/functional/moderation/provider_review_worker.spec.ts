import { test } from '@japa/runner'
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
import { publishStory } from '#services/moderation/moderate_story'
import { PROVIDER_REVIEW_DUE_JOB } from '#services/moderation/provider_review'
import { tenancy } from '#tenancy/context'
import { siteOfTenant } from '#tenancy/site'
import { makeTenant, TEST_PASSWORD } from '#tests/helpers/tenants'
import { startWorker } from '#tests/helpers/worker'
import '#start/jobs'

/*
 * A real `queue:work` process cannot see the rolled-back transaction the
 * other functional tests use, so this test commits for real, in a tenant of
 * its own, and deletes that tenant (and everything in it) afterwards.
 */
const SLUG = 'provider-review-worker-test'
const DOMAIN = '@provider-review-worker.test'

/*
 * Publishing writes the tenant's append-only audit log, which refuses the
 * cascade of deleting the tenant: the owner lifts that one trigger for the
 * clean-up's own transaction only.
 */
async function removeTenant() {
  await db.connection('owner').transaction(async (trx) => {
    const { rows } = await trx.rawQuery('select id from tenants where slug = ?', [SLUG])
    if (rows.length) {
      await trx.rawQuery('alter table audit_events disable trigger audit_events_append_only')
      for (const { id } of rows) {
        await trx.rawQuery('delete from jobs where context_tenant_id = ?', [id])
        await trx.rawQuery('delete from tenants where id = ?', [id])
      }
      await trx.rawQuery('alter table audit_events enable trigger audit_events_append_only')
    }
    await trx.rawQuery(`delete from users where email like ?`, [`%${DOMAIN}`])
  })
}

async function jobs(tenant: Tenant, name: string) {
  const result = await db.rawQuery(
    `select count(*) as total, count(finished_at) as finished from jobs where context_tenant_id = ? and name = ?`,
    [tenant.id, name]
  )
  return { total: Number(result.rows[0].total), finished: Number(result.rows[0].finished) }
}

async function runWorkerOnce() {
  const worker = startWorker(['--once'])
  const { code } = await worker.exited
  if (code !== 0) throw new Error(`worker failed: ${worker.output.stderr}`)
}

test.group('Provider review with a real worker', (group) => {
  group.each.setup(async () => {
    await removeTenant()
    return removeTenant
  })

  test('a queue:work process publishes a private provider’s story when its window is up, with the author and staff emails of a publication', async ({
    assert,
  }) => {
    const tenant = await makeTenant(SLUG)
    tenant.privateProviderKinds = ['gp_practice']
    await tenant.save()
    await tenant.refresh()
    const { story, moderator } = await tenancy.run(tenant, async () => {
      const area = await Area.create({ name: 'Worker Test Area', slug: 'worker-test-area' })
      const gp = await Service.create({
        ref: 'wt-gp',
        slug: 'wt-gp',
        name: 'Worker Test GP Practice',
        kind: 'gp_practice',
        areaId: area.id,
        status: 'open',
        path: '',
      })
      await recomputeServicePaths()
      const responder = await User.create({
        email: `gp${DOMAIN}`,
        name: 'GP responder',
        password: TEST_PASSWORD,
      })
      const membership = await Membership.create({ userId: responder.id, role: 'responder' })
      await MembershipService.create({ membershipId: membership.id, serviceId: gp.id })
      const mod = await User.create({
        email: `mo${DOMAIN}`,
        name: 'Moderator',
        password: TEST_PASSWORD,
      })
      await Membership.create({ userId: mod.id, role: 'moderator' })
      const told = await Story.create({
        status: 'awaiting_moderation',
        version: 1,
        title: 'Worker test story',
        originalBody: 'An invented story about a GP practice for the worker test.',
        happenedOn: DateTime.now().minus({ months: 1 }).startOf('month'),
        authorRole: 'patient',
        ageBand: 'not_said',
        displayName: 'Test author',
        authorEmail: `author${DOMAIN}`,
        confirmedAt: DateTime.now(),
      })
      await StoryServiceLink.create({ storyId: told.id, serviceId: gp.id })
      return { story: told, moderator: mod }
    })

    /* The moderator approves it (the web's operation): it waits for its window. */
    await tenancy.run(tenant, async () => {
      await publishStory({ actor: moderator, tenant, site: await siteOfTenant(tenant) }, story.id, {
        version: story.version,
        publicTitle: story.title,
        publicBody: story.originalBody,
        criticality: 0,
      })
    })
    const status = () => tenancy.run(tenant, async () => (await Story.findOrFail(story.id)).status)
    assert.equal(await status(), 'in_provider_review')
    assert.deepEqual(await jobs(tenant, PROVIDER_REVIEW_DUE_JOB), { total: 1, finished: 0 })

    /* A worker now: the window (72 hours) is not up, nothing is published. */
    await runWorkerOnce()
    assert.equal(await status(), 'in_provider_review')
    assert.deepEqual(await jobs(tenant, PROVIDER_REVIEW_DUE_JOB), { total: 1, finished: 0 })

    /* Time moves on through the job's run-at: the window is up. */
    await db.rawQuery(
      `update jobs set run_at = now() - interval '1 second' where context_tenant_id = ? and name = ?`,
      [tenant.id, PROVIDER_REVIEW_DUE_JOB]
    )
    /* Pass 1 publishes; pass 2 runs the alerts and the author's email; pass 3 sends the alerts. */
    for (let pass = 0; pass < 3; pass++) await runWorkerOnce()

    assert.equal(await status(), 'published')
    assert.deepEqual(await jobs(tenant, PROVIDER_REVIEW_DUE_JOB), { total: 1, finished: 1 })
    assert.deepEqual(await jobs(tenant, 'story.published'), { total: 1, finished: 1 })
    /* The responder's review email, then the author's publication email and the staff alert. */
    assert.deepEqual(await jobs(tenant, 'mail.send'), { total: 3, finished: 3 })
    const actions = await tenancy.run(tenant, async () => {
      const result = await db.rawQuery(
        'select action, actor_id from moderation_events where tenant_id = ? and story_id = ? order by id',
        [tenant.id, story.id]
      )
      return result.rows.map((row: { action: string; actor_id: number | null }) => [
        row.action,
        row.actor_id === null ? null : Number(row.actor_id),
      ])
    })
    assert.deepEqual(actions, [
      ['provider_review_started', moderator.id],
      ['provider_review_ended', null],
      ['published', null],
    ])
  }).timeout(120_000)
})
