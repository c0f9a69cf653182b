import { test } from '@japa/runner'
import mail from '@adonisjs/mail/services/main'
import Subscription from '#models/subscription'
import { enqueue, work } from '#services/platform/job_queue'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { makeStory } from '#tests/helpers/stories'
import { isolateEachTest } from '#tests/helpers/tenants'
import '#start/jobs'

const FIFE = 'fife.localhost'
const ENGLAND = 'england.localhost'
const WARD = 'victoria-hospital-ward-6'

function linkIn(text: unknown, path: string) {
  const match = String(text).match(new RegExp(`https?://[^\\s/]+(${path}/[A-Za-z0-9_-]+)`))
  if (!match) throw new Error(`no ${path} link in: ${text}`)
  return match[1]
}

function mailsTo(fake: ReturnType<typeof mail.fake>, address: string) {
  return fake.messages
    .queued()
    .map((message) => message.nodeMailerMessage)
    .filter((message) => String(message.to) === address)
}

test.group('Subscribing to a story search', (group) => {
  isolateEachTest(group)

  test('a reader subscribes to a search from /stories: double opt-in, then an email for a matching story only, until they unsubscribe', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife, england } = await demoDirectory()
    const search = 'q=parking&service=victoria-hospital'

    const page = await client.get(`/stories?${search}`).header('host', FIFE)
    page.assertStatus(200)
    assert.include(page.text(), 'name="target" value="search"')
    assert.include(page.text(), 'name="search" value="q=parking&amp;service=victoria-hospital"')

    const asked = await client
      .post('/subscriptions')
      .header('host', FIFE)
      .form({ target: 'search', search, email: 'reader@example.test' })
      .withCsrfToken()
    asked.assertStatus(200)
    assert.include(asked.text(), 'Check your email')
    /* Asking twice makes one subscription. */
    await client
      .post('/subscriptions')
      .header('host', FIFE)
      .form({
        target: 'search',
        search: `service=victoria-hospital&q=parking`,
        email: 'READER@example.test',
      })
      .withCsrfToken()
    const rows = await tenancy.run(fife, async () => Subscription.query())
    assert.lengthOf(rows, 1)
    assert.equal(rows[0].targetType, 'search')
    assert.equal(rows[0].searchQuery, 'q=parking&service=victoria-hospital')

    /* Asked again, the newest link is the one that works. */
    const confirmMail = mailsTo(fake, 'reader@example.test')[1]
    assert.include(String(confirmMail.text), '“parking”, Victoria Hospital')

    /* Nothing before confirming. */
    const early = await makeStory(fife, WARD, {
      status: 'published',
      title: 'Parking before confirming',
      publicBody: 'Parking was hard.',
    })
    await tenancy.run(fife, () => enqueue('story.published', { storyId: early.id }))
    await work({ once: true, schedules: false })
    assert.lengthOf(mailsTo(fake, 'reader@example.test'), 2)

    const confirm = linkIn(confirmMail.text, '/subscriptions/confirm')
    ;(await client.get(confirm).header('host', ENGLAND)).assertStatus(404)
    const confirmed = await client.get(confirm).header('host', FIFE)
    confirmed.assertStatus(200)
    assert.include(confirmed.text(), 'parking')

    const matching = await makeStory(fife, WARD, {
      status: 'published',
      title: 'Parking at the ward <script>alert(1)</script>',
      publicBody: 'Parking at night was impossible.',
    })
    const otherWords = await makeStory(fife, WARD, {
      status: 'published',
      title: 'Kind nurses',
      publicBody: 'Everyone was kind.',
    })
    const otherService = await makeStory(fife, 'queen-margaret-hospital', {
      status: 'published',
      title: 'Parking at Queen Margaret',
      publicBody: 'Parking was hard there too.',
    })
    const english = await makeStory(england, 'leeds-teaching-hospitals', {
      status: 'published',
      title: 'Parking in Leeds',
      publicBody: 'Parking in Leeds.',
    })
    for (const [tenant, story] of [
      [fife, matching],
      [fife, otherWords],
      [fife, otherService],
      [england, english],
    ] as const)
      await tenancy.run(tenant, () => enqueue('story.published', { storyId: story.id }))
    await work({ once: true, schedules: false })

    const stories = mailsTo(fake, 'reader@example.test').slice(2)
    assert.lengthOf(stories, 1)
    assert.include(String(stories[0].text), 'Parking at the ward <script>alert(1)</script>')
    assert.include(
      String(stories[0].html),
      'Parking at the ward &lt;script&gt;alert(1)&lt;/script&gt;'
    )
    assert.notInclude(String(stories[0].html), '<script>')
    assert.include(String(stories[0].text), `/stories/${matching.id}`)

    /* Unsubscribing works, and nothing more is sent. */
    const unsubscribe = linkIn(stories[0].text, '/subscriptions/unsubscribe')
    ;(await client.post(unsubscribe).header('host', FIFE).withCsrfToken()).assertStatus(200)
    assert.lengthOf(await tenancy.run(fife, async () => Subscription.query()), 0)
    const later = await makeStory(fife, WARD, {
      status: 'published',
      title: 'Parking again',
      publicBody: 'Parking, again.',
    })
    await tenancy.run(fife, () => enqueue('story.published', { storyId: later.id }))
    await work({ once: true, schedules: false })
    assert.lengthOf(mailsTo(fake, 'reader@example.test'), 3)
  })

  test('a search naming another tenant’s service, or nothing to search, is refused or follows the site', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const refused = await client
      .post('/subscriptions')
      .header('host', FIFE)
      .form({
        target: 'search',
        search: 'q=parking&service=leeds-teaching-hospitals',
        email: 'a@example.test',
      })
      .withCsrfToken()
      .redirects(0)
    refused.assertStatus(302)
    const missing = await client
      .post('/subscriptions')
      .header('host', FIFE)
      .form({ target: 'search', email: 'a@example.test' })
      .withCsrfToken()
      .redirects(0)
    missing.assertStatus(302)
    assert.lengthOf(await tenancy.run(fife, async () => Subscription.query()), 0)
    const symbols = await client
      .post('/subscriptions')
      .header('host', FIFE)
      .form({ target: 'search', search: 'q=%22%26%7C!', email: 'a@example.test' })
      .withCsrfToken()
      .redirects(0)
    symbols.assertStatus(302)
    assert.lengthOf(await tenancy.run(fife, async () => Subscription.query()), 0)
  })
})
