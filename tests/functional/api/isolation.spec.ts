import { test } from '@japa/runner'
import { tenancy } from '#tenancy/context'
import Story from '#models/story'
import { demoDirectory } from '#tests/helpers/directory'
import { isolateEachTest } from '#tests/helpers/tenants'
import { makeStory } from '#tests/helpers/stories'
import { makeApiKey } from '#tests/helpers/api'

const FIFE = 'fife.localhost'
const ENGLAND = 'england.localhost'
const READS = ['/stories', '/services?limit=100', '/areas', '/tags', '/figures', '/openapi.json']

test.group('API v1: isolation', (group) => {
  isolateEachTest(group)

  test('a Fife key on England’s host is refused', async ({ client, assert }) => {
    const { fife } = await demoDirectory()
    for (const scopes of [['read'], ['staff-read'], ['submit'], ['respond']] as const) {
      const { secret } = await makeApiKey(fife, [...scopes])
      for (const path of [...READS, '/stories/1', '/no/such/path']) {
        const response = await client
          .get(`/api/v1${path}`)
          .header('host', ENGLAND)
          .header('authorization', `Bearer ${secret}`)
        response.assertStatus(401)
        assert.equal(response.body().type, '/api#problem-invalid-key')
        assert.include(response.header('www-authenticate'), 'Bearer')
      }
      const posted = await client
        .post('/api/v1/stories')
        .header('host', ENGLAND)
        .header('authorization', `Bearer ${secret}`)
        .json({})
      posted.assertStatus(401)
      const home = await client
        .get('/api/v1/tags')
        .header('host', FIFE)
        .header('authorization', `Bearer ${secret}`)
      home.assertStatus(200)
    }
  })

  test('a Fife answer holds no England story, service or count', async ({ client, assert }) => {
    const { fife, england } = await demoDirectory()
    const englandStory = await makeStory(england, 'leeds-teaching-hospitals', {
      status: 'published',
      title: 'ENGLAND-MARKER story',
      publicBody: 'ENGLAND-MARKER text of a published story in Leeds.',
    })
    await makeStory(england, 'leeds-teaching-hospitals', { status: 'awaiting_moderation' })
    await makeStory(fife, 'victoria-hospital', { status: 'published' })
    const { secret } = await makeApiKey(fife, ['read', 'staff-read'])
    for (const keyed of [false, true]) {
      for (const path of [
        ...READS,
        `/stories/${englandStory.id}`,
        '/services/leeds-teaching-hospitals',
        '/services/RR8',
        '/stories?service=RR8',
      ]) {
        const request = client.get(`/api/v1${path}`).header('host', FIFE)
        if (keyed) request.header('authorization', `Bearer ${secret}`)
        const response = await request
        assert.notInclude(response.text(), 'ENGLAND-MARKER', path)
        assert.notInclude(response.text(), 'Leeds', path)
        assert.notInclude(response.text(), 'england', path)
      }
    }
    const one = await client.get(`/api/v1/stories/${englandStory.id}`).header('host', FIFE)
    one.assertStatus(404)
    const figures = await client
      .get('/api/v1/figures')
      .header('host', FIFE)
      .header('authorization', `Bearer ${secret}`)
    assert.equal(figures.body().data.stories, 1)
    assert.equal(figures.body().data.unpublished.awaitingModeration, 0)
  })

  test('unpublished, hidden and withdrawn stories never appear in a read answer', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const statuses = [
      'unconfirmed',
      'awaiting_moderation',
      'needs_author_input',
      'rejected',
      'escalated',
    ] as const
    const hidden: Story[] = []
    for (const status of statuses)
      hidden.push(await makeStory(fife, 'victoria-hospital', { status, title: `SECRET ${status}` }))
    for (const status of ['hidden', 'withdrawn'] as const) {
      const story = await makeStory(fife, 'victoria-hospital', {
        status: 'published',
        title: `SECRET ${status}`,
      })
      await tenancy.run(fife, async () => {
        story.status = status
        await story.save()
      })
      hidden.push(story)
    }
    const { secret } = await makeApiKey(fife, ['read', 'staff-read'])
    for (const keyed of [false, true]) {
      const headers: Record<string, string> = keyed ? { authorization: `Bearer ${secret}` } : {}
      for (const path of [
        '/stories',
        '/stories?service=victoria-hospital',
        '/stories?q=secret',
        '/stories?updatedSince=2000-01-01T00:00:00Z',
        ...hidden.map((story) => `/stories/${story.id}`),
      ]) {
        const response = await client.get(`/api/v1${path}`).header('host', FIFE).headers(headers)
        assert.notInclude(response.text(), 'SECRET', path)
      }
    }
  })

  test('a key limited to one hospital sees nothing outside its subtree in staff-read', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const inside = await makeStory(fife, 'victoria-hospital-ward-6', { status: 'published' })
    const outside = await makeStory(fife, 'cameron-hospital', { status: 'published' })
    await tenancy.run(fife, async () => {
      await Story.query().whereIn('id', [inside.id, outside.id]).update({ criticality: 4 })
    })
    await makeStory(fife, 'victoria-hospital-ae', { status: 'awaiting_moderation' })
    await makeStory(fife, 'cameron-hospital', { status: 'awaiting_moderation' })
    await makeStory(fife, 'cameron-hospital', { status: 'escalated' })
    const { secret } = await makeApiKey(fife, ['read', 'staff-read'], {
      services: ['victoria-hospital'],
    })
    const auth = { authorization: `Bearer ${secret}` }
    const list = await client.get('/api/v1/stories').header('host', FIFE).headers(auth)
    const byId = new Map(list.body().data.map((story: any) => [story.id, story]))
    assert.equal((byId.get(inside.id) as any).criticality, 4)
    assert.notProperty(byId.get(outside.id) as any, 'criticality')
    const one = await client.get(`/api/v1/stories/${outside.id}`).header('host', FIFE).headers(auth)
    assert.notProperty(one.body().data, 'criticality')
    const figures = await client.get('/api/v1/figures').header('host', FIFE).headers(auth)
    assert.deepEqual(figures.body().data.unpublished, {
      awaitingModeration: 1,
      needsAuthorInput: 0,
      escalated: 0,
      hidden: 0,
    })
    const { secret: plain } = await makeApiKey(fife, ['read'])
    const readOnly = await client
      .get('/api/v1/figures')
      .header('host', FIFE)
      .header('authorization', `Bearer ${plain}`)
    assert.notProperty(readOnly.body().data, 'unpublished')
  })
})
