import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import Story from '#models/story'
import StoryTag from '#models/story_tag'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { makeStory } from '#tests/helpers/stories'
import { isolateEachTest } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'
const lastMonth = DateTime.now().minus({ months: 1 })

function storyForm(overrides: Record<string, unknown> = {}) {
  return {
    service: 'victoria-hospital-ward-6',
    title: 'Kind care in the middle of the night',
    body: 'The night staff on the ward checked on my father every hour and explained everything to us.',
    month: lastMonth.month,
    year: lastMonth.year,
    authorRole: 'relative',
    ageBand: '45_54',
    displayName: 'Grateful daughter',
    email: 'Author@Example.test',
    consent: 'on',
    ...overrides,
  }
}

async function storyCount() {
  return tenancy.acrossTenants('test: count stories', async () => (await Story.all()).length)
}

test.group('Telling a story', (group) => {
  isolateEachTest(group)

  test('send, confirm by the emailed link, and the story waits for moderation', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife } = await demoDirectory()
    const tag = await tenancy.run(fife, async () =>
      StoryTag.create({ question: 'good', label: 'Kindness', position: 0 })
    )

    /* The first step and the last page point anyone in crisis to help that is immediate. */
    const start = await client.get('/tell').header('host', FIFE)
    assert.include(start.text(), 'If you need help now')
    assert.include(start.text(), '116 123')

    const preview = await client
      .post('/tell/preview')
      .header('host', FIFE)
      .form({ ...storyForm(), tags: [tag.id] })
      .withCsrfToken()
      .redirects(0)
    preview.assertStatus(200)
    assert.include(preview.text(), 'Kind care in the middle of the night')
    assert.include(preview.text(), 'By Grateful daughter')

    const sent = await client
      .post('/tell')
      .header('host', FIFE)
      .form({ ...storyForm(), tags: [tag.id] })
      .withCsrfToken()
    sent.assertStatus(200)
    assert.include(sent.text(), 'Check your email')
    assert.include(sent.text(), 'call NHS 111')

    const story = await tenancy.run(fife, async () =>
      Story.query().preload('services').preload('tags').firstOrFail()
    )
    assert.equal(story.status, 'unconfirmed')
    assert.equal(story.authorEmail, 'author@example.test')
    assert.deepEqual(
      story.services.map((service) => service.ref),
      ['victoria-hospital-ward-6']
    )
    assert.deepEqual(
      story.tags.map((each) => each.label),
      ['Kindness']
    )

    const message = fake.messages.queued()[0]
    assert.equal(message.nodeMailerMessage.to?.toString(), 'author@example.test')
    const link = new URL(String(message.nodeMailerMessage.text).match(/https?:\/\/\S+/)![0])
    ;(await client.get(link.pathname).header('host', 'england.localhost')).assertStatus(404)
    const confirmed = await client.get(link.pathname).header('host', FIFE)
    confirmed.assertStatus(200)
    assert.include(confirmed.text(), 'your story is with our moderators')
    await tenancy.run(fife, () => story.refresh())
    assert.equal(story.status, 'awaiting_moderation')
    assert.exists(story.confirmedAt)
    ;(await client.get(link.pathname).header('host', FIFE)).assertStatus(404)
  })

  test('problems come back next to their fields with everything typed kept, and nothing is saved', async ({
    client,
    assert,
  }) => {
    await demoDirectory()
    const response = await client
      .post('/tell/preview')
      .header('host', FIFE)
      .header('referer', `http://${FIFE}/tell/story?service=victoria-hospital-ward-6`)
      .form(
        storyForm({ title: '', email: 'not-an-email', consent: '', displayName: 'jo@example.com' })
      )
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    const bag = response.flashMessage('inputErrorsBag') as Record<string, string[]>
    assert.properties(bag, ['title', 'email', 'consent', 'displayName'])
    assert.equal(response.flashMessage('body'), storyForm().body)
    assert.equal(await storyCount(), 0)
  })

  test('each problem is explained in plain words, in the reader’s language', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    await tenancy.acrossTenants('test: Fife speaks Welsh too', async () => {
      fife.enabledLocales = ['en-GB', 'cy']
      await fife.save()
    })
    const bad = storyForm({
      title: '',
      month: 13,
      year: 'abc',
      authorRole: 'pirate',
      ageBand: '',
      email: 'bad',
      consent: '',
    })
    const problems = async (language: string) => {
      const response = await client
        .post('/tell/preview')
        .header('host', FIFE)
        .header('accept-language', language)
        .form(bad)
        .withCsrfToken()
        .redirects(0)
      return response.flashMessage('inputErrorsBag') as Record<string, string[]>
    }
    const english = await problems('en-GB')
    assert.deepEqual(english, {
      title: ['Enter a title for your story'],
      month: ['Choose the month it happened'],
      year: ['Enter the year it happened, like 2026'],
      authorRole: ['Choose who you are'],
      ageBand: ['Choose your age group'],
      email: ['Enter an email address in the correct format, like name@example.com'],
      consent: ['Tick the box to agree that we may publish your story'],
    })
    const welsh = await problems('cy')
    assert.equal(welsh.title[0], 'Rhowch deitl i’ch stori')
    assert.equal(welsh.consent[0], 'Ticiwch y blwch i gytuno y gallwn gyhoeddi eich stori')
    const long = await client
      .post('/tell/preview')
      .header('host', FIFE)
      .form(storyForm({ body: 'word '.repeat(1501) }))
      .withCsrfToken()
      .redirects(0)
    assert.deepEqual((long.flashMessage('inputErrorsBag') as Record<string, string[]>).body, [
      'Your story is 1501 words long: please keep it to 1500 words or fewer',
    ])
  })

  test('a story from more than three years ago is refused, with the reason', async ({
    client,
    assert,
  }) => {
    await demoDirectory()
    const old = DateTime.now().minus({ years: 3, months: 2 })
    const response = await client
      .post('/tell/preview')
      .header('host', FIFE)
      .form(storyForm({ month: old.month, year: old.year }))
      .withCsrfToken()
      .redirects(0)
    const bag = response.flashMessage('inputErrorsBag') as Record<string, string[]>
    assert.include(bag.year[0], 'last three years')
  })

  test('a service or a tag of another tenant is refused', async ({ client, assert }) => {
    const { england } = await demoDirectory()
    const englandTag = await tenancy.run(england, async () =>
      StoryTag.create({ question: 'good', label: 'Kindness', position: 0 })
    )
    for (const form of [
      storyForm({ service: 'leeds-teaching-hospitals' }),
      { ...storyForm(), tags: [englandTag.id] },
    ]) {
      const response = await client
        .post('/tell')
        .header('host', FIFE)
        .form(form)
        .withCsrfToken()
        .redirects(0)
      response.assertStatus(302)
    }
    ;(
      await client
        .get('/tell/story?service=leeds-teaching-hospitals')
        .header('host', FIFE)
        .redirects(0)
    ).assertStatus(302)
    assert.equal(await storyCount(), 0)
  })

  test('the honeypot and the rate limits stop machines without saving anything', async ({
    client,
    assert,
  }) => {
    const fake = mail.fake()
    await demoDirectory()
    const trapped = await client
      .post('/tell')
      .header('host', FIFE)
      .form(storyForm({ website: 'http://spam.example' }))
      .withCsrfToken()
    trapped.assertStatus(200)
    assert.equal(await storyCount(), 0)

    for (let index = 0; index < 3; index++) {
      ;(
        await client.post('/tell').header('host', FIFE).form(storyForm()).withCsrfToken()
      ).assertStatus(200)
    }
    const fourth = await client.post('/tell').header('host', FIFE).form(storyForm()).withCsrfToken()
    fourth.assertStatus(429)
    assert.equal(await storyCount(), 3)
    fake.messages.assertQueuedCount(3)
    mail.restore()
  })

  test('hostile input gets a clear answer or is kept as text, never a 500', async ({
    client,
    assert,
  }) => {
    await demoDirectory()
    const attempts = [
      storyForm({
        title: '<script>alert(1)</script>',
        body: "'; drop table stories; -- <img src=x onerror=alert(1)> and more words here",
      }),
      storyForm({ body: 'word '.repeat(1600) }),
      storyForm({ month: 'thirteen', year: ['x'] }),
      storyForm({ tags: 'not-a-list' }),
    ]
    for (const form of attempts) {
      const response = await client
        .post('/tell/preview')
        .header('host', FIFE)
        .form(form)
        .withCsrfToken()
        .redirects(0)
      assert.oneOf(response.status(), [200, 302])
      assert.notInclude(response.text(), '<script>alert(1)</script>')
    }
    const huge = await client
      .post('/tell/preview')
      .header('host', FIFE)
      .form(storyForm({ body: 'x'.repeat(5 * 1024 * 1024) }))
      .withCsrfToken()
      .redirects(0)
    assert.isBelow(huge.status(), 500)
    const invalidUtf8 = await client
      .post('/tell/preview')
      .header('host', FIFE)
      .withCsrfToken()
      .unsafeForm(`title=%FF%FE%80bad&body=${'%C3%28'.repeat(40)}&service=%ED%A0%80`)
      .redirects(0)
    /* Bytes that are not UTF-8 are refused with a clear page (see app/lib/unstorable_text.ts). */
    invalidUtf8.assertStatus(400)
    assert.include(invalidUtf8.text(), 'characters that cannot be stored')
    assert.equal(await storyCount(), 0)
  })

  test('the confirmation email is a durable job, saved in the same transaction as the story', async ({
    client,
    assert,
  }) => {
    await demoDirectory()
    const sent = await client.post('/tell').header('host', FIFE).form(storyForm()).withCsrfToken()
    sent.assertStatus(200)
    const jobs = await db.from('jobs').where('name', 'mail.send')
    assert.lengthOf(jobs, 1)
    assert.include(JSON.stringify(jobs[0].payload.message.to), 'author@example.test')
    assert.include(jobs[0].payload.message.text, '/stories/confirm/')
    assert.equal(await storyCount(), 1)
  })

  test('the original text is in no public response, only the moderated one', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const story = await makeStory(fife, 'victoria-hospital-ward-6', {
      status: 'published',
      title: 'Published with an edit',
    })
    const pages = [
      `/stories/${story.id}`,
      '/services/victoria-hospital-ward-6',
      '/services/victoria-hospital',
      '/areas/kirkcaldy',
    ]
    for (const path of pages) {
      const response = await client.get(path).header('host', FIFE)
      response.assertStatus(200)
      assert.include(response.text(), 'Published with an edit', path)
      assert.notInclude(response.text(), 'Fiona McLeod', path)
      assert.notInclude(response.text(), '07700 900123', path)
      assert.notInclude(response.text(), 'author@example.test', path)
    }
  })
})
