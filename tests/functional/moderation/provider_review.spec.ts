import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import mail from '@adonisjs/mail/services/main'
import type { ApiClient } from '@japa/api-client'
import ModerationEvent from '#models/moderation_event'
import ModerationReason from '#models/moderation_reason'
import Service from '#models/service'
import Story from '#models/story'
import Subscription from '#models/subscription'
import type Tenant from '#models/tenant'
import type User from '#models/user'
import { work } from '#services/platform/job_queue'
import { requestSubscription } from '#services/notifications/subscribing'
import { resolveTarget } from '#services/notifications/subscription_targets'
import { reviewWindow } from '#services/moderation/provider_review'
import { answerQuestion } from '#services/stories/story_authors'
import { tenancy } from '#tenancy/context'
import { siteOfTenant } from '#tenancy/site'
import { makeStory } from '#tests/helpers/stories'
import { isolateEachTest, makeStaff } from '#tests/helpers/tenants'
import {
  ENGLAND,
  FIFE,
  GP,
  WARD,
  providerReviewSetup,
  reviewOf,
  windowIsUp,
} from '#tests/helpers/provider_review'
import '#start/jobs'

async function confirmedSubscriber(tenant: Tenant, ref: string, email: string) {
  await tenancy.run(tenant, async () => {
    const target = await resolveTarget('service', ref)
    await requestSubscription(
      { target: target!, email },
      { tenant, site: await siteOfTenant(tenant) }
    )
    const subscription = await Subscription.findByOrFail('email', email)
    subscription.merge({ confirmedAt: subscription.createdAt, confirmTokenHash: null })
    await subscription.save()
  })
}

/** Who was emailed about `story`, and what, with the parts that differ by nature made equal. */
function mailsAbout(fake: ReturnType<typeof mail.fake>, story: Story) {
  const about = new RegExp(`/stories/${story.id}(?![0-9])`)
  return fake.messages
    .queued()
    .map((message) => message.nodeMailerMessage)
    .filter((message) => about.test(String(message.text)))
    .map((message) => ({
      to: String(message.to),
      subject: String(message.subject).replace(story.publicTitle ?? story.title, 'TITLE'),
      text: String(message.text)
        .replace(/https?:\/\/fife\.localhost(:\d+)?/g, 'SITE')
        .replace(/\/my-story\/[A-Za-z0-9_-]+/g, '/my-story/TOKEN')
        .replace(/\/unsubscribe\/[A-Za-z0-9_-]+/g, '/unsubscribe/TOKEN')
        .replaceAll(story.publicTitle ?? story.title, 'TITLE')
        .replace(about, '/stories/ID'),
    }))
    .sort((a, b) => a.to.localeCompare(b.to) || a.subject.localeCompare(b.subject))
}

function reviewMailsTo(fake: ReturnType<typeof mail.fake>, story: Story) {
  return fake.messages
    .queued()
    .map((message) => message.nodeMailerMessage)
    .filter((message) => String(message.text).includes(`/staff/provider-review/${story.id}`))
    .map((message) => String(message.to))
    .sort()
}

/** A moderator approves the story on the web, as it is. */
function approve(client: ApiClient, moderator: User, story: Story, note?: string) {
  return client
    .put(`/staff/moderation/${story.id}`)
    .header('host', FIFE)
    .loginAs(moderator)
    .form({
      version: story.version,
      publicTitle: story.title,
      publicBody: 'The practice nurse took time to explain my results to me.',
      criticality: 1,
      decision: 'publish',
      ...(note ? { noteToAuthor: note } : {}),
    })
    .withCsrfToken()
    .redirects(0)
}

function askForReview(client: ApiClient, user: User, story: Story, reason: string, host = FIFE) {
  return client
    .post(`/staff/provider-review/${story.id}/request`)
    .header('host', host)
    .loginAs(user)
    .form({ reason })
    .withCsrfToken()
    .redirects(0)
}

async function eventsOf(tenant: Tenant, story: Story) {
  return tenancy.run(tenant, async () =>
    ModerationEvent.query().where('story_id', story.id).orderBy('id')
  )
}

async function statusOf(tenant: Tenant, story: Story) {
  return tenancy.run(tenant, async () => (await Story.findOrFail(story.id)).status)
}

/** What a refused form was told (its flashed error or field messages). */
function refusal(response: { flashMessages(): Record<string, unknown> }) {
  return JSON.stringify(response.flashMessages())
}

async function runJobs() {
  await work({ once: true, schedules: false })
  await work({ once: true, schedules: false })
}

test.group('Provider review for private providers', (group) => {
  isolateEachTest(group)

  test('a private provider’s story waits after approval, its responders are told, and it publishes by itself when its window is up with the same emails as a web publish', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife, moderator, responder } = await providerReviewSetup()
    await confirmedSubscriber(fife, GP, 'reader@example.test')
    const byItself = await makeStory(fife, GP, { title: 'Results explained' })
    const onTheWeb = await makeStory(fife, GP, { title: 'Results explained' })

    const approved = await approve(client, moderator, byItself, 'We removed the nurse’s name.')
    approved.assertStatus(302)
    assert.include(
      String(approved.flashMessages().success),
      'waits for the provider’s review window'
    )
    assert.equal(await statusOf(fife, byItself), 'in_provider_review')
    const page = await client
      .get(`/staff/moderation/${byItself.id}`)
      .header('host', FIFE)
      .loginAs(moderator)
    page.assertTextIncludes('The provider may ask for a review until')

    /* Not public: not on its page, not in the list, not in the API. */
    const publicPage = await client.get(`/stories/${byItself.id}`).header('host', FIFE)
    assert.notEqual(publicPage.status(), 200)
    const list = await client.get('/stories').header('host', FIFE)
    assert.notInclude(list.text(), 'Results explained')
    const api = await client.get(`/api/v1/stories/${byItself.id}`).header('host', FIFE)
    assert.equal(api.status(), 404)

    /* The provider's responder is told, and no one else yet (no author, staff alert or subscriber email). */
    assert.deepEqual(reviewMailsTo(fake, byItself), ['gp@fife.test'])
    assert.deepEqual(mailsAbout(fake, byItself), [])
    const review = await reviewOf(fife, byItself)
    assert.isNotNull(review)
    assert.closeTo(review!.windowEndsAt.diff(DateTime.now(), 'hours').hours, 72, 0.1)

    /* Before the window is up the job does nothing. */
    await runJobs()
    assert.equal(await statusOf(fife, byItself), 'in_provider_review')

    /* The other story: the provider asks, the moderator publishes it as it is (a web publish). */
    await approve(client, moderator, onTheWeb, 'We removed the nurse’s name.')
    ;(await askForReview(client, responder, onTheWeb, 'It names our practice nurse.')).assertStatus(
      302
    )
    const current = await tenancy.run(fife, () => Story.findOrFail(onTheWeb.id))
    const decided = await approve(client, moderator, current)
    decided.assertStatus(302)
    assert.equal(await statusOf(fife, onTheWeb), 'published')

    await windowIsUp(fife, byItself)
    await runJobs()
    assert.equal(await statusOf(fife, byItself), 'published')
    const published = await client.get(`/stories/${byItself.id}`).header('host', FIFE)
    published.assertStatus(200)
    published.assertTextIncludes('The practice nurse took time')

    const web = mailsAbout(fake, onTheWeb)
    assert.deepEqual(
      web.map((message) => message.to),
      ['author@example.test', 'gp@fife.test', 'reader@example.test']
    )
    assert.deepEqual(mailsAbout(fake, byItself), web)

    /* The history says the window ended and the system published it, keeping the moderator's note. */
    const events = await eventsOf(fife, byItself)
    assert.deepEqual(
      events.map((event) => [event.action, event.actorId]),
      [
        ['provider_review_started', moderator.id],
        ['provider_review_ended', null],
        ['published', null],
      ]
    )
    assert.equal(events[2].reason, 'We removed the nurse’s name.')
    const after = await reviewOf(fife, byItself)
    assert.equal(after!.outcome, 'published_unrequested')
  })

  test('a review request holds the story past its window until a moderator decides, and a second request is refused', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife, moderator, responder } = await providerReviewSetup()
    const colleague = await makeStaff(fife, 'responder', 'gp2@fife.test', {
      serviceIds: [(await tenancy.run(fife, () => Service.findByOrFail('ref', GP))).id],
    })
    const story = await makeStory(fife, GP)
    await approve(client, moderator, story)
    assert.deepEqual(reviewMailsTo(fake, story), ['gp2@fife.test', 'gp@fife.test'])

    const shown = await client
      .get(`/staff/provider-review/${story.id}`)
      .header('host', FIFE)
      .loginAs(responder)
    shown.assertStatus(200)
    shown.assertTextIncludes('The practice nurse took time to explain my results to me.')
    shown.assertTextIncludes('will be published on its own on')
    const listed = await client
      .get('/staff/provider-review')
      .header('host', FIFE)
      .loginAs(responder)
    listed.assertTextIncludes(story.title)

    const asked = await askForReview(client, responder, story, 'It names our practice nurse.')
    asked.assertStatus(302)
    asked.assertHeader('location', `/staff/provider-review/${story.id}`)
    const again = await askForReview(client, colleague, story, 'Asking a second time.')
    again.assertStatus(302)
    assert.include(refusal(again), 'A review of this story has already been asked for')
    const requests = (await eventsOf(fife, story)).filter(
      (event) => event.action === 'provider_review_requested'
    )
    assert.lengthOf(requests, 1)
    assert.equal(requests[0].actorId, responder.id)
    assert.equal(requests[0].reason, 'It names our practice nurse.')

    /* The window passes: still held. */
    await windowIsUp(fife, story)
    await runJobs()
    assert.equal(await statusOf(fife, story), 'in_provider_review')

    /* The moderator sees the request on the queue and on the story, and the figures count it. */
    const queue = await client.get('/staff/moderation').header('host', FIFE).loginAs(moderator)
    queue.assertTextIncludes('1 review has been asked for.')
    queue.assertTextIncludes('1 request is waiting for a decision.')
    queue.assertTextIncludes(story.title)
    const moderation = await client
      .get(`/staff/moderation/${story.id}`)
      .header('host', FIFE)
      .loginAs(moderator)
    moderation.assertTextIncludes('Grace Practice-Manager (the provider) asked for a review')
    moderation.assertTextIncludes('It names our practice nurse.')
    moderation.assertTextIncludes('asked for a review (provider)')

    /* The moderator edits it, then publishes: the request is upheld. */
    const current = await tenancy.run(fife, () => Story.findOrFail(story.id))
    const edited = await client
      .put(`/staff/moderation/${story.id}`)
      .header('host', FIFE)
      .loginAs(moderator)
      .form({
        version: current.version,
        publicTitle: current.publicTitle!,
        publicBody: 'The nurse took time to explain my results to me.',
        criticality: 1,
        decision: 'publish',
      })
      .withCsrfToken()
      .redirects(0)
    edited.assertStatus(302)
    assert.equal(await statusOf(fife, story), 'published')
    const decisions = (await eventsOf(fife, story)).map((event) => event.action)
    assert.includeMembers(decisions, ['provider_review_upheld', 'published'])
    assert.equal((await reviewOf(fife, story))!.outcome, 'edited')
    const figures = await client.get('/staff/moderation').header('host', FIFE).loginAs(moderator)
    figures.assertTextIncludes('1 request upheld.')
    figures.assertTextIncludes('No requests declined.')
  })

  test('a moderator decides on a request by rejecting with a reason from the policy, and cannot publish early without one', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife, moderator, responder } = await providerReviewSetup()
    const reason = await tenancy.run(fife, () =>
      ModerationReason.create({ label: 'Identifies a member of staff', position: 0 })
    )
    const story = await makeStory(fife, GP)
    await approve(client, moderator, story)

    /* No request yet: publishing early is refused, and says until when it waits. */
    const current = await tenancy.run(fife, () => Story.findOrFail(story.id))
    const early = await approve(client, moderator, current)
    early.assertStatus(302)
    assert.include(refusal(early), 'This story waits for its provider’s review until')
    assert.equal(await statusOf(fife, story), 'in_provider_review')

    await askForReview(client, responder, story, 'It names our practice nurse.')
    const rejected = await client
      .post(`/staff/moderation/${story.id}/reject`)
      .header('host', FIFE)
      .loginAs(moderator)
      .form({ reasonId: reason.id, message: 'Your story names a member of staff.' })
      .withCsrfToken()
      .redirects(0)
    rejected.assertStatus(302)
    assert.equal(await statusOf(fife, story), 'rejected')
    assert.equal((await reviewOf(fife, story))!.outcome, 'rejected')
    const actions = (await eventsOf(fife, story)).map((event) => event.action)
    assert.includeMembers(actions, [
      'provider_review_requested',
      'rejected',
      'provider_review_upheld',
    ])
    /* The author hears of the rejection as from any moderator's decision. */
    const authorMail = fake.messages
      .queued()
      .map((message) => message.nodeMailerMessage)
      .find((message) => String(message.to) === 'author@example.test')
    assert.include(String(authorMail?.text), 'Identifies a member of staff')

    /* A due job after the decision does nothing. */
    await windowIsUp(fife, story)
    await runJobs()
    assert.equal(await statusOf(fife, story), 'rejected')
  })

  test('asking the author decides a request: the story goes back to its author and later publishes at once', async ({
    client,
    assert,
    cleanup,
  }) => {
    mail.fake()
    cleanup(() => mail.restore())
    const { fife, moderator, responder } = await providerReviewSetup()
    const story = await makeStory(fife, GP)
    await approve(client, moderator, story)
    await askForReview(client, responder, story, 'The dates are wrong.')
    const asked = await client
      .post(`/staff/moderation/${story.id}/ask`)
      .header('host', FIFE)
      .loginAs(moderator)
      .form({ reason: 'Could you check the dates of your visits?' })
      .withCsrfToken()
      .redirects(0)
    asked.assertStatus(302)
    assert.equal(await statusOf(fife, story), 'needs_author_input')
    assert.equal((await reviewOf(fife, story))!.outcome, 'asked_author')
    const actions = (await eventsOf(fife, story)).map((event) => event.action)
    assert.includeMembers(actions, ['asked_author', 'provider_review_upheld'])

    /* The author answers; the story comes back to the queue and, reviewed once, publishes at once. */
    await tenancy.run(fife, () => answerQuestion(story.id, 'The visits were in October.'))
    const answered = await tenancy.run(fife, async () => Story.findOrFail(story.id))
    const again = await client
      .get(`/staff/moderation/${story.id}`)
      .header('host', FIFE)
      .loginAs(moderator)
    again.assertTextIncludes('value="publish"')
    ;(await approve(client, moderator, answered)).assertStatus(302)
    assert.equal(await statusOf(fife, story), 'published')
    const history = await client
      .get(`/staff/moderation/${story.id}`)
      .header('host', FIFE)
      .loginAs(moderator)
    history.assertTextIncludes('The author, answered the question')
    history.assertTextIncludes('Grace Practice-Manager, asked for a review (provider)')
    history.assertTextIncludes('Morag Moderator, upheld the provider’s review request')
  })

  test('a non-private provider’s story publishes at once as today', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife, moderator } = await providerReviewSetup()
    const story = await makeStory(fife, WARD)
    ;(await approve(client, moderator, story)).assertStatus(302)
    assert.equal(await statusOf(fife, story), 'published')
    assert.isNull(await reviewOf(fife, story))
    assert.deepEqual(reviewMailsTo(fake, story), [])
    assert.deepEqual(
      (await eventsOf(fife, story)).map((event) => event.action),
      ['published']
    )
  })

  test('a responder of another service or another tenant cannot see or ask for a review', async ({
    client,
    assert,
    cleanup,
  }) => {
    mail.fake()
    cleanup(() => mail.restore())
    const { fife, moderator, otherResponder, englandResponder } = await providerReviewSetup()
    const story = await makeStory(fife, GP)
    await approve(client, moderator, story)

    const otherPage = await client
      .get(`/staff/provider-review/${story.id}`)
      .header('host', FIFE)
      .loginAs(otherResponder)
    otherPage.assertStatus(404)
    ;(await askForReview(client, otherResponder, story, 'Not ours to ask.')).assertStatus(404)
    const otherList = await client
      .get('/staff/provider-review')
      .header('host', FIFE)
      .loginAs(otherResponder)
    assert.notInclude(otherList.text(), story.title)

    /* England's responder, on England's host, naming Fife's story. */
    const englandPage = await client
      .get(`/staff/provider-review/${story.id}`)
      .header('host', ENGLAND)
      .loginAs(englandResponder)
    englandPage.assertStatus(404)
    ;(
      await askForReview(client, englandResponder, story, 'Not ours to ask.', ENGLAND)
    ).assertStatus(404)
    /* And on Fife's host they hold no rights at all. */
    const onFife = await askForReview(client, englandResponder, story, 'Not ours to ask.')
    assert.include([403, 404], onFife.status())

    assert.isNull((await reviewOf(fife, story))!.requestedAt)
    assert.notInclude(
      (await eventsOf(fife, story)).map((event) => event.action),
      'provider_review_requested'
    )
  })

  test('bad reasons are refused with clear messages and nothing is written', async ({
    client,
    assert,
    cleanup,
  }) => {
    mail.fake()
    cleanup(() => mail.restore())
    const { fife, moderator, responder } = await providerReviewSetup()
    const story = await makeStory(fife, GP)
    await approve(client, moderator, story)
    const cases = [
      ['', 'Enter why a moderator should look at the story again'],
      ['   ', 'Enter why a moderator should look at the story again'],
      ['x'.repeat(1001), 'The reason must be 1000 characters or fewer'],
      ['x'.repeat(200_000), 'The reason must be 1000 characters or fewer'],
      [
        '<script>alert(1)</script> it is wrong',
        'Write the reason as plain text, without HTML tags',
      ],
    ] as const
    for (const [reason, message] of cases) {
      const refused = await askForReview(client, responder, story, reason)
      refused.assertStatus(302)
      refused.assertHeader('location', `/staff/provider-review/${story.id}`)
      assert.include(refusal(refused), message)
    }
    assert.isNull((await reviewOf(fife, story))!.requestedAt)
    assert.deepEqual(
      (await eventsOf(fife, story)).map((event) => event.action),
      ['provider_review_started']
    )
  })

  test('an out-of-hours approval starts its window at the next working-hours start', async ({
    assert,
  }) => {
    const tenant = {
      timeZone: 'Europe/London',
      workingDayStarts: '09:00',
      workingDayEnds: '17:00',
      providerReviewHours: 72,
    }
    const at = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/London' })
    const startOf = (iso: string) =>
      reviewWindow(tenant, at(iso)).startsAt.setZone('Europe/London').toISO()
    /* Within hours: at once. */
    assert.equal(startOf('2026-12-02T10:30:00'), at('2026-12-02T10:30:00').toISO())
    /* Before the day starts: that morning. */
    assert.equal(startOf('2026-12-02T07:15:00'), at('2026-12-02T09:00:00').toISO())
    /* Friday evening and Saturday: Monday morning. */
    assert.equal(startOf('2026-12-04T18:30:00'), at('2026-12-07T09:00:00').toISO())
    assert.equal(startOf('2026-12-05T11:00:00'), at('2026-12-07T09:00:00').toISO())
    /* The end of the day itself is out of hours. */
    assert.equal(startOf('2026-12-02T17:00:00'), at('2026-12-03T09:00:00').toISO())
    const window = reviewWindow(tenant, at('2026-12-04T18:30:00'))
    assert.equal(window.endsAt.setZone('Europe/London').toISO(), at('2026-12-10T09:00:00').toISO())
    /* Without working hours every window starts at once. */
    const always = { ...tenant, workingDayStarts: null, workingDayEnds: null }
    assert.equal(
      reviewWindow(always, at('2026-12-05T11:00:00')).startsAt.toISO(),
      at('2026-12-05T11:00:00').toISO()
    )
  })

  test('a tenant admin sets the private kinds, the window and working hours, and a moderator’s approval follows them', async ({
    client,
    assert,
    cleanup,
  }) => {
    mail.fake()
    cleanup(() => mail.restore())
    const { fife, england, moderator } = await providerReviewSetup()
    const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    const put = (form: Record<string, unknown>, as = admin, host = FIFE) =>
      client
        .put('/staff/settings/provider-review')
        .header('host', host)
        .loginAs(as)
        .form(form)
        .withCsrfToken()
        .redirects(0)

    const settings = await client
      .get('/staff/settings/moderation')
      .header('host', FIFE)
      .loginAs(admin)
    settings.assertTextIncludes('Review window, in hours')

    /* Bad input: clear messages, nothing written. */
    for (const [form, message] of [
      [
        {
          privateProviderKinds: ['gp_practice'],
          providerReviewHours: 24,
          workingDayStarts: '09:00',
        },
        'Enter both the start and the end of the working day, or neither',
      ],
      [
        {
          privateProviderKinds: ['gp_practice'],
          providerReviewHours: 24,
          workingDayStarts: '17:00',
          workingDayEnds: '09:00',
        },
        'The working day must end after it starts',
      ],
      [
        { privateProviderKinds: ['spaceship'], providerReviewHours: 24 },
        '“spaceship” is not one of this site’s kinds of service',
      ],
    ] as const) {
      const refused = await put(form)
      refused.assertStatus(302)
      assert.include(refusal(refused), message)
    }
    const tooLong = await put({ privateProviderKinds: ['gp_practice'], providerReviewHours: 5000 })
    tooLong.assertStatus(302)
    await fife.refresh()
    assert.equal(fife.providerReviewHours, 72)
    assert.isNull(fife.workingDayStarts)

    /* A moderator is not a tenant admin; England's admin cannot change Fife. */
    ;(await put({ privateProviderKinds: [], providerReviewHours: 1 }, moderator)).assertStatus(403)
    const englandAdmin = await makeStaff(england, 'tenant_admin', 'admin@england.test')
    await put({ privateProviderKinds: [], providerReviewHours: 1 }, englandAdmin, ENGLAND)
    await fife.refresh()
    assert.equal(fife.providerReviewHours, 72)
    assert.includeMembers(fife.privateProviderKinds, ['gp_practice'])

    const saved = await put({
      privateProviderKinds: ['gp_practice', 'pharmacy'],
      providerReviewHours: 48,
      workingDayStarts: '00:00',
      workingDayEnds: '00:01',
    })
    saved.assertStatus(302)
    await fife.refresh()
    assert.deepEqual(fife.privateProviderKinds, ['gp_practice', 'pharmacy'])
    assert.equal(fife.providerReviewHours, 48)

    /* Approved now (out of those hours unless it is 00:00): the window starts at the next 00:00 on a weekday. */
    const story = await makeStory(fife, GP)
    await approve(client, moderator, story)
    const review = (await reviewOf(fife, story))!
    const starts = review.windowStartsAt.setZone('Europe/London')
    assert.equal(starts.toFormat('HH:mm'), '00:00')
    assert.isAtMost(starts.weekday, 5)
    assert.equal(review.windowEndsAt.diff(review.windowStartsAt, 'hours').hours, 48)

    /* Unmarking the kind: the next GP story publishes at once. */
    await put({ privateProviderKinds: ['pharmacy'], providerReviewHours: 48 })
    const next = await makeStory(fife, GP)
    await approve(client, moderator, next)
    assert.equal(await statusOf(fife, next), 'published')
  })
})
