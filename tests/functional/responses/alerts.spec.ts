import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import AlertSetting from '#models/alert_setting'
import Service from '#models/service'
import type Tenant from '#models/tenant'
import { enqueue, work } from '#services/platform/job_queue'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { makeStory } from '#tests/helpers/stories'
import { isolateEachTest, makeStaff } from '#tests/helpers/tenants'
import '#start/jobs'

const FIFE = 'fife.localhost'

async function serviceId(tenant: Tenant, ref: string) {
  return tenancy.run(tenant, async () => (await Service.findByOrFail('ref', ref)).id)
}

function recipients(fake: ReturnType<typeof mail.fake>) {
  return fake.messages
    .queued()
    .map((message) => String(message.nodeMailerMessage.to))
    .filter((to) => to.endsWith('.test') && !to.startsWith('author@'))
    .sort()
}

test.group('Alerts to staff', (group) => {
  isolateEachTest(group)

  test('publishing a Fife ward story alerts the ward’s and the hospital’s responders once each, England’s none, and a digest reader only in the digest', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife, england } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    await makeStaff(fife, 'responder', 'ward@fife.test', {
      serviceIds: [await serviceId(fife, 'victoria-hospital-ward-6')],
    })
    const welsh = await makeStaff(fife, 'responder', 'hospital@fife.test', {
      serviceIds: [await serviceId(fife, 'victoria-hospital')],
    })
    await tenancy.acrossTenants('test fixture', async () => {
      fife.enabledLocales = ['en-GB', 'cy']
      fife.theme = { ...fife.theme, colours: { brand: '#00594f' } }
      await fife.save()
      welsh.locale = 'cy'
      await welsh.save()
    })
    await makeStaff(fife, 'responder', 'qmh@fife.test', {
      serviceIds: [await serviceId(fife, 'queen-margaret-hospital')],
    })
    const digestReader = await makeStaff(fife, 'responder', 'digest@fife.test', {
      serviceIds: [await serviceId(fife, 'nhs-fife')],
    })
    const choosy = await makeStaff(fife, 'responder', 'critical-only@fife.test', {
      serviceIds: [await serviceId(fife, 'nhs-fife')],
    })
    await makeStaff(england, 'responder', 'leeds@england.test', {
      serviceIds: [await serviceId(england, 'leeds-teaching-hospitals')],
    })
    await tenancy.run(fife, async () => {
      await AlertSetting.create({ userId: digestReader.id, mode: 'daily', minCriticality: 0 })
      await AlertSetting.create({ userId: choosy.id, mode: 'immediate', minCriticality: 4 })
    })

    const story = await makeStory(fife, 'victoria-hospital-ward-6', { title: 'Alert me' })
    await client
      .post(`/staff/moderation/${story.id}/claim`)
      .header('host', FIFE)
      .loginAs(moderator)
      .withCsrfToken()
    await client
      .put(`/staff/moderation/${story.id}`)
      .header('host', FIFE)
      .loginAs(moderator)
      .form({
        version: story.version,
        publicTitle: 'A published story for alerts',
        publicBody: 'The night nurse on the ward was kind to my father.',
        criticality: 2,
        decision: 'publish',
      })
      .withCsrfToken()
    await tenancy.run(fife, () => story.refresh())
    assert.equal(story.status, 'published')

    /* Nothing is sent until the worker runs the story.published job. */
    assert.deepEqual(recipients(fake), [])
    await work({ once: true, schedules: false })
    assert.deepEqual(recipients(fake), ['hospital@fife.test', 'ward@fife.test'])
    const alert = fake.messages
      .queued()
      .find((message) => String(message.nodeMailerMessage.to) === 'ward@fife.test')!
    assert.include(String(alert.nodeMailerMessage.subject), 'Carevoice Fife')
    assert.include(String(alert.nodeMailerMessage.text), `http://fife.localhost:`)
    assert.include(String(alert.nodeMailerMessage.text), `/staff/stories/${story.id}`)
    /* Branded: the tenant's name as sender and heading, its colour, the recipient's language. */
    assert.include(JSON.stringify(alert.nodeMailerMessage.from), 'Carevoice Fife')
    const html = String(alert.nodeMailerMessage.html)
    assert.include(html, '<html lang="en-GB">')
    assert.include(html, 'background:#00594f')
    assert.include(html, 'The night nurse on the ward was kind to my father.')
    const welshAlert = fake.messages
      .queued()
      .find((message) => String(message.nodeMailerMessage.to) === 'hospital@fife.test')!
    assert.include(String(welshAlert.nodeMailerMessage.subject), 'Stori newydd ar Carevoice Fife')
    assert.include(String(welshAlert.nodeMailerMessage.html), '<html lang="cy">')

    /* The job running again (a retry, a second worker) alerts nobody twice. */
    await tenancy.run(fife, () => enqueue('story.published', { storyId: story.id }))
    await work({ once: true, schedules: false })
    assert.deepEqual(recipients(fake), ['hospital@fife.test', 'ward@fife.test'])

    /* The digest reader hears in the next digest, once. */
    await enqueue('alerts.digest', {})
    await work({ once: true, schedules: false })
    assert.deepEqual(recipients(fake), ['digest@fife.test', 'hospital@fife.test', 'ward@fife.test'])
    const digest = fake.messages
      .queued()
      .find((message) => String(message.nodeMailerMessage.to) === 'digest@fife.test')!
    assert.include(String(digest.nodeMailerMessage.text), 'A published story for alerts')
    await enqueue('alerts.digest', {})
    await work({ once: true, schedules: false })
    assert.lengthOf(
      recipients(fake).filter((to) => to === 'digest@fife.test'),
      1
    )

    const deliveries = await tenancy.acrossTenants('inspect every tenant', async () =>
      db.from('alert_deliveries').where('story_id', story.id).select('user_id', 'mode', 'sent_at')
    )
    assert.lengthOf(deliveries, 3)
    assert.isTrue(deliveries.every((row) => row.sent_at !== null))
  })

  test('a correction naming another service alerts that service’s staff, and nobody twice', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    await makeStaff(fife, 'responder', 'hospital@fife.test', {
      serviceIds: [await serviceId(fife, 'victoria-hospital')],
    })
    await makeStaff(fife, 'responder', 'qmh@fife.test', {
      serviceIds: [await serviceId(fife, 'queen-margaret-hospital')],
    })
    const story = await makeStory(fife, 'victoria-hospital-ward-6', { status: 'published' })
    await tenancy.run(fife, () => enqueue('story.published', { storyId: story.id }))
    await work({ once: true, schedules: false })
    assert.deepEqual(recipients(fake), ['hospital@fife.test'])

    /* The moderator adds Queen Margaret Hospital to the published story. */
    await client
      .put(`/staff/moderation/${story.id}`)
      .header('host', FIFE)
      .loginAs(moderator)
      .form({
        version: story.version,
        publicTitle: 'Night shift kindness',
        publicBody: 'The night nurse was kind to my dad.',
        criticality: 0,
        services: [await serviceId(fife, 'victoria-hospital-ward-6')],
        servicesListed: '1',
        addService: 'queen-margaret-hospital',
        decision: 'save',
      })
      .withCsrfToken()
    await work({ once: true, schedules: false })
    assert.deepEqual(recipients(fake), ['hospital@fife.test', 'qmh@fife.test'])
  })
})
