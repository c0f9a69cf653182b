import { test } from '@japa/runner'
import mail from '@adonisjs/mail/services/main'
import AuditEvent from '#models/audit_event'
import Membership from '#models/membership'
import ModerationEvent from '#models/moderation_event'
import Response from '#models/response'
import ResponseCheck from '#models/response_check'
import Service from '#models/service'
import Story from '#models/story'
import type Tenant from '#models/tenant'
import type User from '#models/user'
import { FAST_TRACK_RECORD } from '#services/responses/fast_track'
import { tenancy } from '#tenancy/context'
import { giveFastTrack, giveJobTitle } from '#tests/helpers/checked'
import { demoDirectory } from '#tests/helpers/directory'
import { makeStory } from '#tests/helpers/stories'
import { isolateEachTest, makeStaff } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'
const ENGLAND = 'england.localhost'
const ANSWER = 'Thank you for telling us. We have talked with the night team about this.'

async function serviceId(tenant: Tenant, ref: string) {
  return tenancy.run(tenant, async () => (await Service.findByOrFail('ref', ref)).id)
}

function inFife<T>(fife: Tenant, action: () => PromiseLike<T>) {
  return tenancy.run(fife, async () => await action())
}

function mailsTo(fake: ReturnType<typeof mail.fake>, address: string) {
  return fake.messages
    .queued()
    .filter((message) => String(message.nodeMailerMessage.to) === address)
}

test.group('Checked responses and fast-track', (group) => {
  isolateEachTest(group)

  async function setUp(criticality = 2) {
    const directory = await demoDirectory()
    const { fife } = directory
    const hospitalId = await serviceId(fife, 'victoria-hospital')
    const responder = await makeStaff(fife, 'responder', 'hospital@fife.test', {
      serviceIds: [hospitalId],
      name: 'Dana Lead',
    })
    await giveJobTitle(responder, 'Lead Nurse')
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test', { name: 'Morag Mod' })
    const story = await makeStory(fife, 'victoria-hospital-ward-6', {
      status: 'published',
      title: 'Ward six story',
    })
    await inFife(fife, () => Story.query().where('id', story.id).update({ criticality }))
    return { ...directory, responder, moderator, story, hospitalId }
  }

  function respond(client: any, user: User, storyId: number, form: Record<string, unknown>) {
    return client
      .post(`/staff/stories/${storyId}/responses`)
      .header('host', FIFE)
      .loginAs(user)
      .form(form)
      .withCsrfToken()
      .redirects(0)
  }

  function decide(
    client: any,
    user: User,
    checkId: number,
    form: Record<string, unknown>,
    host = FIFE
  ) {
    return client
      .post(`/staff/response-checks/${checkId}/decision`)
      .header('host', host)
      .loginAs(user)
      .form({ checkId, ...form })
      .withCsrfToken()
      .redirects(0)
  }

  async function publicPage(client: any, storyId: number) {
    return (await client.get(`/stories/${storyId}`).header('host', FIFE)).text()
  }

  test('a fast-track responder’s response publishes at once and its author is emailed', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife, responder, story, hospitalId } = await setUp()
    await giveFastTrack(fife, responder)
    const posted = await respond(client, responder, story.id, {
      serviceId: hospitalId,
      body: ANSWER,
    })
    assert.include(posted.flashMessage('success'), 'Your response is published')
    assert.include(await publicPage(client, story.id), 'Dana Lead, Lead Nurse')
    assert.lengthOf(mailsTo(fake, 'author@example.test'), 1)
    assert.lengthOf(await inFife(fife, () => ResponseCheck.all()), 0)
  })

  test('a normal response waits: invisible publicly and unmailed until a moderator approves it', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife, responder, moderator, story, hospitalId } = await setUp()
    const posted = await respond(client, responder, story.id, {
      serviceId: hospitalId,
      body: ANSWER,
    })
    assert.include(posted.flashMessage('success'), 'with a moderator')

    assert.notInclude(await publicPage(client, story.id), 'talked with the night team')
    const feed = await client.get('/services/victoria-hospital/feed.atom').header('host', FIFE)
    assert.notInclude(feed.text(), 'talked with the night team')
    assert.lengthOf(fake.messages.queued(), 0)
    await inFife(fife, () => story.refresh())
    assert.notEqual(story.progress, 'responded')
    assert.lengthOf(await inFife(fife, () => Response.all()), 0)
    const own = await client
      .get(`/staff/stories/${story.id}`)
      .header('host', FIFE)
      .loginAs(responder)
    assert.include(own.text(), 'Waiting for a moderator’s check')

    const home = await client.get('/staff').header('host', FIFE).loginAs(moderator)
    assert.include(home.text(), 'href="/staff/response-checks"')
    assert.include(home.text(), '(1 waiting)')
    const queue = await client.get('/staff/response-checks').header('host', FIFE).loginAs(moderator)
    assert.include(queue.text(), 'talked with the night team')
    assert.include(queue.text(), 'Dana Lead, Lead Nurse')
    const [check] = await inFife(fife, () => ResponseCheck.all())

    const approved = await decide(client, moderator, check.id, {
      decision: 'approve',
      body: ANSWER,
    })
    assert.include(approved.flashMessage('success'), 'The response is published')
    const page = await publicPage(client, story.id)
    assert.include(page, 'talked with the night team')
    assert.include(page, 'Dana Lead, Lead Nurse')
    assert.lengthOf(mailsTo(fake, 'author@example.test'), 1)
    assert.lengthOf(mailsTo(fake, 'hospital@fife.test'), 0)
    await inFife(fife, () => story.refresh())
    assert.equal(story.progress, 'responded')
    const servicePage = await client.get('/services/victoria-hospital').header('host', FIFE)
    assert.include(servicePage.text(), '100% responded to')

    const history = await inFife(fife, () =>
      ModerationEvent.query().where('story_id', story.id).orderBy('id')
    )
    assert.deepEqual(
      history.map((event) => event.action),
      ['response_submitted', 'response_approved']
    )
    const audit = await inFife(fife, () => AuditEvent.query().orderBy('id'))
    assert.includeMembers(
      audit.map((entry) => entry.action),
      ['response.submitted_for_check', 'response.approved']
    )
    const again = await decide(client, moderator, check.id, { decision: 'approve', body: ANSWER })
    assert.include(again.flashMessage('error'), 'already been checked')
    assert.lengthOf(await inFife(fife, () => Response.all()), 1)
  })

  test('a fast-track responder on a severely critical story waits for a check', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife, responder, story, hospitalId } = await setUp(5)
    await giveFastTrack(fife, responder)
    const posted = await respond(client, responder, story.id, {
      serviceId: hospitalId,
      body: ANSWER,
    })
    assert.include(posted.flashMessage('success'), 'with a moderator')
    assert.lengthOf(await inFife(fife, () => Response.all()), 0)
    assert.lengthOf(await inFife(fife, () => ResponseCheck.all()), 1)
    assert.notInclude(await publicPage(client, story.id), 'talked with the night team')
    assert.lengthOf(fake.messages.queued(), 0)

    /* Strongly critical (4) waits too; moderately critical (3) does not. */
    await inFife(fife, () => Story.query().where('id', story.id).update({ criticality: 4 }))
    await respond(client, responder, story.id, { serviceId: hospitalId, body: ANSWER })
    assert.lengthOf(await inFife(fife, () => ResponseCheck.all()), 2)
    await inFife(fife, () => Story.query().where('id', story.id).update({ criticality: 3 }))
    await respond(client, responder, story.id, { serviceId: hospitalId, body: ANSWER })
    assert.lengthOf(await inFife(fife, () => Response.all()), 1)

    /* A story hidden meanwhile takes its waiting responses out of the queue: they cannot be published. */
    const moderator = await makeStaff(fife, 'moderator', 'mo2@fife.test')
    const queue = () => client.get('/staff/response-checks').header('host', FIFE).loginAs(moderator)
    assert.include((await queue()).text(), 'talked with the night team')
    await inFife(fife, () => Story.query().where('id', story.id).update({ status: 'hidden' }))
    assert.include((await queue()).text(), 'No responses are waiting for a check.')
  })

  test('a moderator edits a response with a note: the edit is published, the responder is emailed the note, and the edit is recorded', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife, responder, moderator, story, hospitalId } = await setUp()
    await respond(client, responder, story.id, {
      serviceId: hospitalId,
      body: `${ANSWER} Staff nurse Jo Bloggs was on shift.`,
    })
    const [check] = await inFife(fife, () => ResponseCheck.all())

    const noNote = await decide(client, moderator, check.id, { decision: 'approve', body: ANSWER })
    assert.deepEqual(noNote.flashMessage('inputErrorsBag'), {
      note: ['Write a note to the responder: say what you changed, or what they should change.'],
    })
    assert.lengthOf(await inFife(fife, () => Response.all()), 0)

    const edited = await decide(client, moderator, check.id, {
      decision: 'approve',
      body: ANSWER,
      note: 'I removed the staff member’s name: we do not name staff.',
    })
    assert.include(edited.flashMessage('success'), 'with your edit')
    const page = await publicPage(client, story.id)
    assert.include(page, 'talked with the night team')
    assert.notInclude(page, 'Jo Bloggs')
    const toResponder = mailsTo(fake, 'hospital@fife.test')
    assert.lengthOf(toResponder, 1)
    assert.include(String(toResponder[0].nodeMailerMessage.text), 'we do not name staff')
    assert.lengthOf(mailsTo(fake, 'author@example.test'), 1)

    const event = await inFife(fife, () =>
      ModerationEvent.query().where('action', 'response_edited').firstOrFail()
    )
    assert.equal(event.reason, 'I removed the staff member’s name: we do not name staff.')
    assert.deepEqual(event.changes.body, {
      from: `${ANSWER} Staff nurse Jo Bloggs was on shift.`,
      to: ANSWER,
    })
    await inFife(fife, () => check.refresh())
    assert.isTrue(check.edited)
    const moderation = await client
      .get(`/staff/moderation/${story.id}`)
      .header('host', FIFE)
      .loginAs(moderator)
    assert.include(moderation.text(), 'approved a response with an edit')
  })

  test('a response sent back with a note is revised by its writer and checked again', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife, responder, moderator, story, hospitalId } = await setUp()
    await respond(client, responder, story.id, { serviceId: hospitalId, body: ANSWER })
    const [check] = await inFife(fife, () => ResponseCheck.all())

    const sent = await decide(client, moderator, check.id, {
      decision: 'send_back',
      body: ANSWER,
      note: 'Please say what the night team will do differently.',
    })
    assert.include(sent.flashMessage('success'), 'sent back')
    const toResponder = mailsTo(fake, 'hospital@fife.test')
    assert.lengthOf(toResponder, 1)
    assert.include(String(toResponder[0].nodeMailerMessage.text), 'what the night team will do')
    assert.notInclude(await publicPage(client, story.id), 'talked with the night team')
    const queue = await client.get('/staff/response-checks').header('host', FIFE).loginAs(moderator)
    assert.include(queue.text(), 'No responses are waiting for a check.')

    const own = await client
      .get(`/staff/stories/${story.id}`)
      .header('host', FIFE)
      .loginAs(responder)
    assert.include(own.text(), 'Sent back to you')
    assert.include(own.text(), 'Please say what the night team will do differently.')
    const revised = await client
      .put(`/staff/response-checks/${check.id}`)
      .header('host', FIFE)
      .loginAs(responder)
      .form({ body: `${ANSWER} From next week they check on patients every hour.` })
      .withCsrfToken()
      .redirects(0)
    assert.include(revised.flashMessage('success'), 'with a moderator again')
    const back = await client.get('/staff/response-checks').header('host', FIFE).loginAs(moderator)
    assert.include(back.text(), 'every hour')
    assert.include(back.text(), 'Sent back once before')

    await decide(client, moderator, check.id, {
      decision: 'approve',
      body: `${ANSWER} From next week they check on patients every hour.`,
    })
    assert.include(await publicPage(client, story.id), 'every hour')
    const history = await inFife(fife, () =>
      ModerationEvent.query().where('story_id', story.id).orderBy('id')
    )
    assert.deepEqual(
      history.map((event) => event.action),
      ['response_submitted', 'response_sent_back', 'response_resubmitted', 'response_approved']
    )
  })

  test('a job title is required before a first response, and the typed response is kept', async ({
    client,
    assert,
  }) => {
    const { fife, story, hospitalId } = await setUp()
    const newcomer = await makeStaff(fife, 'responder', 'new@fife.test', {
      serviceIds: [hospitalId],
      name: 'Nia New',
    })
    const typed = 'We are sorry this happened. The ward manager will call you this week.'
    const page = await client
      .get(`/staff/stories/${story.id}`)
      .header('host', FIFE)
      .loginAs(newcomer)
    assert.include(page.text(), 'your account has none yet')

    const posted = await respond(client, newcomer, story.id, {
      serviceId: hospitalId,
      body: typed,
      changeKind: 'planned',
      changeDescription: 'A call from the ward manager.',
    })
    assert.equal(posted.header('location'), '/staff/account#field-jobTitle')
    assert.include(posted.flashMessage('error'), 'Add your job title first')
    assert.lengthOf(await inFife(fife, () => ResponseCheck.all()), 0)
    assert.lengthOf(await inFife(fife, () => Response.all()), 0)
    /* The browser keeps its session between the two pages. */
    const session = posted.session()

    /* Saving the account without a title keeps the response waiting for one. */
    const untitled = await client
      .put('/staff/account')
      .header('host', FIFE)
      .loginAs(newcomer)
      .form({ name: 'Nia New', jobTitle: '' })
      .withSession(session)
      .withCsrfToken()
      .redirects(0)
    assert.equal(untitled.header('location'), '/staff/account')

    const saved = await client
      .put('/staff/account')
      .header('host', FIFE)
      .loginAs(newcomer)
      .form({ name: 'Nia New', jobTitle: 'Charge Nurse' })
      .withSession(session)
      .withCsrfToken()
      .redirects(0)
    assert.equal(saved.header('location'), `/staff/stories/${story.id}#respond`)
    assert.equal(saved.flashMessage('body'), typed)
    assert.equal(saved.flashMessage('changeDescription'), 'A call from the ward manager.')
    assert.include(saved.flashMessage('success'), 'Your response is back in the form')

    /* A responder who may not respond for the service is told so, not sent to their account. */
    const elsewhere = await makeStaff(fife, 'responder', 'qmh@fife.test', {
      serviceIds: [await serviceId(fife, 'queen-margaret-hospital')],
    })
    const refused = await respond(client, elsewhere, story.id, {
      serviceId: hospitalId,
      body: typed,
    })
    assert.include(refused.flashMessage('error'), 'only for your own services')
  })

  test('fast-track is suggested after a record of responses approved unedited, and a moderator grants and withdraws it', async ({
    client,
    assert,
  }) => {
    const { fife, responder, moderator, story, hospitalId } = await setUp()
    const approveAll = async () => {
      const waiting = await inFife(fife, () => ResponseCheck.query().where('status', 'awaiting'))
      for (const check of waiting)
        await decide(client, moderator, check.id, { decision: 'approve', body: check.body })
    }
    for (let index = 0; index < FAST_TRACK_RECORD - 1; index++)
      await respond(client, responder, story.id, {
        serviceId: hospitalId,
        body: `${ANSWER} ${index}`,
      })
    await approveAll()
    const membership = await inFife(fife, () =>
      Membership.query().where('user_id', responder.id).firstOrFail()
    )
    const notYet = await client.get('/staff/responders').header('host', FIFE).loginAs(moderator)
    assert.include(notYet.text(), `${FAST_TRACK_RECORD - 1} of the last ${FAST_TRACK_RECORD - 1}`)
    assert.notInclude(notYet.text(), 'consider fast-track')

    await respond(client, responder, story.id, { serviceId: hospitalId, body: `${ANSWER} last` })
    await approveAll()
    await respond(client, responder, story.id, { serviceId: hospitalId, body: `${ANSWER} next` })
    const queue = await client.get('/staff/response-checks').header('host', FIFE).loginAs(moderator)
    assert.include(queue.text(), 'Dana Lead has a record of responses approved unedited')
    const list = await client.get('/staff/responders').header('host', FIFE).loginAs(moderator)
    assert.include(list.text(), 'Dana Lead has a record of responses approved unedited')

    const granted = await client
      .post(`/staff/responders/${membership.id}/fast-track`)
      .header('host', FIFE)
      .loginAs(moderator)
      .withCsrfToken()
      .redirects(0)
    assert.include(granted.flashMessage('success'), 'Fast-track granted')
    await respond(client, responder, story.id, { serviceId: hospitalId, body: `${ANSWER} fast` })
    assert.include(await publicPage(client, story.id), `${ANSWER} fast`)

    await client
      .delete(`/staff/responders/${membership.id}/fast-track`)
      .header('host', FIFE)
      .loginAs(moderator)
      .withCsrfToken()
    await respond(client, responder, story.id, { serviceId: hospitalId, body: `${ANSWER} slow` })
    assert.notInclude(await publicPage(client, story.id), `${ANSWER} slow`)
    const audit = await inFife(fife, () =>
      AuditEvent.query().where('subject_type', 'membership').orderBy('id')
    )
    assert.deepEqual(
      audit.map((entry) => [entry.action, entry.actorId]),
      [
        ['membership.fast_track_granted', moderator.id],
        ['membership.fast_track_withdrawn', moderator.id],
      ]
    )

    /* One response sent back breaks the record. */
    const [waiting] = await inFife(fife, () => ResponseCheck.query().where('status', 'awaiting'))
    await decide(client, moderator, waiting.id, {
      decision: 'send_back',
      body: waiting.body,
      note: 'Say what will change.',
    })
    const after = await client.get('/staff/responders').header('host', FIFE).loginAs(moderator)
    assert.notInclude(after.text(), 'consider fast-track')
  })

  test('another tenant’s moderator cannot see or decide a Fife check, nor grant fast-track; nobody checks their own response', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife, england, responder, story, hospitalId } = await setUp()
    await respond(client, responder, story.id, { serviceId: hospitalId, body: ANSWER })
    const [check] = await inFife(fife, () => ResponseCheck.all())
    const membership = await inFife(fife, () =>
      Membership.query().where('user_id', responder.id).firstOrFail()
    )
    const englandModerator = await makeStaff(england, 'moderator', 'mo@england.test')

    const englandQueue = await client
      .get('/staff/response-checks')
      .header('host', ENGLAND)
      .loginAs(englandModerator)
    englandQueue.assertStatus(200)
    assert.notInclude(englandQueue.text(), 'talked with the night team')
    ;(
      await decide(
        client,
        englandModerator,
        check.id,
        { decision: 'approve', body: ANSWER },
        ENGLAND
      )
    ).assertStatus(404)
    ;(
      await decide(client, englandModerator, check.id, { decision: 'approve', body: ANSWER })
    ).assertStatus(403)
    ;(
      await client.get('/staff/response-checks').header('host', FIFE).loginAs(englandModerator)
    ).assertStatus(403)
    ;(
      await client.get('/staff/responders').header('host', FIFE).loginAs(englandModerator)
    ).assertStatus(403)
    const englandList = await client
      .get('/staff/responders')
      .header('host', ENGLAND)
      .loginAs(englandModerator)
    assert.notInclude(englandList.text(), 'Dana Lead')
    for (const method of ['post', 'delete'] as const)
      (
        await client[method](`/staff/responders/${membership.id}/fast-track`)
          .header('host', ENGLAND)
          .loginAs(englandModerator)
          .withCsrfToken()
          .redirects(0)
      ).assertStatus(404)
    const englandResponder = await makeStaff(england, 'responder', 'leeds@england.test')
    ;(
      await client
        .put(`/staff/response-checks/${check.id}`)
        .header('host', ENGLAND)
        .loginAs(englandResponder)
        .form({ body: 'Hijacked response text here' })
        .withCsrfToken()
        .redirects(0)
    ).assertStatus(404)

    /* A responder is no moderator; a moderator who wrote the response cannot check it. */
    ;(
      await decide(client, responder, check.id, { decision: 'approve', body: ANSWER })
    ).assertStatus(403)
    await inFife(fife, () => Membership.create({ userId: responder.id, role: 'moderator' }))
    const own = await decide(client, responder, check.id, { decision: 'approve', body: ANSWER })
    assert.include(own.flashMessage('error'), 'cannot check your own response')
    const ownQueue = await client
      .get('/staff/response-checks')
      .header('host', FIFE)
      .loginAs(responder)
    assert.include(ownQueue.text(), 'another moderator checks it')
    assert.notInclude(ownQueue.text(), `/staff/response-checks/${check.id}/decision`)

    await inFife(fife, async () => {
      await check.refresh()
      await membership.refresh()
    })
    assert.equal(check.status, 'awaiting')
    assert.isNull(membership.fastTrackGrantedAt)
    assert.lengthOf(await inFife(fife, () => Response.all()), 0)
    assert.lengthOf(fake.messages.queued(), 0)
  })

  test('empty, huge and HTML notes and a bad decision get clear messages, and nothing is written', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife, responder, moderator, story, hospitalId } = await setUp()
    await respond(client, responder, story.id, { serviceId: hospitalId, body: ANSWER })
    const [check] = await inFife(fife, () => ResponseCheck.all())
    const eventsBefore = await inFife(fife, () =>
      ModerationEvent.query().where('story_id', story.id)
    )

    const cases: [Record<string, unknown>, Record<string, string[]>][] = [
      [
        { decision: 'send_back', body: ANSWER, note: '   ' },
        {
          note: [
            'Write a note to the responder: say what you changed, or what they should change.',
          ],
        },
      ],
      [
        { decision: 'send_back', body: ANSWER, note: 'x'.repeat(2001) },
        {
          note: ['The note must be 2000 characters or fewer'],
        },
      ],
      [
        { decision: 'send_back', body: ANSWER, note: 'Please <b>rewrite</b> this' },
        {
          note: ['Write the note as plain text, without HTML tags'],
        },
      ],
      [
        { decision: 'approve', body: 'Too short', note: '' },
        {
          body: ['The response must be at least 10 characters long'],
        },
      ],
      [
        { decision: 'publish-everything', body: ANSWER },
        {
          decision: ['Choose to approve the response or send it back'],
        },
      ],
    ]
    for (const [form, problems] of cases) {
      const result = await decide(client, moderator, check.id, form)
      assert.isBelow(result.status(), 500)
      assert.deepEqual(result.flashMessage('inputErrorsBag'), problems)
    }
    const page = await client
      .get('/staff/response-checks')
      .header('host', FIFE)
      .loginAs(moderator)
      .withSession({})
    page.assertStatus(200)

    await inFife(fife, () => check.refresh())
    assert.equal(check.status, 'awaiting')
    assert.isNull(check.note)
    assert.lengthOf(await inFife(fife, () => Response.all()), 0)
    assert.lengthOf(
      await inFife(fife, () => ModerationEvent.query().where('story_id', story.id)),
      eventsBefore.length
    )
    assert.lengthOf(fake.messages.queued(), 0)
    const badCursor = await client
      .get('/staff/response-checks?after=<script>')
      .header('host', FIFE)
      .loginAs(moderator)
    badCursor.assertStatus(200)
  })

  test('an edit of a published response by a responder without fast-track waits for a check; the public keeps the published text', async ({
    client,
    assert,
  }) => {
    const { fife, responder, moderator, story, hospitalId } = await setUp()
    await respond(client, responder, story.id, { serviceId: hospitalId, body: ANSWER })
    const [check] = await inFife(fife, () => ResponseCheck.all())
    await decide(client, moderator, check.id, { decision: 'approve', body: ANSWER })
    const [response] = await inFife(fife, () => Response.all())

    const edited = await client
      .put(`/staff/responses/${response.id}`)
      .header('host', FIFE)
      .loginAs(responder)
      .form({ body: 'A rewritten answer that nobody has checked yet.' })
      .withCsrfToken()
      .redirects(0)
    assert.include(edited.flashMessage('success'), 'Your edit is with a moderator')
    let page = await publicPage(client, story.id)
    assert.include(page, 'talked with the night team')
    assert.notInclude(page, 'nobody has checked yet')

    const revision = await inFife(fife, () =>
      ResponseCheck.query().where('is_revision', true).firstOrFail()
    )
    const queue = await client.get('/staff/response-checks').header('host', FIFE).loginAs(moderator)
    assert.include(queue.text(), 'An edit of a published response')
    await decide(client, moderator, revision.id, {
      decision: 'approve',
      body: 'A rewritten answer that a moderator has now checked.',
      note: 'Reworded slightly.',
    })
    page = await publicPage(client, story.id)
    assert.include(page, 'a moderator has now checked')
    assert.lengthOf(await inFife(fife, () => Response.all()), 1)
  })
})
