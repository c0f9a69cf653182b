import { test } from '@japa/runner'
import mail from '@adonisjs/mail/services/main'
import AuditEvent from '#models/audit_event'
import ModerationEvent from '#models/moderation_event'
import ModerationReason from '#models/moderation_reason'
import Service from '#models/service'
import Story from '#models/story'
import StoryReport from '#models/story_report'
import StoryTag from '#models/story_tag'
import StoryTagLink from '#models/story_tag_link'
import type Tenant from '#models/tenant'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { makeStory } from '#tests/helpers/stories'
import { isolateEachTest, makeStaff } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'
const ENGLAND = 'england.localhost'

async function openReports(tenant: Tenant, storyId: number) {
  return tenancy.run(tenant, async () =>
    StoryReport.query().where('story_id', storyId).whereNull('resolved_at')
  )
}

test.group('Readers’ reports', (group) => {
  isolateEachTest(group)

  test('a reader’s report flags the story in the queue; the moderator keeps it or hides it', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const kept = await makeStory(fife, 'victoria-hospital-ward-6', {
      status: 'published',
      title: 'Reported but fine',
    })
    const hidden = await makeStory(fife, 'victoria-hospital-ward-6', {
      status: 'published',
      title: 'Reported and hidden',
    })
    for (const story of [kept, hidden]) {
      const sent = await client
        .post(`/stories/${story.id}/report`)
        .header('host', FIFE)
        .form({ reason: 'personal_data', message: 'It names <b>the nurse</b>' })
        .withCsrfToken()
        .redirects(0)
      assert.include(sent.flashMessage('success'), 'our moderators will look')
    }
    const queue = await client
      .get('/staff/moderation?flag=reported')
      .header('host', FIFE)
      .loginAs(moderator)
    assert.include(queue.text(), 'Reported but fine')
    assert.include(queue.text(), '1 open report from readers')
    assert.include(queue.text(), '2 published stories are reported by readers')

    const page = await client
      .get(`/staff/moderation/${kept.id}`)
      .header('host', FIFE)
      .loginAs(moderator)
    assert.include(page.text(), 'It identifies someone')
    assert.include(page.text(), 'It names &lt;b&gt;the nurse&lt;/b&gt;')

    await client
      .post(`/staff/moderation/${kept.id}/reports/dismiss`)
      .header('host', FIFE)
      .loginAs(moderator)
      .form({ reason: 'No name in the public text.' })
      .withCsrfToken()
    await client
      .post(`/staff/moderation/${hidden.id}/hide`)
      .header('host', FIFE)
      .loginAs(moderator)
      .form({ reason: 'It names a nurse.' })
      .withCsrfToken()
    assert.lengthOf(await openReports(fife, kept.id), 0)
    assert.lengthOf(await openReports(fife, hidden.id), 0)
    ;(await client.get(`/stories/${kept.id}`).header('host', FIFE)).assertStatus(200)
    ;(await client.get(`/stories/${hidden.id}`).header('host', FIFE)).assertStatus(410)
    const after = await client
      .get('/staff/moderation?flag=reported')
      .header('host', FIFE)
      .loginAs(moderator)
    assert.notInclude(after.text(), 'Reported but fine')
    const actions = await tenancy.run(fife, async () =>
      ModerationEvent.query().whereIn('story_id', [kept.id, hidden.id]).orderBy('id')
    )
    assert.deepEqual(
      actions.map((event) => event.action),
      ['reports_dismissed', 'hidden']
    )
  })

  test('a report on another tenant’s story is refused, bad reports are explained, and reports are rate limited', async ({
    client,
    assert,
  }) => {
    const { fife, england } = await demoDirectory()
    const englandStory = await makeStory(england, 'leeds-teaching-hospitals', {
      status: 'published',
    })
    const waiting = await makeStory(fife, 'victoria-hospital-ward-6')
    const published = await makeStory(fife, 'victoria-hospital-ward-6', { status: 'published' })
    const report = (id: number, form: Record<string, unknown>) =>
      client
        .post(`/stories/${id}/report`)
        .header('host', FIFE)
        .form(form)
        .withCsrfToken()
        .redirects(0)

    ;(await report(englandStory.id, { reason: 'other' })).assertStatus(404)
    ;(await report(waiting.id, { reason: 'other' })).assertStatus(404)
    assert.lengthOf(await openReports(england, englandStory.id), 0)

    const wrong = await report(published.id, { reason: "'; drop table stories; --" })
    wrong.assertStatus(302)
    assert.property(wrong.flashMessage('inputErrorsBag'), 'reason')
    const huge = await report(published.id, { reason: 'other', message: 'x'.repeat(5000) })
    assert.property(huge.flashMessage('inputErrorsBag'), 'message')
    assert.lengthOf(await openReports(fife, published.id), 0)

    /* Five reports an hour from one address, the two refused above included. */
    for (let attempt = 0; attempt < 3; attempt++) {
      ;(await report(published.id, { reason: 'untrue' })).assertStatus(302)
    }
    const limited = await report(published.id, { reason: 'untrue' })
    limited.assertStatus(429)
    assert.lengthOf(await openReports(fife, published.id), 3)
  })

  test('Fife moderators cannot dismiss reports on England stories', async ({ client, assert }) => {
    const { fife, england } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const story = await makeStory(england, 'leeds-teaching-hospitals', { status: 'published' })
    await tenancy.run(england, () => StoryReport.create({ storyId: story.id, reason: 'other' }))
    const response = await client
      .post(`/staff/moderation/${story.id}/reports/dismiss`)
      .header('host', FIFE)
      .loginAs(moderator)
      .form({ reason: 'Trying across tenants' })
      .withCsrfToken()
    response.assertStatus(404)
    assert.lengthOf(await openReports(england, story.id), 1)
  })
})

test.group('Moderation policy and moderating one story', (group) => {
  isolateEachTest(group)

  test('rejection takes a reason from this tenant’s list, tells the author, and refuses another tenant’s reason', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife, england } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const fifeReason = await tenancy.run(fife, () =>
      ModerationReason.create({ label: 'It is not about a care service', position: 0 })
    )
    const englandReason = await tenancy.run(england, () =>
      ModerationReason.create({ label: 'England only reason', position: 0 })
    )
    const story = await makeStory(fife, 'victoria-hospital-ward-6')
    const reject = (form: Record<string, unknown>) =>
      client
        .post(`/staff/moderation/${story.id}/reject`)
        .header('host', FIFE)
        .loginAs(moderator)
        .form(form)
        .withCsrfToken()
        .redirects(0)

    const foreign = await reject({ reasonId: englandReason.id, message: 'Sorry.' })
    assert.include(foreign.flashMessage('error'), 'moderation policy')
    await tenancy.run(fife, () => story.refresh())
    assert.equal(story.status, 'awaiting_moderation')
    assert.lengthOf(fake.messages.queued(), 0)

    const page = await client
      .get(`/staff/moderation/${story.id}`)
      .header('host', FIFE)
      .loginAs(moderator)
    assert.include(page.text(), 'It is not about a care service')
    assert.notInclude(page.text(), 'England only reason')

    await reject({ reasonId: fifeReason.id, message: 'Please tell us about the hospital instead.' })
    await tenancy.run(fife, () => story.refresh())
    assert.equal(story.status, 'rejected')
    assert.exists(story.decidedAt)
    const event = await tenancy.run(fife, async () =>
      ModerationEvent.query().where('story_id', story.id).where('action', 'rejected').firstOrFail()
    )
    assert.equal(event.reason, 'It is not about a care service')
    assert.equal(event.changes.message, 'Please tell us about the hospital instead.')
    const text = String(fake.messages.queued()[0].nodeMailerMessage.text)
    assert.include(text, 'It is not about a care service')
    assert.include(text, 'Please tell us about the hospital instead.')
    assert.match(text, /\/my-story\/[\w-]+/)
  })

  test('a moderator moves a story to another service and sees the diff and the flagged personal data, all escaped', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const story = await makeStory(fife, 'victoria-hospital-ward-6', {
      body: 'Nurse Fiona McLeod was kind <script>x()</script>; call me on 07700 900123.',
    })
    await client
      .post(`/staff/moderation/${story.id}/claim`)
      .header('host', FIFE)
      .loginAs(moderator)
      .withCsrfToken()
    const ward = await tenancy.run(fife, () =>
      Service.findByOrFail('ref', 'victoria-hospital-ward-6')
    )
    const save = (form: Record<string, unknown>) =>
      client
        .put(`/staff/moderation/${story.id}`)
        .header('host', FIFE)
        .loginAs(moderator)
        .form({
          publicTitle: 'Kind care',
          publicBody: 'The nurse was kind <script>x()</script>.',
          criticality: 1,
          decision: 'save',
          servicesListed: '1',
          ...form,
        })
        .withCsrfToken()
        .redirects(0)

    const unknown = await save({ version: 1, services: [ward.id], addService: 'no-such-ward' })
    assert.include(unknown.flashMessage('error'), 'no-such-ward')
    await save({ version: 1, services: [ward.id], addService: 'victoria-hospital-ae' })
    const refs = await tenancy.run(fife, async () => {
      const fresh = await Story.query().where('id', story.id).preload('services').firstOrFail()
      return fresh.services.map((service) => service.ref).sort()
    })
    assert.deepEqual(refs, ['victoria-hospital-ae', 'victoria-hospital-ward-6'])
    const none = await save({ version: 2, services: [] })
    assert.include(none.flashMessage('error'), 'at least one service')

    const page = await client
      .get(`/staff/moderation/${story.id}`)
      .header('host', FIFE)
      .loginAs(moderator)
    const html = page.text()
    assert.include(
      html,
      '<mark><span class="visually-hidden">Phone number: </span>07700 900123</mark>'
    )
    assert.include(html, '<mark><span class="visually-hidden">Name: </span>')
    assert.match(html, /<del><span class="visually-hidden">removed: <\/span>Nurse Fiona McLeod/)
    assert.include(html, '&lt;script&gt;x()&lt;/script&gt;')
    assert.notInclude(html, '<script>x()')
    const event = await tenancy.run(fife, async () =>
      ModerationEvent.query().where('story_id', story.id).where('action', 'edited').firstOrFail()
    )
    assert.property(event.changes, 'services')
  })

  test('the queue filters by service (with everything below it), area and flag', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    await makeStory(fife, 'victoria-hospital-ward-6', { title: 'About ward six' })
    await makeStory(fife, 'queen-margaret-hospital', {
      title: 'About Queen Margaret',
      body: 'Nothing personal here, just a long wait at the front desk for everyone.',
    })
    const queue = async (query: string) =>
      (
        await client.get(`/staff/moderation?${query}`).header('host', FIFE).loginAs(moderator)
      ).text()

    const hospital = await queue('service=victoria-hospital')
    assert.include(hospital, 'About ward six')
    assert.notInclude(hospital, 'About Queen Margaret')
    const area = await queue('area=dunfermline')
    assert.include(area, 'About Queen Margaret')
    assert.notInclude(area, 'About ward six')
    const personal = await queue('flag=personal_data')
    assert.include(personal, 'About ward six')
    assert.notInclude(personal, 'About Queen Margaret')
    const unknown = await queue('service=%3Cscript%3E')
    assert.include(unknown, 'No single service matches “&lt;script&gt;”')
    assert.notInclude(unknown, 'About ward six')
  })

  test('tenant admins manage tags, reasons and retention; a used tag cannot be deleted; moderators cannot change the policy', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const as = (user: typeof admin) => ({
      post: (url: string, form: Record<string, unknown>) =>
        client.post(url).header('host', FIFE).loginAs(user).form(form).withCsrfToken().redirects(0),
      put: (url: string, form: Record<string, unknown>) =>
        client.put(url).header('host', FIFE).loginAs(user).form(form).withCsrfToken().redirects(0),
      delete: (url: string) =>
        client.delete(url).header('host', FIFE).loginAs(user).withCsrfToken().redirects(0),
    })

    ;(
      await as(moderator).post('/staff/settings/tags', { question: 'good', label: 'Sneaky' })
    ).assertStatus(403)
    await as(admin).post('/staff/settings/tags', { question: 'good', label: 'Kindness' })
    const duplicate = await as(admin).post('/staff/settings/tags', {
      question: 'good',
      label: 'KINDNESS',
    })
    assert.include(duplicate.flashMessage('error'), 'already in this list')
    const badQuestion = await as(admin).post('/staff/settings/tags', {
      question: 'evil',
      label: 'x<y',
    })
    assert.property(badQuestion.flashMessage('inputErrorsBag'), 'question')
    const tag = await tenancy.run(fife, () => StoryTag.findByOrFail('label', 'Kindness'))

    await as(admin).put(`/staff/settings/tags/${tag.id}`, { question: 'good', label: 'Kind staff' })
    await tenancy.run(fife, () => tag.refresh())
    assert.equal(tag.label, 'Kind staff')

    const story = await makeStory(fife, 'victoria-hospital-ward-6')
    await tenancy.run(fife, () => StoryTagLink.create({ storyId: story.id, tagId: tag.id }))
    const used = await as(admin).delete(`/staff/settings/tags/${tag.id}`)
    assert.include(used.flashMessage('error'), 'rename it instead')
    assert.exists(await tenancy.run(fife, () => StoryTag.find(tag.id)))

    await as(admin).post('/staff/settings/reasons', { label: 'Not about care' })
    const reason = await tenancy.run(fife, () =>
      ModerationReason.findByOrFail('label', 'Not about care')
    )
    await as(admin).delete(`/staff/settings/reasons/${reason.id}`)
    assert.isNull(await tenancy.run(fife, () => ModerationReason.find(reason.id)))

    const tooShort = await as(admin).put('/staff/settings/retention', { retentionDays: 3 })
    assert.property(tooShort.flashMessage('inputErrorsBag'), 'retentionDays')
    await as(admin).put('/staff/settings/retention', { retentionDays: 90 })
    await fife.refresh()
    assert.equal(fife.retentionDays, 90)

    const page = await client.get('/staff/settings/moderation').header('host', FIFE).loginAs(admin)
    assert.include(page.text(), 'Kind staff')
    const audited = await tenancy.run(fife, async () =>
      AuditEvent.query().whereIn('action', [
        'tag.created',
        'tag.updated',
        'moderation_reason.created',
        'moderation_reason.deleted',
        'tenant.retention_changed',
      ])
    )
    assert.lengthOf(audited, 5)
  })

  test('Fife admins cannot see or change England’s tags, reasons or retention', async ({
    client,
    assert,
  }) => {
    const { fife, england } = await demoDirectory()
    const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    const englandTag = await tenancy.run(england, () =>
      StoryTag.create({ question: 'good', label: 'England tag', position: 0 })
    )
    const englandReason = await tenancy.run(england, () =>
      ModerationReason.create({ label: 'England reason', position: 0 })
    )
    const page = await client.get('/staff/settings/moderation').header('host', FIFE).loginAs(admin)
    page.assertStatus(200)
    assert.notInclude(page.text(), 'England tag')
    assert.notInclude(page.text(), 'England reason')
    ;(
      await client.get('/staff/settings/moderation').header('host', ENGLAND).loginAs(admin)
    ).assertStatus(403)

    const attempts = [
      client
        .put(`/staff/settings/tags/${englandTag.id}`)
        .form({ question: 'good', label: 'Hijacked' }),
      client.delete(`/staff/settings/tags/${englandTag.id}`),
      client.put(`/staff/settings/reasons/${englandReason.id}`).form({ label: 'Hijacked' }),
      client.delete(`/staff/settings/reasons/${englandReason.id}`),
    ]
    for (const attempt of attempts) {
      const response = await attempt.header('host', FIFE).loginAs(admin).withCsrfToken()
      response.assertStatus(404)
    }
    for (const [url, form] of [
      ['/staff/settings/tags', { question: 'good', label: 'From Fife' }],
      ['/staff/settings/reasons', { label: 'From Fife' }],
    ] as const) {
      ;(
        await client.post(url).header('host', ENGLAND).loginAs(admin).form(form).withCsrfToken()
      ).assertStatus(403)
    }
    ;(
      await client
        .put('/staff/settings/retention')
        .header('host', ENGLAND)
        .loginAs(admin)
        .form({ retentionDays: 31 })
        .withCsrfToken()
    ).assertStatus(403)
    await tenancy.run(england, async () => {
      await englandTag.refresh()
      await englandReason.refresh()
    })
    assert.equal(englandTag.label, 'England tag')
    assert.equal(englandReason.label, 'England reason')
    await england.refresh()
    assert.equal(england.retentionDays, 365)
  })
})
