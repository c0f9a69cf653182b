import { test } from '@japa/runner'
import mail from '@adonisjs/mail/services/main'
import AlertSetting from '#models/alert_setting'
import SavedSearch from '#models/saved_search'
import Service from '#models/service'
import type Tenant from '#models/tenant'
import type User from '#models/user'
import { StaffRights } from '#services/accounts/staff_rights'
import { enqueue, work } from '#services/platform/job_queue'
import { saveSearch } from '#services/searches/saved_searches'
import { staffCriteria } from '#services/searches/staff_search'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { makeStory } from '#tests/helpers/stories'
import { isolateEachTest, makeStaff } from '#tests/helpers/tenants'
import '#start/jobs'

const FIFE = 'fife.localhost'
const ENGLAND = 'england.localhost'
const WARD = 'victoria-hospital-ward-6'
const QMH = 'queen-margaret-hospital'

async function savedFor(
  tenant: Tenant,
  user: User,
  query: Record<string, unknown>,
  options: Partial<Pick<SavedSearch, 'alertMode' | 'reportSchedule'>> = {}
) {
  return tenancy.run(tenant, async () =>
    saveSearch({ userId: user.id, rights: await StaffRights.load(user) }, staffCriteria(query), {
      name: 'Night shifts',
      alertMode: options.alertMode ?? 'none',
      reportSchedule: options.reportSchedule ?? 'none',
    })
  )
}

function sentTo(fake: ReturnType<typeof mail.fake>, address: string) {
  return fake.messages
    .queued()
    .filter((message) => String(message.nodeMailerMessage.to) === address)
    .map((message) => ({
      subject: String(message.nodeMailerMessage.subject),
      text: String(message.nodeMailerMessage.text),
    }))
}

test.group('Saved searches', (group) => {
  isolateEachTest(group)

  test('a member of staff saves a search from the page, changes it and opens its dashboard', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    await makeStory(fife, WARD, {
      status: 'published',
      title: 'Night shift kindness',
      publicBody: 'The night shift nurse was kind.',
    })
    const saved = await client
      .post('/staff/saved-searches')
      .header('host', FIFE)
      .loginAs(moderator)
      .form({
        name: 'Night <b>shifts</b>',
        query: 'q=night&progress=not_responded&criticality=2&unread=1',
        alertMode: 'instant',
        reportSchedule: 'weekly',
      })
      .withCsrfToken()
      .redirects(0)
    saved.assertStatus(302)
    assert.equal(saved.header('location'), '/staff/saved-searches')
    const row = await tenancy.run(fife, () => SavedSearch.query().firstOrFail())
    assert.deepEqual(row.criteria, {
      q: 'night',
      progress: 'not_responded',
      criticality: '2',
      unread: '1',
    })

    const list = await client.get('/staff/saved-searches').header('host', FIFE).loginAs(moderator)
    list.assertStatus(200)
    assert.include(list.text(), 'Night &lt;b&gt;shifts&lt;/b&gt;')
    assert.notInclude(list.text(), '<b>shifts</b>')

    const changed = await client
      .put(`/staff/saved-searches/${row.id}`)
      .header('host', FIFE)
      .loginAs(moderator)
      .form({ name: 'Nights', alertMode: 'daily', reportSchedule: 'monthly' })
      .withCsrfToken()
      .redirects(0)
    changed.assertStatus(302)
    await tenancy.run(fife, () => row.refresh())
    assert.equal(row.alertMode, 'daily')
    assert.equal(row.reportSchedule, 'monthly')

    const bad = await client
      .put(`/staff/saved-searches/${row.id}`)
      .header('host', FIFE)
      .loginAs(moderator)
      .form({ name: '', alertMode: 'hourly', reportSchedule: 'monthly' })
      .withCsrfToken()
      .redirects(0)
    bad.assertStatus(302)
    await tenancy.run(fife, () => row.refresh())
    assert.equal(row.name, 'Nights')

    const dashboard = await client
      .get(`/staff/saved-searches/${row.id}/dashboard`)
      .header('host', FIFE)
      .loginAs(moderator)
    dashboard.assertStatus(200)
    for (const title of ['Stories per month', 'Criticality', 'Progress', 'Most frequent tags'])
      assert.include(dashboard.text(), title)
    assert.include(dashboard.text(), '<svg')
    assert.include(dashboard.text(), '<table>')
  })

  test('another user’s or another tenant’s saved search cannot be read, changed, deleted or run', async ({
    client,
    assert,
  }) => {
    const { fife, england } = await demoDirectory()
    const owner = await makeStaff(fife, 'moderator', 'owner@fife.test')
    const colleague = await makeStaff(fife, 'moderator', 'colleague@fife.test')
    const englishModerator = await makeStaff(england, 'moderator', 'mo@england.test')
    const saved = await savedFor(fife, owner, { q: 'night' })

    const attempts = (user: User, host: string) => [
      client.get(`/staff/saved-searches/${saved.id}/dashboard`).header('host', host).loginAs(user),
      client
        .put(`/staff/saved-searches/${saved.id}`)
        .header('host', host)
        .loginAs(user)
        .form({ name: 'Taken over', alertMode: 'instant', reportSchedule: 'weekly' })
        .withCsrfToken()
        .redirects(0),
      client
        .delete(`/staff/saved-searches/${saved.id}`)
        .header('host', host)
        .loginAs(user)
        .withCsrfToken()
        .redirects(0),
    ]
    for (const [user, host] of [
      [colleague, FIFE],
      [englishModerator, ENGLAND],
      [owner, ENGLAND],
    ] as const) {
      for (const attempt of attempts(user, host)) {
        const response = await attempt
        assert.oneOf(response.status(), [302, 403, 404], `${user.email} on ${host}`)
        assert.notInclude(response.text(), 'night')
      }
      const list = await client.get('/staff/saved-searches').header('host', host).loginAs(user)
      assert.notInclude(list.text(), 'Night shifts')
    }
    await tenancy.run(fife, () => saved.refresh())
    assert.equal(saved.name, 'Night shifts')
    assert.equal(saved.alertMode, 'none')

    /* The owner still has it. */
    const own = await client
      .get(`/staff/saved-searches/${saved.id}/dashboard`)
      .header('host', FIFE)
      .loginAs(owner)
    own.assertStatus(200)
  })

  test('a newly published story matching an alerting saved search emails its owner once; one that does not match emails nothing', async ({
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife, england } = await demoDirectory()
    const ward = await tenancy.run(fife, () => Service.findByOrFail('ref', WARD))
    const responder = await makeStaff(fife, 'responder', 'ward@fife.test', {
      serviceIds: [ward.id],
    })
    /* Alerts about the ward itself go elsewhere: this test hears only the saved search. */
    await tenancy.run(fife, async () => {
      await AlertSetting.create({ userId: responder.id, mode: 'none', minCriticality: 0 })
    })
    const instant = await savedFor(fife, responder, { q: 'parking' }, { alertMode: 'instant' })
    await savedFor(fife, responder, { q: 'kindness' }, { alertMode: 'daily' })

    const matching = await makeStory(fife, WARD, {
      status: 'published',
      title: 'Parking at the ward',
      publicBody: 'Parking was impossible at night.',
    })
    const other = await makeStory(fife, WARD, {
      status: 'published',
      title: 'Lovely food',
      publicBody: 'The soup was good.',
    })
    const outside = await makeStory(fife, QMH, {
      status: 'published',
      title: 'Parking at Queen Margaret',
      publicBody: 'Parking was hard here too.',
    })
    const english = await makeStory(england, 'leeds-teaching-hospitals', {
      status: 'published',
      title: 'Parking in Leeds',
      publicBody: 'Parking in Leeds was fine.',
    })
    for (const [tenant, story] of [
      [fife, matching],
      [fife, other],
      [fife, outside],
      [england, english],
    ] as const)
      await tenancy.run(tenant, () => enqueue('story.published', { storyId: story.id }))
    await work({ once: true, schedules: false })

    const alerts = sentTo(fake, 'ward@fife.test')
    assert.lengthOf(alerts, 1)
    assert.include(alerts[0].subject, 'Night shifts')
    assert.include(alerts[0].text, 'Parking at the ward')
    assert.include(alerts[0].text, `/staff/stories/${matching.id}`)
    assert.notInclude(alerts[0].text, 'Queen Margaret')
    assert.notInclude(alerts[0].text, 'Leeds')

    /* Run again (a retry): nothing twice. */
    await tenancy.run(fife, () => enqueue('story.published', { storyId: matching.id }))
    await work({ once: true, schedules: false })
    assert.lengthOf(sentTo(fake, 'ward@fife.test'), 1)
    await tenancy.run(fife, () => instant.refresh())
    assert.isNotNull(instant.lastAlertedAt)

    /* The daily one waits for the digest; then it names its stories, once. */
    const kind = await makeStory(fife, WARD, {
      status: 'published',
      title: 'Kindness at night',
      publicBody: 'Such kindness from the nurse.',
    })
    await tenancy.run(fife, () => enqueue('story.published', { storyId: kind.id }))
    await work({ once: true, schedules: false })
    assert.lengthOf(sentTo(fake, 'ward@fife.test'), 1)
    await enqueue('alerts.digest', {})
    await work({ once: true, schedules: false })
    const digests = sentTo(fake, 'ward@fife.test').slice(1)
    assert.lengthOf(digests, 1)
    assert.include(digests[0].text, 'Kindness at night')
    await enqueue('alerts.digest', {})
    await work({ once: true, schedules: false })
    assert.lengthOf(sentTo(fake, 'ward@fife.test'), 2)
  })
})
