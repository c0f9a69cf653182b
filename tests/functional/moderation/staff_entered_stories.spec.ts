import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import ModerationEvent from '#models/moderation_event'
import Story from '#models/story'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { isolateEachTest, makeStaff } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'
const ENGLAND = 'england.localhost'
const lastMonth = DateTime.now().minus({ months: 1 })

function entry(overrides: Record<string, unknown> = {}) {
  return {
    route: 'phone',
    service: 'Ward 6 (Acute Medicine)',
    title: 'Told over the phone',
    body: 'The nurses on the ward were patient with my mother and explained her medicines twice.',
    month: lastMonth.month,
    year: lastMonth.year,
    authorRole: 'relative',
    ageBand: 'not_said',
    displayName: 'A caller from Kirkcaldy',
    consent: 'on',
    ...overrides,
  }
}

async function mailJobs() {
  const { rows } = await db.rawQuery(
    `select count(*)::int as total from jobs where name = 'mail.send'`
  )
  return rows[0].total as number
}

test.group('Stories typed in by staff', (group) => {
  isolateEachTest(group)

  test('a moderator types in a phone story: it records its route and consent, waits in the queue and is moderated like any other', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const before = await mailJobs()
    const response = await client
      .post('/staff/story-entry')
      .header('host', FIFE)
      .loginAs(moderator)
      .form(entry())
      .withCsrfToken()
      .redirects(0)
    assert.equal(response.flashMessage('success'), 'The story is in the moderation queue.')
    const story = await tenancy.run(fife, async () =>
      Story.query().where('title', 'Told over the phone').preload('services').firstOrFail()
    )
    assert.equal(story.status, 'awaiting_moderation')
    assert.equal(story.submissionRoute, 'phone')
    assert.equal(story.authorEmail, '')
    assert.deepEqual(
      story.services.map((service) => service.ref),
      ['victoria-hospital-ward-6']
    )
    const events = await tenancy.run(fife, async () =>
      ModerationEvent.query().where('story_id', story.id)
    )
    assert.deepEqual(
      events.map((event) => [event.action, event.actorId, event.changes]),
      [['entered_for_author', moderator.id, { route: 'phone', consent: true, contact: false }]]
    )

    const queue = await client.get('/staff/moderation').header('host', FIFE).loginAs(moderator)
    assert.include(queue.text(), 'Told over the phone')
    assert.include(queue.text(), 'Came by phone')
    const page = await client
      .get(`/staff/moderation/${story.id}`)
      .header('host', FIFE)
      .loginAs(moderator)
    assert.include(page.text(), 'Came by phone.')

    await client
      .put(`/staff/moderation/${story.id}`)
      .header('host', FIFE)
      .loginAs(moderator)
      .form({
        version: 1,
        decision: 'publish',
        publicTitle: story.title,
        publicBody: story.originalBody,
        criticality: 0,
      })
      .withCsrfToken()
      .redirects(0)
    await tenancy.run(fife, () => story.refresh())
    assert.equal(story.status, 'published')
    /* No address, no mail: nothing queued for an author who left none. */
    assert.equal(await mailJobs(), before)
  })

  test('a tenant admin may type in a story; a responder may not', async ({ client, assert }) => {
    const { fife } = await demoDirectory()
    const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    const responder = await makeStaff(fife, 'responder', 'resp@fife.test')
    const byAdmin = await client
      .post('/staff/story-entry')
      .header('host', FIFE)
      .loginAs(admin)
      .form(entry({ route: 'paper', email: 'Author@Example.test' }))
      .withCsrfToken()
      .redirects(0)
    assert.equal(byAdmin.flashMessage('success'), 'The story is in the moderation queue.')
    const story = await tenancy.run(fife, async () =>
      Story.query().where('title', 'Told over the phone').firstOrFail()
    )
    assert.deepEqual([story.submissionRoute, story.authorEmail], ['paper', 'author@example.test'])
    ;(await client.get('/staff/story-entry').header('host', FIFE).loginAs(responder)).assertStatus(
      403
    )
    const byResponder = await client
      .post('/staff/story-entry')
      .header('host', FIFE)
      .loginAs(responder)
      .form(entry({ title: 'Not allowed' }))
      .withCsrfToken()
    byResponder.assertStatus(403)
  })

  test('without the author’s consent, a route or a known service, nothing is saved and each problem is said', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const refused = await client
      .post('/staff/story-entry')
      .header('host', FIFE)
      .loginAs(moderator)
      .form(entry({ consent: '', route: 'carrier pigeon' }))
      .withCsrfToken()
      .redirects(0)
    assert.deepEqual(refused.flashMessage('inputErrorsBag'), {
      route: ['Choose how the story came'],
      consent: ['Tick the box to confirm the author agreed that we may publish their story'],
    })
    const unknown = await client
      .post('/staff/story-entry')
      .header('host', FIFE)
      .loginAs(moderator)
      .form(entry({ service: 'No Such Ward Anywhere' }))
      .withCsrfToken()
      .redirects(0)
    assert.property(unknown.flashMessage('inputErrorsBag'), 'service')
    const saved = await tenancy.run(fife, async () =>
      Story.query().where('title', 'Told over the phone')
    )
    assert.lengthOf(saved, 0)
  })

  test('a Fife moderator cannot type in a story on England, nor name an England service', async ({
    client,
    assert,
  }) => {
    const { fife, england } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const onEngland = await client
      .post('/staff/story-entry')
      .header('host', ENGLAND)
      .loginAs(moderator)
      .form(entry({ service: 'leeds-teaching-hospitals' }))
      .withCsrfToken()
    assert.oneOf(onEngland.status(), [302, 403])
    const englandService = await client
      .post('/staff/story-entry')
      .header('host', FIFE)
      .loginAs(moderator)
      .form(entry({ service: 'leeds-teaching-hospitals' }))
      .withCsrfToken()
      .redirects(0)
    assert.property(englandService.flashMessage('inputErrorsBag'), 'service')
    const stories = await Promise.all(
      [fife, england].map((tenant) =>
        tenancy.run(tenant, async () => Story.query().where('title', 'Told over the phone'))
      )
    )
    assert.deepEqual(
      stories.map((list) => list.length),
      [0, 0]
    )
  })
})
