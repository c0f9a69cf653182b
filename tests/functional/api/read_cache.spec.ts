import { test } from '@japa/runner'
import Story from '#models/story'
import { hideStory } from '#services/moderation/story_reports'
import { publicPageCache } from '#services/reading/public_page_cache'
import { tenancy } from '#tenancy/context'
import { makeApiKey } from '#tests/helpers/api'
import { demoDirectory } from '#tests/helpers/directory'
import { makeStory } from '#tests/helpers/stories'
import { isolateEachTest, makeStaff } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'
const ENGLAND = 'england.localhost'

/* API read answers kept by content version (app/middleware/api_read_cache_middleware.ts). */
test.group('API v1: kept read answers', (group) => {
  isolateEachTest(group)
  group.each.setup(() => {
    publicPageCache.clear()
    publicPageCache.enabled = true
    return () => {
      publicPageCache.enabled = false
      publicPageCache.clear()
    }
  })

  test('a story hidden leaves the kept list and its own answer at once', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const story = await makeStory(fife, 'victoria-hospital-ward-6', {
      status: 'published',
      title: 'Kept in the API',
    })
    const moderator = await makeStaff(fife, 'moderator', 'moderator@fife.test')
    for (let read = 0; read < 2; read++) {
      const list = await client.get('/api/v1/stories').header('host', FIFE)
      list.assertStatus(200)
      assert.include(list.text(), 'Kept in the API')
      const one = await client.get(`/api/v1/stories/${story.id}`).header('host', FIFE)
      one.assertStatus(200)
    }
    const first = await client.get('/api/v1/stories').header('host', FIFE)
    const etag = String(first.header('etag'))
    const held = await client
      .get('/api/v1/stories')
      .header('host', FIFE)
      .header('if-none-match', etag)
    held.assertStatus(304)

    await tenancy.run(fife, () => hideStory(story.id, 'A report was upheld', moderator))

    const after = await client
      .get('/api/v1/stories')
      .header('host', FIFE)
      .header('if-none-match', etag)
    after.assertStatus(200)
    assert.notInclude(after.text(), 'Kept in the API')
    const gone = await client.get(`/api/v1/stories/${story.id}`).header('host', FIFE)
    gone.assertStatus(404)
  })

  test('a staff-read key, an anonymous reader and another tenant never share an answer, and each request still counts against its key’s rate', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const story = await makeStory(fife, 'victoria-hospital-ward-6', { status: 'published' })
    await tenancy.run(fife, async () => {
      await Story.query().where('id', story.id).update({ criticality: 4 })
    })
    const { secret } = await makeApiKey(fife, ['read', 'staff-read'])
    const auth = { authorization: `Bearer ${secret}` }
    const path = `/api/v1/stories/${story.id}`

    const anonymous = await client.get(path).header('host', FIFE)
    assert.notProperty(anonymous.body().data, 'criticality')
    const staff = await client.get(path).header('host', FIFE).headers(auth)
    assert.equal(staff.body().data.criticality, 4)
    const again = await client.get(path).header('host', FIFE)
    assert.notProperty(again.body().data, 'criticality')
    const england = await client.get(path).header('host', ENGLAND)
    england.assertStatus(404)

    /* The rate still applies to kept answers: a slow key's burst runs out. */
    const slow = await makeApiKey(fife, ['read'], { ratePerSecond: 1 })
    let limited = false
    for (let read = 0; read < 40 && !limited; read++) {
      const answer = await client
        .get(path)
        .header('host', FIFE)
        .header('authorization', `Bearer ${slow.secret}`)
      if (answer.status() === 429) limited = true
      else assert.exists(answer.header('ratelimit'))
    }
    assert.isTrue(limited, 'a key is limited even when the answer is kept')
  })
})
