import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import AuthorReply from '#models/author_reply'
import Response from '#models/response'
import Service from '#models/service'
import Story from '#models/story'
import type Tenant from '#models/tenant'
import type User from '#models/user'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { authorLinkFor, authorLinkIn, makeStory } from '#tests/helpers/stories'
import { isolateEachTest, makeStaff } from '#tests/helpers/tenants'
import { fastTrackResponder } from '#tests/helpers/checked'

const FIFE = 'fife.localhost'
const ENGLAND = 'england.localhost'
const ANSWER = 'Thank you for telling us. We have talked with the night team about this.'

async function serviceId(tenant: Tenant, ref: string) {
  return tenancy.run(tenant, async () => (await Service.findByOrFail('ref', ref)).id)
}

async function responses(tenant: Tenant, storyId: number) {
  return tenancy.run(tenant, async () => Response.query().where('story_id', storyId).orderBy('id'))
}

test.group('Responding to stories', (group) => {
  isolateEachTest(group)

  async function setUp() {
    const directory = await demoDirectory()
    const { fife } = directory
    const hospitalId = await serviceId(fife, 'victoria-hospital')
    const responder = await makeStaff(fife, 'responder', 'hospital@fife.test', {
      serviceIds: [hospitalId],
      name: 'Dana Lead',
    })
    /* These tests are about a responder whose responses publish at once (fast-track); checks: checked_responses.spec.ts. */
    await fastTrackResponder(fife, responder, 'Lead Nurse')
    const story = await makeStory(fife, 'victoria-hospital-ward-6', {
      status: 'published',
      title: 'Ward six story',
    })
    return { ...directory, responder, story, hospitalId }
  }

  function respond(
    client: any,
    user: User,
    storyId: number,
    form: Record<string, unknown>,
    host = FIFE
  ) {
    return client
      .post(`/staff/stories/${storyId}/responses`)
      .header('host', host)
      .loginAs(user)
      .form(form)
      .withCsrfToken()
      .redirects(0)
  }

  test('a responder previews, then posts a response with “change made”; the badge shows only once a moderator confirms it', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife, responder, story, hospitalId } = await setUp()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const form = {
      serviceId: hospitalId,
      body: ANSWER,
      changeKind: 'made',
      changeDescription: 'Night staff now explain <each> test before it happens.',
    }

    const preview = await client
      .post(`/staff/stories/${story.id}/responses/preview`)
      .header('host', FIFE)
      .loginAs(responder)
      .form(form)
      .withCsrfToken()
    preview.assertStatus(200)
    assert.include(preview.text(), 'Preview: how the public will see it')
    assert.include(preview.text(), 'Dana Lead, Lead Nurse')
    assert.include(preview.text(), 'explain &lt;each&gt; test')
    assert.lengthOf(await responses(fife, story.id), 0)

    const empty = await respond(client, responder, story.id, { ...form, body: '  ' })
    assert.deepEqual(empty.flashMessage('inputErrorsBag'), { body: ['Write your response'] })

    const posted = await respond(client, responder, story.id, form)
    assert.include(posted.flashMessage('success'), 'Your response is published')
    const [response] = await responses(fife, story.id)
    assert.equal(response.authorName, 'Dana Lead')
    assert.equal(response.changeStatus, 'pending')
    await tenancy.run(fife, () => story.refresh())
    assert.equal(story.progress, 'responded')
    const authorMail = fake.messages
      .queued()
      .find((message) => String(message.nodeMailerMessage.to) === 'author@example.test')
    const link = authorLinkIn(String(authorMail?.nodeMailerMessage.text))

    const before = await client.get(`/stories/${story.id}`).header('host', FIFE)
    assert.include(before.text(), `href="/staff/stories/${story.id}"`)
    assert.include(before.text(), 'Response from Victoria Hospital')
    assert.include(before.text(), 'Thank you for telling us')
    assert.notInclude(before.text(), 'badge--made')

    const checks = await client
      .get('/staff/moderation/checks')
      .header('host', FIFE)
      .loginAs(moderator)
    assert.include(checks.text(), 'Night staff now explain &lt;each&gt; test')
    await client
      .post(`/staff/moderation/responses/${response.id}/change`)
      .header('host', FIFE)
      .loginAs(moderator)
      .form({ decision: 'confirm' })
      .withCsrfToken()
    await tenancy.run(fife, () => story.refresh())
    assert.equal(story.progress, 'change_made')
    const after = await client.get(`/stories/${story.id}`).header('host', FIFE)
    assert.include(after.text(), 'badge--made')
    assert.include(after.text(), 'Change made')

    /* The author replies through their private link; the public sees it once moderated. */
    await client
      .post(`${link}/responses/${response.id}/reply`)
      .header('host', FIFE)
      .form({ reply: 'Thank you, <b>that helps</b>.' })
      .withCsrfToken()
      .redirects(0)
    const reply = await tenancy.run(fife, () =>
      AuthorReply.findByOrFail('response_id', response.id)
    )
    assert.equal(reply.status, 'awaiting_moderation')
    assert.notInclude(
      (await client.get(`/stories/${story.id}`).header('host', FIFE)).text(),
      'that helps'
    )
    await client
      .post(`/staff/moderation/replies/${reply.id}`)
      .header('host', FIFE)
      .loginAs(moderator)
      .form({ decision: 'publish', publicBody: 'Thank you, <b>that helps</b>.' })
      .withCsrfToken()
    const withReply = await client.get(`/stories/${story.id}`).header('host', FIFE)
    assert.include(withReply.text(), 'The author replied')
    assert.include(withReply.text(), 'Thank you, &lt;b&gt;that helps&lt;/b&gt;.')
    /* The response's writer hears of the published reply, and only then. */
    const toWriter = fake.messages
      .queued()
      .filter((message) => String(message.nodeMailerMessage.to) === 'hospital@fife.test')
    assert.lengthOf(toWriter, 1)
    assert.include(String(toWriter[0].nodeMailerMessage.subject), 'The author replied')
    assert.include(String(toWriter[0].nodeMailerMessage.text), 'Thank you, <b>that helps</b>.')
    assert.include(String(toWriter[0].nodeMailerMessage.html), 'Thank you, &lt;b&gt;that helps')
  })

  test('responders respond only for their own services above the story, only in their tenant', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife, england, story, hospitalId } = await setUp()
    const elsewhere = await makeStaff(fife, 'responder', 'qmh@fife.test', {
      serviceIds: [await serviceId(fife, 'queen-margaret-hospital')],
    })
    const englandResponder = await makeStaff(england, 'responder', 'leeds@england.test', {
      serviceIds: [await serviceId(england, 'leeds-teaching-hospitals')],
    })
    const englandStory = await makeStory(england, 'leeds-teaching-hospitals', {
      status: 'published',
    })

    const refused = await respond(client, elsewhere, story.id, {
      serviceId: hospitalId,
      body: ANSWER,
    })
    assert.include(refused.flashMessage('error'), 'only for your own services')
    const page = await client
      .get(`/staff/stories/${story.id}`)
      .header('host', FIFE)
      .loginAs(elsewhere)
    page.assertStatus(200)
    assert.notInclude(page.text(), 'Respond in public')

    const crossHost = await respond(client, englandResponder, story.id, {
      serviceId: hospitalId,
      body: ANSWER,
    })
    crossHost.assertStatus(403)
    const crossStory = await respond(client, elsewhere, englandStory.id, {
      serviceId: await serviceId(england, 'leeds-teaching-hospitals'),
      body: ANSWER,
    })
    assert.oneOf(crossStory.status(), [302, 404])
    ;(
      await client.get(`/staff/stories/${englandStory.id}`).header('host', FIFE).loginAs(elsewhere)
    ).assertStatus(404)
    ;(await client.get('/staff/inbox').header('host', ENGLAND).loginAs(elsewhere)).assertStatus(403)
    assert.lengthOf(await responses(fife, story.id), 0)
    assert.lengthOf(await responses(england, englandStory.id), 0)

    const waiting = await makeStory(fife, 'victoria-hospital-ward-6', { title: 'Not published' })
    const hospital = await makeStaff(fife, 'responder', 'h2@fife.test', {
      serviceIds: [hospitalId],
    })
    const unpublished = await respond(client, hospital, waiting.id, {
      serviceId: hospitalId,
      body: ANSWER,
    })
    assert.include(unpublished.flashMessage('error'), 'not published')
    assert.lengthOf(await responses(fife, waiting.id), 0)
    /* The author hears of a response only when one was written: no refused attempt emails them. */
    assert.lengthOf(fake.messages.queued(), 0)
  })

  test('a response can be changed or deleted by its writer for 30 minutes, then it is fixed', async ({
    client,
    assert,
  }) => {
    const { fife, responder, story, hospitalId } = await setUp()
    const colleague = await makeStaff(fife, 'responder', 'colleague@fife.test', {
      serviceIds: [hospitalId],
    })
    await respond(client, responder, story.id, { serviceId: hospitalId, body: ANSWER })
    const [response] = await responses(fife, story.id)
    const edit = (user: User, body: string) =>
      client
        .put(`/staff/responses/${response.id}`)
        .header('host', FIFE)
        .loginAs(user)
        .form({ body })
        .withCsrfToken()
        .redirects(0)

    assert.include(
      (await edit(colleague, 'Someone else’s words here')).flashMessage('error'),
      'only your own'
    )
    await edit(responder, 'A corrected answer from the ward team.')
    await tenancy.run(fife, () => response.refresh())
    assert.equal(response.body, 'A corrected answer from the ward team.')
    const noChangeText = await client
      .put(`/staff/responses/${response.id}`)
      .header('host', FIFE)
      .loginAs(responder)
      .form({ body: 'A corrected answer again.', changeKind: 'planned' })
      .withCsrfToken()
      .redirects(0)
    assert.include(noChangeText.flashMessage('error'), 'Say what is changing')

    await tenancy.run(fife, async () => {
      response.editableUntil = DateTime.now().minus({ minutes: 1 })
      await response.save()
    })
    assert.include(
      (await edit(responder, 'Too late to change this')).flashMessage('error'),
      '30 minutes'
    )
    const deleted = await client
      .delete(`/staff/responses/${response.id}`)
      .header('host', FIFE)
      .loginAs(responder)
      .withCsrfToken()
      .redirects(0)
    assert.include(deleted.flashMessage('error'), '30 minutes')
    assert.lengthOf(await responses(fife, story.id), 1)
  })

  test('staff reads are counted once each, and the inbox lists stories with no response yet, oldest first', async ({
    client,
    assert,
  }) => {
    const { fife, responder, story, hospitalId } = await setUp()
    const colleague = await makeStaff(fife, 'responder', 'colleague@fife.test', {
      serviceIds: [hospitalId],
    })
    const older = await makeStory(fife, 'victoria-hospital-ae', {
      status: 'published',
      title: 'Older emergency story',
    })
    await tenancy.run(fife, async () => {
      const row = await Story.findOrFail(older.id)
      row.publishedAt = DateTime.now().minus({ days: 3 })
      await row.save()
    })
    await makeStory(fife, 'queen-margaret-hospital', { status: 'published', title: 'Not ours' })

    for (const user of [responder, responder, colleague]) {
      ;(
        await client.get(`/staff/stories/${story.id}`).header('host', FIFE).loginAs(user)
      ).assertStatus(200)
    }
    await tenancy.run(fife, () => story.refresh())
    assert.equal(story.staffViews, 2)
    assert.equal(story.progress, 'read')
    const publicPage = await client.get(`/stories/${story.id}`).header('host', FIFE)
    assert.include(publicPage.text(), 'Read by 2 staff')

    const inbox = await client
      .get('/staff/inbox?progress=no_response&order=oldest')
      .header('host', FIFE)
      .loginAs(responder)
    const text = inbox.text()
    assert.include(text, 'Ward six story')
    assert.notInclude(text, 'Not ours')
    assert.isBelow(text.indexOf('Older emergency story'), text.indexOf('Ward six story'))
    /* Each card names its service and shows its progress. */
    const card = text.slice(text.indexOf('Ward six story'))
    assert.match(
      card,
      /^Ward six story<\/a><\/h2>\s*<p class="story-meta">\s*Ward 6 \(Acute Medicine\) ·/
    )
    assert.include(card.slice(0, 800), 'Read by 2 staff')
    assert.include(
      text.slice(text.indexOf('Older emergency story'), text.indexOf('Ward six story')),
      'Emergency Department'
    )

    await respond(client, responder, story.id, { serviceId: hospitalId, body: ANSWER })
    const pending = await client
      .get('/staff/inbox?progress=no_response')
      .header('host', FIFE)
      .loginAs(responder)
    assert.notInclude(pending.text(), 'Ward six story')
    const bad = await client
      .get('/staff/inbox?criticality=<script>&order=sideways')
      .header('host', FIFE)
      .loginAs(responder)
      .redirects(0)
    assert.isBelow(bad.status(), 500)

    const servicePage = await client.get('/services/victoria-hospital').header('host', FIFE)
    assert.include(servicePage.text(), '50% responded to')
  })

  test('alert settings are per person and validated', async ({ client, assert }) => {
    const { fife, responder } = await setUp()
    const bad = await client
      .put('/staff/account/alerts')
      .header('host', FIFE)
      .loginAs(responder)
      .form({ mode: 'hourly', minCriticality: 9 })
      .withCsrfToken()
      .redirects(0)
    assert.properties(bad.flashMessage('inputErrorsBag'), ['mode', 'minCriticality'])
    await client
      .put('/staff/account/alerts')
      .header('host', FIFE)
      .loginAs(responder)
      .form({ mode: 'daily', minCriticality: 3 })
      .withCsrfToken()
    const account = await client.get('/staff/account').header('host', FIFE).loginAs(responder)
    assert.match(account.text(), /id="alerts-daily" name="mode" value="daily" checked/)
    const otherHost = await client
      .put('/staff/account/alerts')
      .header('host', ENGLAND)
      .loginAs(responder)
      .form({ mode: 'none', minCriticality: 0 })
      .withCsrfToken()
      .redirects(0)
    otherHost.assertStatus(403)
    const settings = await tenancy.acrossTenants('inspect every tenant', async () =>
      db.from('alert_settings').where('user_id', responder.id)
    )
    assert.lengthOf(settings, 1)
    assert.equal(settings[0].tenant_id, fife.id)
    assert.equal(settings[0].mode, 'daily')
  })

  test('Fife staff and authors cannot touch another tenant’s responses, replies or change claims', async ({
    client,
    assert,
  }) => {
    const { fife, england } = await demoDirectory()
    const leedsId = await serviceId(england, 'leeds-teaching-hospitals')
    const englandResponder = await makeStaff(england, 'responder', 'leeds@england.test', {
      serviceIds: [leedsId],
    })
    await fastTrackResponder(england, englandResponder)
    const englandStory = await makeStory(england, 'leeds-teaching-hospitals', {
      status: 'published',
      title: 'An England story',
    })
    await respond(
      client,
      englandResponder,
      englandStory.id,
      {
        serviceId: leedsId,
        body: ANSWER,
        changeKind: 'planned',
        changeDescription: 'England plans a change.',
      },
      ENGLAND
    )
    const [response] = await responses(england, englandStory.id)
    const reply = await tenancy.run(england, () =>
      AuthorReply.create({
        storyId: englandStory.id,
        responseId: response.id,
        originalBody: 'An England reply',
        status: 'awaiting_moderation',
      })
    )
    const fifeModerator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const fifeResponder = await makeStaff(fife, 'responder', 'r@fife.test', {
      serviceIds: [await serviceId(fife, 'victoria-hospital')],
    })
    const fifeStory = await makeStory(fife, 'victoria-hospital-ward-6', { status: 'published' })
    const fifeLink = await authorLinkFor(fife, fifeStory)

    const attempts = [
      client
        .put(`/staff/responses/${response.id}`)
        .loginAs(fifeResponder)
        .form({ body: 'Hijacked response text' }),
      client.delete(`/staff/responses/${response.id}`).loginAs(fifeResponder),
      client
        .post(`/staff/moderation/responses/${response.id}/change`)
        .loginAs(fifeModerator)
        .form({ decision: 'confirm' }),
      client
        .post(`/staff/moderation/replies/${reply.id}`)
        .loginAs(fifeModerator)
        .form({ decision: 'publish', publicBody: 'Hijacked' }),
      client
        .post(`/staff/stories/${englandStory.id}/responses/preview`)
        .loginAs(fifeResponder)
        .form({ serviceId: leedsId, body: ANSWER }),
    ]
    for (const attempt of attempts) {
      const result = await attempt.header('host', FIFE).withCsrfToken().redirects(0)
      result.assertStatus(404)
    }
    const viaLink = await client
      .post(`${fifeLink}/responses/${response.id}/reply`)
      .header('host', FIFE)
      .form({ reply: 'A reply to England from a Fife link' })
      .withCsrfToken()
      .redirects(0)
    assert.include(viaLink.flashMessage('error'), 'not on this story')
    const checks = await client
      .get('/staff/moderation/checks')
      .header('host', FIFE)
      .loginAs(fifeModerator)
    assert.notInclude(checks.text(), 'England plans a change')
    assert.notInclude(checks.text(), 'An England reply')

    await tenancy.run(england, async () => {
      await response.refresh()
      await reply.refresh()
    })
    assert.equal(response.body, ANSWER)
    assert.equal(response.changeStatus, 'pending')
    assert.equal(reply.status, 'awaiting_moderation')
    const replies = await tenancy.run(england, async () => AuthorReply.query())
    assert.lengthOf(replies, 1)
  })
})

test.group('Following services for alerts', (group) => {
  isolateEachTest(group)

  test('a moderator follows a hospital and is alerted about its wards’ stories; another tenant’s service cannot be followed', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife, england } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'follower@fife.test')
    const follow = (service: string, host = FIFE) =>
      client
        .post('/staff/account/watches')
        .header('host', host)
        .loginAs(moderator)
        .form({ service })
        .withCsrfToken()
        .redirects(0)
    assert.include((await follow('leeds-teaching-hospitals')).flashMessage('error'), 'leeds')
    ;(await follow('victoria-hospital', ENGLAND)).assertStatus(403)
    assert.include((await follow('victoria-hospital')).flashMessage('success'), 'Victoria Hospital')
    await follow('victoria-hospital')
    const account = await client.get('/staff/account').header('host', FIFE).loginAs(moderator)
    assert.include(account.text(), 'Stop following Victoria Hospital')

    const story = await makeStory(fife, 'victoria-hospital-ward-6', { status: 'published' })
    const { sendStaffAlerts } = await import('#services/notifications/staff_alerts')
    await tenancy.run(fife, () => db.transaction((trx) => sendStaffAlerts(story.id, trx)))
    const sent = fake.messages
      .queued()
      .filter((message) => String(message.nodeMailerMessage.to) === 'follower@fife.test')
    assert.lengthOf(sent, 1)

    const hospitalId = await serviceId(fife, 'victoria-hospital')
    const englandId = await serviceId(england, 'leeds-teaching-hospitals')
    ;(
      await client
        .delete(`/staff/account/watches/${englandId}`)
        .header('host', FIFE)
        .loginAs(moderator)
        .withCsrfToken()
        .redirects(0)
    ).assertStatus(404)
    await client
      .delete(`/staff/account/watches/${hospitalId}`)
      .header('host', FIFE)
      .loginAs(moderator)
      .withCsrfToken()
    const watches = await tenancy.acrossTenants('inspect every tenant', async () =>
      db.from('staff_watches').where('user_id', moderator.id)
    )
    assert.lengthOf(watches, 0)
  })
})
