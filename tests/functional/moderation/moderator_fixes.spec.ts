import { test } from '@japa/runner'
import ModerationEvent from '#models/moderation_event'
import Story from '#models/story'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { makeStory } from '#tests/helpers/stories'
import { isolateEachTest, makeStaff } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'
const CONCERN =
  'My husband Graham says a neighbour keeps taking his pension and he has stopped eating. It started in March.'

test.group('Moderation: fixes from trying it as a moderator', (group) => {
  isolateEachTest(group)

  for (const status of ['needs_author_input', 'rejected', 'published'] as const) {
    test(`a safeguarding concern is escalated from a story that is ${status}`, async ({
      client,
      assert,
    }) => {
      const { fife } = await demoDirectory()
      const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
      const story = await makeStory(fife, 'victoria-hospital-ward-6', {
        status,
        title: 'A concern at home',
      })
      const page = await client
        .get(`/staff/moderation/${story.id}`)
        .header('host', FIFE)
        .loginAs(moderator)
      assert.include(page.text(), 'Escalate a safeguarding concern')

      const response = await client
        .post(`/staff/moderation/${story.id}/escalate`)
        .header('host', FIFE)
        .loginAs(moderator)
        .form({ reason: 'The author describes money being taken.' })
        .withCsrfToken()
      assert.notInclude(response.text(), 'no longer awaiting moderation')
      const after = await tenancy.run(fife, () => Story.findOrFail(story.id))
      assert.equal(after.status, 'escalated')
      if (status === 'published') {
        ;(await client.get(`/stories/${story.id}`).header('host', FIFE)).assertStatus(404)
        const ward = await client.get('/services/victoria-hospital-ward-6').header('host', FIFE)
        assert.notInclude(ward.text(), 'A concern at home')
      }
      const actions = await tenancy.run(fife, async () =>
        (await ModerationEvent.query().where('story_id', story.id)).map((event) => event.action)
      )
      assert.deepEqual(actions, ['escalated'])
    })
  }

  test('escalating twice says the story is already escalated and changes nothing', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const story = await makeStory(fife, 'victoria-hospital-ward-6', { status: 'escalated' })
    const response = await client
      .post(`/staff/moderation/${story.id}/escalate`)
      .header('host', FIFE)
      .loginAs(moderator)
      .form({ reason: 'Again' })
      .withCsrfToken()
      .redirects(0)
    assert.equal(response.flashMessage('error'), 'This story is already escalated.')
    const events = await tenancy.run(fife, async () =>
      ModerationEvent.query().where('story_id', story.id)
    )
    assert.lengthOf(events, 0)
  })

  test('after claiming or saving, the page offers no "Claim this story"', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const claimed = await makeStory(fife, 'victoria-hospital-ward-6')
    const saved = await makeStory(fife, 'victoria-hospital-ward-6')

    const pageOf = (story: Story) =>
      client.get(`/staff/moderation/${story.id}`).header('host', FIFE).loginAs(moderator)
    const claim = await client
      .post(`/staff/moderation/${claimed.id}/claim`)
      .header('host', FIFE)
      .loginAs(moderator)
      .withCsrfToken()
      .redirects(0)
    assert.include(String(claim.flashMessage('success')), 'You hold this story until')
    const afterClaim = await pageOf(claimed)
    assert.notInclude(afterClaim.text(), 'Claim this story')
    assert.include(afterClaim.text(), 'Extend claim')

    const afterSave = await client
      .put(`/staff/moderation/${saved.id}`)
      .header('host', FIFE)
      .loginAs(moderator)
      .form({
        version: 1,
        publicTitle: 'Night shift kindness',
        publicBody: 'The night nurse was kind to my dad at three in the morning.',
        criticality: 0,
      })
      .withCsrfToken()
      .redirects(0)
    assert.equal(afterSave.flashMessage('success'), 'Saved')
    const page = await pageOf(saved)
    assert.notInclude(page.text(), 'Claim this story')
    assert.include(page.text(), 'Extend claim')
  })

  test('the page highlights safeguarding cues in the original and offers the escalation', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const story = await makeStory(fife, 'victoria-hospital-ward-6', { body: CONCERN })
    const page = await client
      .get(`/staff/moderation/${story.id}`)
      .header('host', FIFE)
      .loginAs(moderator)
    const html = page.text()
    assert.include(html, '2 possible safeguarding concerns')
    assert.include(
      html,
      '<mark class="mark--safeguarding"><span class="visually-hidden">Possible safeguarding concern: </span>keeps taking his pension</mark>'
    )
    assert.include(html, 'financial abuse')
    assert.include(html, 'href="#field-escalate"')
    assert.include(html, 'id="field-escalate"')
    /* The name is still personal data, listed with the others. */
    assert.include(html, '<strong>Name</strong>: <mark>Graham</mark>')
  })

  test('an ordinary story shows no safeguarding notice', async ({ client, assert }) => {
    const { fife } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const story = await makeStory(fife, 'victoria-hospital-ward-6', {
      body: 'The nurse made me feel safe and I was not in pain at any point overnight.',
    })
    const page = await client
      .get(`/staff/moderation/${story.id}`)
      .header('host', FIFE)
      .loginAs(moderator)
    assert.notInclude(page.text(), 'possible safeguarding concern')
  })
})

test.group('Moderation: a service is chosen by name everywhere', (group) => {
  isolateEachTest(group)

  test('the queue, the inbox, "follow" and "add a service" take a name instead of a reference', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const story = await makeStory(fife, 'victoria-hospital-ward-6', { title: 'About ward six' })
    await makeStory(fife, 'queen-margaret-hospital', { title: 'About Queen Margaret' })
    const as = (request: ReturnType<typeof client.get>) =>
      request.header('host', FIFE).loginAs(moderator)

    const queue = await as(client.get('/staff/moderation?service=victoria+hospital'))
    assert.include(queue.text(), 'About ward six')
    assert.notInclude(queue.text(), 'About Queen Margaret')
    assert.include(queue.text(), 'data-service-picker-fill')
    assert.notInclude(queue.text(), 'fife-vhk-ward-6')

    const inbox = await as(client.get('/staff/inbox?service=Queen+Margaret+Hospital'))
    assert.notInclude(inbox.text(), 'No single service matches')
    assert.include(inbox.text(), 'data-service-picker-fill')

    const follow = await client
      .post('/staff/account/watches')
      .header('host', FIFE)
      .loginAs(moderator)
      .form({ service: 'queen margaret' })
      .withCsrfToken()
      .redirects(0)
    assert.include(String(follow.flashMessage('success')), 'Queen Margaret Hospital')

    const added = await client
      .put(`/staff/moderation/${story.id}`)
      .header('host', FIFE)
      .loginAs(moderator)
      .form({
        version: 1,
        publicTitle: 'About ward six',
        publicBody: 'The night nurse was kind to my dad at three in the morning.',
        criticality: 0,
        servicesListed: '1',
        services: [],
        addService: 'Maternity Unit',
      })
      .withCsrfToken()
      .redirects(0)
    assert.equal(added.flashMessage('success'), 'Saved')
    const linked = await tenancy.run(fife, async () => {
      const saved = await Story.query().where('id', story.id).preload('services').firstOrFail()
      return saved.services.map((service) => service.ref)
    })
    assert.deepEqual(linked, ['victoria-hospital-maternity'])
  })

  test('a name that matches several services, or none, is refused with a clear message', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const follow = await client
      .post('/staff/account/watches')
      .header('host', FIFE)
      .loginAs(moderator)
      .form({ service: 'hospital' })
      .withCsrfToken()
      .redirects(0)
    assert.equal(
      follow.flashMessage('error'),
      'No single service matches “hospital”: type more of its name and choose it from the list.'
    )
  })
})

test.group('Telling: no answer is chosen for the author', (group) => {
  isolateEachTest(group)

  test('the form chooses no age group and no month; "I would rather not say" is an explicit answer', async ({
    client,
    assert,
  }) => {
    await demoDirectory()
    const form = (
      await client.get('/tell/story?service=victoria-hospital-ward-6').header('host', FIFE)
    ).text()
    const selected = (name: string) => {
      const select = form.slice(
        form.indexOf(`name="${name}"`),
        form.indexOf('</select>', form.indexOf(`name="${name}"`))
      )
      return [...select.matchAll(/<option value="([^"]*)"\s+selected/g)].map((match) => match[1])
    }
    assert.deepEqual(selected('month'), [''])
    assert.deepEqual(selected('ageBand'), [''])
    assert.include(form, '<option value="" selected>Choose a month</option>')
    assert.include(form, '<option value="" selected>Choose your age group</option>')
    assert.include(form, 'I would rather not say')
  })
})

test.group('Moderation queue: safeguarding cues', (group) => {
  isolateEachTest(group)

  test('the queue marks stories with safeguarding cues and filters by them', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    await makeStory(fife, 'victoria-hospital-ward-6', { title: 'A worrying story', body: CONCERN })
    await makeStory(fife, 'victoria-hospital-ward-6', {
      title: 'A kind night',
      body: 'The nurse made me feel safe and I was not in pain at any point overnight.',
    })
    const all = await client.get('/staff/moderation').header('host', FIFE).loginAs(moderator)
    assert.include(all.text(), '2 possible safeguarding concerns')
    const flagged = await client
      .get('/staff/moderation?flag=safeguarding')
      .header('host', FIFE)
      .loginAs(moderator)
    assert.include(flagged.text(), 'A worrying story')
    assert.notInclude(flagged.text(), 'A kind night')
  })
})
