import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import mail from '@adonisjs/mail/services/main'
import ModerationEvent from '#models/moderation_event'
import Story from '#models/story'
import StoryAuthorLink from '#models/story_author_link'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { authorLinkFor, authorLinkIn, makeStory } from '#tests/helpers/stories'
import { isolateEachTest, makeStaff } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'
const ENGLAND = 'england.localhost'

test.group('The author’s own page', (group) => {
  isolateEachTest(group)

  test('the author reads the moderator’s question by the emailed link and answers it; the story returns to the queue', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const story = await makeStory(fife, 'victoria-hospital-ward-6', { title: 'Which ward?' })
    await client
      .post(`/staff/moderation/${story.id}/ask`)
      .header('host', FIFE)
      .loginAs(moderator)
      .form({ reason: 'Which month did this happen in?' })
      .withCsrfToken()
    const asked = fake.messages
      .queued()
      .find((message) => String(message.nodeMailerMessage.text).includes('Which month'))
    const link = authorLinkIn(String(asked?.nodeMailerMessage.text))

    ;(await client.get(link).header('host', ENGLAND)).assertStatus(404)
    const page = await client.get(link).header('host', FIFE)
    page.assertStatus(200)
    assert.equal(page.header('referrer-policy'), 'no-referrer')
    assert.include(page.text(), 'Our moderators have a question for you')
    assert.include(page.text(), 'Which month did this happen in?')
    assert.notInclude(page.text(), 'author@example.test')

    const empty = await client
      .post(`${link}/answer`)
      .header('host', FIFE)
      .form({ answer: '' })
      .withCsrfToken()
      .redirects(0)
    empty.assertStatus(302)
    assert.property(empty.flashMessage('inputErrorsBag'), 'answer')
    await tenancy.run(fife, () => story.refresh())
    assert.equal(story.status, 'needs_author_input')

    const answered = await client
      .post(`${link}/answer`)
      .header('host', FIFE)
      .form({ answer: 'It was in March, <script>alert(1)</script>' })
      .withCsrfToken()
      .redirects(0)
    assert.include(answered.flashMessage('success'), 'your answer is with our moderators')
    const after = await client.get(link).header('host', FIFE)
    assert.include(after.text(), 'With our moderators')
    assert.include(after.text(), '&lt;script&gt;alert(1)&lt;/script&gt;')
    assert.notInclude(after.text(), '<script>alert(1)')
    await tenancy.run(fife, () => story.refresh())
    assert.equal(story.status, 'awaiting_moderation')

    const queue = await client
      .get('/staff/moderation?flag=answered')
      .header('host', FIFE)
      .loginAs(moderator)
    assert.include(queue.text(), 'Which ward?')
    const moderation = await client
      .get(`/staff/moderation/${story.id}`)
      .header('host', FIFE)
      .loginAs(moderator)
    assert.include(moderation.text(), 'The author, answered the question')

    /* A question already answered cannot be answered twice. */
    const again = await client
      .post(`${link}/answer`)
      .header('host', FIFE)
      .form({ answer: 'Once more' })
      .withCsrfToken()
      .redirects(0)
    assert.include(again.flashMessage('error'), 'no open question')
    const answers = await tenancy.run(fife, async () =>
      ModerationEvent.query().where('story_id', story.id).where('action', 'author_answered')
    )
    assert.lengthOf(answers, 1)
  })

  test('withdrawing needs a tick, then the story answers 410 “withdrawn by its author” and leaves every list; the original is kept', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const story = await makeStory(fife, 'victoria-hospital-ward-6', {
      status: 'published',
      title: 'Soon withdrawn',
    })
    const link = await authorLinkFor(fife, story)
    const ward = () => client.get('/services/victoria-hospital-ward-6').header('host', FIFE)
    assert.include((await ward()).text(), 'Soon withdrawn')

    const unticked = await client
      .post(`${link}/withdraw`)
      .header('host', FIFE)
      .form({})
      .withCsrfToken()
      .redirects(0)
    unticked.assertStatus(302)
    assert.property(unticked.flashMessage('inputErrorsBag'), 'confirm')
    await tenancy.run(fife, () => story.refresh())
    assert.equal(story.status, 'published')

    const done = await client
      .post(`${link}/withdraw`)
      .header('host', FIFE)
      .form({ confirm: 'yes' })
      .withCsrfToken()
      .redirects(0)
    assert.include(done.flashMessage('success'), 'Your story is withdrawn')
    const gone = await client.get(`/stories/${story.id}`).header('host', FIFE)
    gone.assertStatus(410)
    assert.include(gone.text(), 'withdrawn by its author')
    assert.notInclude((await ward()).text(), 'Soon withdrawn')
    assert.notInclude(
      (await client.get('/services/victoria-hospital').header('host', FIFE)).text(),
      'Soon withdrawn'
    )
    assert.notInclude(
      (await client.get('/areas/kirkcaldy').header('host', FIFE)).text(),
      'Soon withdrawn'
    )
    await tenancy.run(fife, () => story.refresh())
    assert.equal(story.status, 'withdrawn')
    assert.include(story.originalBody, 'Nurse Fiona McLeod')
    assert.exists(story.decidedAt)
    const events = await tenancy.run(fife, async () =>
      ModerationEvent.query().where('story_id', story.id).where('action', 'withdrawn')
    )
    assert.lengthOf(events, 1)
  })

  test('an expired, unknown or other tenant’s link shows no story', async ({ client, assert }) => {
    const { fife, england } = await demoDirectory()
    const story = await makeStory(fife, 'victoria-hospital-ward-6', { title: 'Private to Fife' })
    const expired = await authorLinkFor(fife, story, DateTime.now().minus({ minutes: 1 }))
    const englandStory = await makeStory(england, 'leeds-teaching-hospitals', {
      title: 'Private to England',
    })
    const englandLink = await authorLinkFor(england, englandStory)
    for (const path of [
      expired,
      englandLink,
      '/my-story/not-a-real-token-at-all-xyz',
      '/my-story/%27%20or%201=1--',
    ]) {
      const response = await client.get(path).header('host', FIFE)
      response.assertStatus(404)
      assert.notInclude(response.text(), 'Private to')
    }
    const withdraw = await client
      .post(`${englandLink}/withdraw`)
      .header('host', FIFE)
      .form({ confirm: 'yes' })
      .withCsrfToken()
    withdraw.assertStatus(404)
    const answer = await client
      .post(`${englandLink}/answer`)
      .header('host', FIFE)
      .form({ answer: 'An answer from the wrong site' })
      .withCsrfToken()
    answer.assertStatus(404)
    await tenancy.run(england, () => englandStory.refresh())
    assert.equal(englandStory.status, 'awaiting_moderation')
  })

  test('asking for new links answers the same for any address, and emails the author only', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife, england } = await demoDirectory()
    const story = await makeStory(fife, 'victoria-hospital-ward-6', { title: 'Lost my link' })
    await makeStory(england, 'leeds-teaching-hospitals', { title: 'Told in England' })

    const known = await client
      .post('/my-story')
      .header('host', FIFE)
      .form({ email: 'Author@Example.test' })
      .withCsrfToken()
    const unknown = await client
      .post('/my-story')
      .header('host', FIFE)
      .form({ email: 'nobody@example.test' })
      .withCsrfToken()
    known.assertStatus(200)
    unknown.assertStatus(200)
    assert.include(known.text(), 'Check your email')
    assert.include(unknown.text(), 'Check your email')
    const sent = fake.messages.queued()
    assert.lengthOf(sent, 1)
    const text = String(sent[0].nodeMailerMessage.text)
    assert.include(text, 'Lost my link')
    assert.notInclude(text, 'Told in England')
    const page = await client.get(authorLinkIn(text)).header('host', FIFE)
    assert.include(page.text(), 'Lost my link')
    const links = await tenancy.run(fife, async () =>
      StoryAuthorLink.query().where('story_id', story.id)
    )
    assert.lengthOf(links, 1)
    assert.notEqual(links[0].tokenHash, authorLinkIn(text).split('/').pop())

    const form = await client.get('/my-story').header('host', FIFE)
    form.assertStatus(200)
    assert.include(form.text(), 'Get a new link to your story')
    const bad = await client
      .post('/my-story')
      .header('host', FIFE)
      .form({ email: '<script>' })
      .withCsrfToken()
      .redirects(0)
    bad.assertStatus(302)
    assert.property(bad.flashMessage('inputErrorsBag'), 'email')
  })

  test('the confirmation page gives the author their private link', async ({ client, assert }) => {
    const { fife } = await demoDirectory()
    const story = await makeStory(fife, 'victoria-hospital-ward-6', { status: 'unconfirmed' })
    const { newToken } = await import('#services/platform/secret_tokens')
    const { token, tokenHash } = newToken()
    await tenancy.run(fife, async () => {
      const row = await Story.findOrFail(story.id)
      row.merge({ confirmTokenHash: tokenHash, confirmExpiresAt: DateTime.now().plus({ days: 1 }) })
      await row.save()
    })
    const confirmed = await client.get(`/stories/confirm/${token}`).header('host', FIFE)
    const own = authorLinkIn(confirmed.text())
    const page = await client.get(own).header('host', FIFE)
    page.assertStatus(200)
    assert.include(page.text(), 'With our moderators')
  })
})
