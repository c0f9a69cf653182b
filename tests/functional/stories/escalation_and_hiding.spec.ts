import { test } from '@japa/runner'
import mail from '@adonisjs/mail/services/main'
import AuditEvent from '#models/audit_event'
import ModerationEvent from '#models/moderation_event'
import Service from '#models/service'
import Story from '#models/story'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { makeStory } from '#tests/helpers/stories'
import { isolateEachTest, makeStaff } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'

test.group('Asking, escalating and hiding', (group) => {
  isolateEachTest(group)

  test('asking the author and escalating keep a story off every public page, and are recorded', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife } = await demoDirectory()
    fife.contactEmail = 'safeguarding@fife.test'
    await fife.save()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const asked = await makeStory(fife, 'victoria-hospital-ward-6', { title: 'Needs a question' })
    const concern = await makeStory(fife, 'victoria-hospital-ward-6', {
      title: 'A safeguarding concern',
    })

    await client
      .post(`/staff/moderation/${asked.id}/ask`)
      .header('host', FIFE)
      .loginAs(moderator)
      .form({ reason: 'Which month did this happen in?' })
      .withCsrfToken()
    await client
      .post(`/staff/moderation/${concern.id}/escalate`)
      .header('host', FIFE)
      .loginAs(moderator)
      .form({ reason: 'The author describes a risk of harm at home.' })
      .withCsrfToken()

    const statuses = await tenancy.run(fife, async () =>
      Promise.all([Story.findOrFail(asked.id), Story.findOrFail(concern.id)])
    )
    assert.deepEqual(
      statuses.map((story) => story.status),
      ['needs_author_input', 'escalated']
    )
    fake.messages.assertQueued({ to: 'author@example.test' })
    fake.messages.assertQueued({ to: 'safeguarding@fife.test' })
    for (const story of [asked, concern]) {
      ;(await client.get(`/stories/${story.id}`).header('host', FIFE)).assertStatus(404)
    }
    const ward = (
      await client.get('/services/victoria-hospital-ward-6').header('host', FIFE)
    ).text()
    assert.notInclude(ward, 'Needs a question')
    assert.notInclude(ward, 'A safeguarding concern')
    const actions = await tenancy.run(fife, async () =>
      (await ModerationEvent.query().orderBy('id')).map(
        (event) => `${event.action}: ${event.reason}`
      )
    )
    assert.deepEqual(actions, [
      'asked_author: Which month did this happen in?',
      'escalated: The author describes a risk of harm at home.',
    ])
  })

  test('a tenant admin sets the safeguarding contact; escalations go there, or warn when nobody can be told', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife, england } = await demoDirectory()
    fife.contactEmail = null
    await fife.save()
    const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const put = (user: typeof admin, form: Record<string, unknown>, host = FIFE) =>
      client
        .put('/staff/settings/safeguarding')
        .header('host', host)
        .loginAs(user)
        .form(form)
        .withCsrfToken()
        .redirects(0)
    const escalate = async (title: string) => {
      const story = await makeStory(fife, 'victoria-hospital-ward-6', { title })
      const page = await client
        .get(`/staff/moderation/${story.id}`)
        .header('host', FIFE)
        .loginAs(moderator)
      const done = await client
        .post(`/staff/moderation/${story.id}/escalate`)
        .header('host', FIFE)
        .loginAs(moderator)
        .form({ reason: 'A risk of harm at home.' })
        .withCsrfToken()
        .redirects(0)
      return { page: page.text(), flash: String(done.flashMessage('success')) }
    }

    /* Nobody to tell: the moderator is warned before and after, and no email is queued. */
    const untold = await escalate('Nobody to tell')
    assert.include(untold.page, 'No safeguarding contact is set')
    assert.include(untold.flash, 'tell your safeguarding lead yourself')
    assert.lengthOf(fake.messages.queued(), 0)

    for (const bad of [
      'not-an-email',
      '<script>alert(1)</script>@x',
      `${'a'.repeat(250)}@x.test`,
    ]) {
      const refused = await put(admin, { safeguardingEmail: bad })
      assert.property(refused.flashMessage('inputErrorsBag'), 'safeguardingEmail', bad)
    }
    ;(await put(moderator, { safeguardingEmail: 'mo@fife.test' })).assertStatus(403)
    ;(await put(admin, { safeguardingEmail: 'x@england.test' }, 'england.localhost')).assertStatus(
      403
    )
    await put(admin, { safeguardingEmail: 'Safeguarding@Fife.test' })
    await fife.refresh()
    assert.equal(fife.safeguardingEmail, 'safeguarding@fife.test')
    await england.refresh()
    assert.isNull(england.safeguardingEmail)
    const settings = await client
      .get('/staff/settings/moderation')
      .header('host', FIFE)
      .loginAs(admin)
    assert.include(settings.text(), 'value="safeguarding@fife.test"')

    const told = await escalate('Someone to tell')
    assert.include(
      told.page,
      'The safeguarding contact, safeguarding@fife.test, is emailed at once'
    )
    assert.include(told.flash, 'safeguarding contact told')
    fake.messages.assertQueued({ to: 'safeguarding@fife.test' })

    /* Cleared: back to the contact address. */
    await put(admin, { safeguardingEmail: '' })
    await fife.refresh()
    assert.isNull(fife.safeguardingEmail)
    const audited = await tenancy.run(fife, async () =>
      AuditEvent.query().where('action', 'tenant.safeguarding_email_changed').orderBy('id')
    )
    assert.lengthOf(audited, 2)
  })

  test('a hidden story answers 410 and leaves every list', async ({ client, assert }) => {
    const { fife } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const story = await makeStory(fife, 'victoria-hospital-ward-6', {
      status: 'published',
      title: 'Soon hidden',
    })
    ;(await client.get(`/stories/${story.id}`).header('host', FIFE)).assertStatus(200)
    await client
      .post(`/staff/moderation/${story.id}/hide`)
      .header('host', FIFE)
      .loginAs(moderator)
      .form({ reason: 'A reader reported a name we missed.' })
      .withCsrfToken()
    const gone = await client.get(`/stories/${story.id}`).header('host', FIFE)
    gone.assertStatus(410)
    assert.include(gone.text(), 'removed by our moderators')
    for (const path of [
      '/services/victoria-hospital-ward-6',
      '/services/nhs-fife',
      '/areas/kirkcaldy',
    ]) {
      assert.notInclude((await client.get(path).header('host', FIFE)).text(), 'Soon hidden', path)
    }
  })

  test('a published story is corrected without taking it down: recorded, versioned, relisted', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const other = await makeStaff(fife, 'moderator', 'mo2@fife.test')
    const story = await makeStory(fife, 'victoria-hospital-ward-6', {
      status: 'published',
      title: 'Corrected later',
    })
    const qmh = await tenancy.run(fife, () =>
      Service.findByOrFail('ref', 'queen-margaret-hospital')
    )
    const page = await client
      .get(`/staff/moderation/${story.id}`)
      .header('host', FIFE)
      .loginAs(moderator)
    assert.include(page.text(), 'Save corrections to the published story')
    assert.notInclude(page.text(), 'value="publish"')

    const correct = (user: typeof moderator, form: Record<string, unknown>) =>
      client
        .put(`/staff/moderation/${story.id}`)
        .header('host', FIFE)
        .loginAs(user)
        .form({
          version: story.version,
          publicTitle: 'Corrected later',
          publicBody: 'The night nurse was kind to my dad, <b>truly</b>.',
          criticality: 0,
          servicesListed: '1',
          services: [],
          addService: 'queen-margaret-hospital',
          decision: 'save',
          ...form,
        })
        .withCsrfToken()
        .redirects(0)
    const done = await correct(moderator, {})
    assert.include(done.flashMessage('success'), 'corrections are published')
    await tenancy.run(fife, () => story.refresh())
    assert.equal(story.status, 'published')
    assert.equal(story.version, 2)

    const publicPage = (await client.get(`/stories/${story.id}`).header('host', FIFE)).text()
    assert.include(publicPage, 'kind to my dad, &lt;b&gt;truly&lt;/b&gt;.')
    /* Moved from the ward to Queen Margaret: the lists follow at once. */
    const list = async (path: string) => (await client.get(path).header('host', FIFE)).text()
    assert.notInclude(await list('/services/victoria-hospital-ward-6'), 'Corrected later')
    assert.include(await list('/services/queen-margaret-hospital'), 'Corrected later')
    assert.include(await list('/services/nhs-fife'), 'Corrected later')
    const [event] = await tenancy.run(fife, async () =>
      ModerationEvent.query().where('story_id', story.id).where('action', 'corrected')
    )
    assert.equal(event.actorId, moderator.id)
    assert.deepEqual((event.changes as any).services.to, [qmh.id])
    assert.include(JSON.stringify(event.changes), 'truly')

    /* A second moderator working from the old version is refused; nothing changes. */
    const stale = await correct(other, { version: 1, publicBody: 'Overwritten text here.' })
    assert.include(stale.flashMessage('error'), 'Someone else saved this story')
    await tenancy.run(fife, () => story.refresh())
    assert.include(story.publicBody ?? '', 'truly')
    /* Emptied services are refused: a published story stays about something. */
    const none = await correct(moderator, { version: 2, addService: '' })
    assert.include(none.flashMessage('error'), 'at least one service')
  })

  test('Fife moderators cannot ask, escalate or hide England stories', async ({
    client,
    assert,
  }) => {
    const { fife, england } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const waiting = await makeStory(england, 'leeds-teaching-hospitals')
    const published = await makeStory(england, 'leeds-teaching-hospitals', { status: 'published' })
    for (const [id, action] of [
      [waiting.id, 'ask'],
      [waiting.id, 'escalate'],
      [published.id, 'hide'],
    ] as const) {
      const response = await client
        .post(`/staff/moderation/${id}/${action}`)
        .header('host', FIFE)
        .loginAs(moderator)
        .form({ reason: 'Cross-tenant attempt' })
        .withCsrfToken()
      response.assertStatus(404)
    }
    const correction = await client
      .put(`/staff/moderation/${published.id}`)
      .header('host', FIFE)
      .loginAs(moderator)
      .form({
        version: published.version,
        publicTitle: 'Hijacked',
        publicBody: 'Hijacked text from Fife.',
        criticality: 0,
        decision: 'save',
      })
      .withCsrfToken()
    correction.assertStatus(404)
    const after = await tenancy.run(england, async () =>
      Promise.all([Story.findOrFail(waiting.id), Story.findOrFail(published.id)])
    )
    assert.notEqual(after[1].publicTitle, 'Hijacked')
    assert.deepEqual(
      after.map((story) => story.status),
      ['awaiting_moderation', 'published']
    )
  })
})
