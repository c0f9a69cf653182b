import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import ModerationEvent from '#models/moderation_event'
import Story from '#models/story'
import StoryTag from '#models/story_tag'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { makeStory } from '#tests/helpers/stories'
import { isolateEachTest, makeStaff } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'
const PUBLIC_TEXT = 'The night nurse on the ward was kind to my father and explained everything.'

function edit(story: Story, overrides: Record<string, unknown> = {}) {
  return {
    version: story.version,
    publicTitle: 'Night shift kindness',
    publicBody: PUBLIC_TEXT,
    criticality: 0,
    ...overrides,
  }
}

test.group('Moderation', (group) => {
  isolateEachTest(group)

  test('only confirmed stories reach the queue, oldest first', async ({ client, assert }) => {
    const { fife } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    await makeStory(fife, 'victoria-hospital-ward-6', {
      status: 'unconfirmed',
      title: 'Not yet confirmed',
    })
    await makeStory(fife, 'victoria-hospital-ward-6', { title: 'Confirmed and waiting' })
    const queue = await client.get('/staff/moderation').header('host', FIFE).loginAs(moderator)
    queue.assertStatus(200)
    assert.include(queue.text(), 'Confirmed and waiting')
    assert.notInclude(queue.text(), 'Not yet confirmed')
    assert.include(queue.text(), '1 story is waiting')
  })

  test('a moderator claims, edits and publishes; the story shows on the ward, the hospital and the area only in Fife', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const story = await makeStory(fife, 'victoria-hospital-ward-6')
    const kindness = await tenancy.run(fife, async () =>
      StoryTag.create({ question: 'good', label: 'Kindness', position: 0 })
    )

    const page = await client
      .get(`/staff/moderation/${story.id}`)
      .header('host', FIFE)
      .loginAs(moderator)
    page.assertStatus(200)
    assert.include(page.text(), '07700 900123')
    assert.include(page.text(), 'Phone number')

    await client
      .post(`/staff/moderation/${story.id}/claim`)
      .header('host', FIFE)
      .loginAs(moderator)
      .withCsrfToken()
    await client
      .put(`/staff/moderation/${story.id}`)
      .header('host', FIFE)
      .loginAs(moderator)
      .form({ ...edit(story), decision: 'publish', tags: [kindness.id] })
      .withCsrfToken()
    await tenancy.run(fife, () => story.refresh())
    assert.equal(story.status, 'published')
    fake.messages.assertQueued({ to: 'author@example.test' })

    const storyPage = await client.get(`/stories/${story.id}`).header('host', FIFE)
    storyPage.assertStatus(200)
    assert.include(storyPage.text(), PUBLIC_TEXT)
    assert.notInclude(storyPage.text(), '07700 900123')
    assert.notInclude(storyPage.text(), 'Fiona McLeod')
    assert.include(storyPage.text(), 'What was good?')
    assert.include(storyPage.text(), 'Kindness')
    for (const path of [
      '/services/victoria-hospital-ward-6',
      '/services/victoria-hospital',
      '/services/nhs-fife',
      '/areas/kirkcaldy',
      '/areas/fife',
    ]) {
      assert.include(
        (await client.get(path).header('host', FIFE)).text(),
        `/stories/${story.id}`,
        path
      )
    }
    ;(await client.get(`/stories/${story.id}`).header('host', 'england.localhost')).assertStatus(
      404
    )

    const actions = await tenancy.run(fife, async () =>
      (await ModerationEvent.query().where('story_id', story.id).orderBy('id')).map(
        (event) => event.action
      )
    )
    assert.deepEqual(actions, ['claimed', 'published'])
  })

  test('a second moderator cannot take a held story, and a stale save is refused', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const first = await makeStaff(fife, 'moderator', 'first@fife.test')
    const second = await makeStaff(fife, 'moderator', 'second@fife.test')
    const story = await makeStory(fife, 'victoria-hospital-ward-6')
    await client
      .post(`/staff/moderation/${story.id}/claim`)
      .header('host', FIFE)
      .loginAs(first)
      .withCsrfToken()
    const taken = await client
      .post(`/staff/moderation/${story.id}/claim`)
      .header('host', FIFE)
      .loginAs(second)
      .withCsrfToken()
      .redirects(0)
    /* Says who holds it and until when (the holder's name and the time, in the tenant's zone). */
    assert.match(
      String(taken.flashMessages().error),
      /^\S.* holds this story until \d\d:\d\d\. Nothing was saved/
    )

    const opened = await tenancy.run(fife, async () => Story.findOrFail(story.id))
    await client
      .put(`/staff/moderation/${story.id}`)
      .header('host', FIFE)
      .loginAs(first)
      .form({ ...edit(opened), decision: 'save' })
      .withCsrfToken()
    const stale = await client
      .put(`/staff/moderation/${story.id}`)
      .header('host', FIFE)
      .loginAs(first)
      .form({ ...edit(opened, { publicBody: `${PUBLIC_TEXT} Overwritten.` }), decision: 'save' })
      .withCsrfToken()
      .redirects(0)
    assert.include(String(stale.flashMessage('error')), 'Someone else saved this story')
    await tenancy.run(fife, () => opened.refresh())
    assert.equal(opened.publicBody, PUBLIC_TEXT)
    assert.equal(opened.version, 2)
  })

  test('rejected and unpublished stories are in no public page; the log of actions is append-only', async ({
    client,
    assert,
  }) => {
    mail.fake()
    const { fife } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const rejected = await makeStory(fife, 'victoria-hospital-ward-6', { title: 'To be rejected' })
    const waiting = await makeStory(fife, 'victoria-hospital-ward-6', { title: 'Still waiting' })
    await client
      .post(`/staff/moderation/${rejected.id}/reject`)
      .header('host', FIFE)
      .loginAs(moderator)
      .form({ message: 'It is about events more than three years ago.' })
      .withCsrfToken()
    mail.restore()
    await tenancy.run(fife, () => rejected.refresh())
    assert.equal(rejected.status, 'rejected')
    for (const id of [rejected.id, waiting.id]) {
      ;(await client.get(`/stories/${id}`).header('host', FIFE)).assertStatus(404)
    }
    const ward = await client.get('/services/victoria-hospital-ward-6').header('host', FIFE)
    assert.notInclude(ward.text(), 'To be rejected')
    assert.notInclude(
      (await client.get('/areas/kirkcaldy').header('host', FIFE)).text(),
      'To be rejected'
    )
    assert.notInclude(ward.text(), 'Still waiting')
    /* In Fife's context: row security would otherwise leave no row for the trigger to refuse. */
    const attempt = (sql: string) =>
      tenancy.run(fife, async () => db.transaction((trx) => trx.rawQuery(sql)))
    await assert.rejects(
      () => attempt(`update moderation_events set action = 'forged'`),
      /append-only/
    )
  })

  test('responders cannot moderate, and Fife moderators cannot reach England stories', async ({
    client,
  }) => {
    const { fife, england } = await demoDirectory()
    const responder = await makeStaff(fife, 'responder', 'r@fife.test')
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const englandStory = await makeStory(england, 'leeds-teaching-hospitals')
    ;(await client.get('/staff/moderation').header('host', FIFE).loginAs(responder)).assertStatus(
      403
    )
    ;(
      await client
        .get(`/staff/moderation/${englandStory.id}`)
        .header('host', FIFE)
        .loginAs(moderator)
    ).assertStatus(404)
    const claim = await client
      .post(`/staff/moderation/${englandStory.id}/claim`)
      .header('host', FIFE)
      .loginAs(moderator)
      .withCsrfToken()
    claim.assertStatus(404)
    ;(
      await client.get('/staff/moderation').header('host', 'england.localhost').loginAs(moderator)
    ).assertStatus(403)
  })
})
