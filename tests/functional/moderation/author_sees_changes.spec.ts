import { test } from '@japa/runner'
import ModerationEvent from '#models/moderation_event'
import StoryReport from '#models/story_report'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { authorLinkFor, makeStory } from '#tests/helpers/stories'
import { isolateEachTest, makeStaff } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'
const ENGLAND = 'england.localhost'
const ORIGINAL =
  'Nurse Fiona McLeod on Ward 6 sat with my dad at three in the morning and explained everything.'
const MODERATED =
  'A nurse on Ward 6 sat with my dad at three in the morning and explained everything.'

/** A Fife story as its author wrote it, published by a moderator with an edit and a note. */
async function publishedWithEdit(client: any) {
  const { fife, england } = await demoDirectory()
  const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
  const story = await makeStory(fife, 'victoria-hospital-ward-6', {
    title: 'Kindness at night',
    body: ORIGINAL,
  })
  await client
    .put(`/staff/moderation/${story.id}`)
    .header('host', FIFE)
    .loginAs(moderator)
    .form({
      version: 1,
      decision: 'publish',
      publicTitle: 'Kindness on the night shift',
      publicBody: MODERATED,
      criticality: 0,
      noteToAuthor: 'We took out the nurse’s name: we never publish staff names in full.',
    })
    .withCsrfToken()
    .redirects(0)
  await tenancy.run(fife, () => story.refresh())
  return { fife, england, moderator, story, link: await authorLinkFor(fife, story) }
}

test.group('Authors see what changed', (group) => {
  isolateEachTest(group)

  test('the author sees the word diff and the moderator’s note once the story is published', async ({
    client,
    assert,
  }) => {
    const { story, link } = await publishedWithEdit(client)
    assert.equal(story.status, 'published')
    const page = (await client.get(link).header('host', FIFE)).text()
    assert.include(page, 'What the moderators changed')
    assert.include(page, 'We took out the nurse’s name: we never publish staff names in full.')
    assert.include(
      page,
      '<del><span class="visually-hidden">removed: </span>Nurse Fiona McLeod </del>'
    )
    assert.include(page, '<ins><span class="visually-hidden">added: </span>A nurse </ins>')
    assert.include(
      page,
      'Your title “Kindness at night” was published as “Kindness on the night shift”.'
    )
  })

  test('before publication the author sees no diff', async ({ client, assert }) => {
    const { fife } = await demoDirectory()
    const story = await makeStory(fife, 'victoria-hospital-ward-6', { body: ORIGINAL })
    const link = await authorLinkFor(fife, story)
    const page = (await client.get(link).header('host', FIFE)).text()
    assert.notInclude(page, 'What the moderators changed')
    assert.notInclude(page, 'I disagree with the changes')
  })

  test('“I disagree” flags the story for a moderator, once, and is in its history', async ({
    client,
    assert,
  }) => {
    const { fife, moderator, story, link } = await publishedWithEdit(client)
    const empty = await client
      .post(`${link}/disagree`)
      .header('host', FIFE)
      .form({ disagreement: '' })
      .withCsrfToken()
      .redirects(0)
    assert.deepEqual(empty.flashMessage('inputErrorsBag'), {
      disagreement: ['Enter the reason for disagreeing'],
    })
    const told = await client
      .post(`${link}/disagree`)
      .header('host', FIFE)
      .form({ disagreement: 'The nurse wanted to be named; she said so.' })
      .withCsrfToken()
      .redirects(0)
    assert.equal(
      told.flashMessage('success'),
      'Thank you. A moderator will look at your story again.'
    )
    const again = await client
      .post(`${link}/disagree`)
      .header('host', FIFE)
      .form({ disagreement: 'Again' })
      .withCsrfToken()
      .redirects(0)
    assert.include(String(again.flashMessage('error')), 'You have already told the moderators')

    const queue = await client
      .get('/staff/moderation?flag=reported')
      .header('host', FIFE)
      .loginAs(moderator)
    assert.include(queue.text(), 'Kindness at night')
    const page = await client
      .get(`/staff/moderation/${story.id}`)
      .header('host', FIFE)
      .loginAs(moderator)
    assert.include(page.text(), 'The author disagrees with the edits')
    assert.include(page.text(), 'The nurse wanted to be named; she said so.')
    assert.include(page.text(), 'The author, disagreed with the edits')
    const authorPage = (await client.get(link).header('host', FIFE)).text()
    assert.include(authorPage, 'that you disagree with the changes')
    const reports = await tenancy.run(fife, async () =>
      StoryReport.query().where('story_id', story.id)
    )
    assert.lengthOf(reports, 1)
  })

  test('another tenant’s host cannot disagree through a Fife link', async ({ client, assert }) => {
    const { fife, story, link } = await publishedWithEdit(client)
    const response = await client
      .post(`${link}/disagree`)
      .header('host', ENGLAND)
      .form({ disagreement: 'From the wrong site' })
      .withCsrfToken()
    response.assertStatus(404)
    const counts = await tenancy.run(fife, async () => ({
      reports: (await StoryReport.query().where('story_id', story.id)).length,
      events: (
        await ModerationEvent.query()
          .where('story_id', story.id)
          .where('action', 'author_disagreed')
      ).length,
    }))
    assert.deepEqual(counts, { reports: 0, events: 0 })
  })
})
