import { test } from '@japa/runner'
import Story from '#models/story'
import { hideStory } from '#services/moderation/story_reports'
import { keptPageDoors, publicPageCache } from '#services/reading/public_page_cache'
import app from '@adonisjs/core/services/app'
import { Visitor } from '#tests/helpers/visitor'
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

  test('a reader without a key is answered at the door once an answer is kept, still counted against the address’s rate, and never after a hide', async ({
    assert,
    cleanup,
  }) => {
    const rates = app.config.get<Record<string, unknown>>('api.rates')
    app.config.set('api.rates', { ...rates, anonymous: { perSecond: 1, burst: 5 } })
    cleanup(() => app.config.set('api.rates', rates))
    const { fife } = await demoDirectory()
    const story = await makeStory(fife, 'victoria-hospital-ward-6', {
      status: 'published',
      title: 'At the API door',
    })
    const moderator = await makeStaff(fife, 'moderator', 'moderator@fife.test')
    const reader = new Visitor(FIFE)
    const full = await reader.get('/api/v1/stories')
    await reader.get('/api/v1/stories')
    const before = keptPageDoors.answered
    const door = await reader.get('/api/v1/stories')
    assert.equal(keptPageDoors.answered, before + 1, 'answered at the door')
    assert.equal(door.status, 200)
    assert.equal(door.text, full.text)
    for (const name of ['etag', 'cache-control', 'content-type', 'vary', 'x-content-type-options'])
      assert.equal(door.headers[name], full.headers[name], name)
    assert.match(String(door.headers['ratelimit']), /^"api";r=2;t=\d+$/, 'counted: 3 of 5 used')

    /* In gzip when the client asks, as it was sent the first time otherwise. */
    assert.equal(door.headers['content-encoding'], 'gzip')
    assert.isBelow(door.wireBytes, Buffer.byteLength(door.text))
    assert.match(String(door.headers['vary']), /Accept-Encoding/)
    const plain = new Visitor(FIFE)
    plain.acceptEncoding = ''
    const unzipped = await plain.get('/api/v1/stories')
    assert.isUndefined(unzipped.headers['content-encoding'])
    assert.equal(unzipped.text, full.text)
    assert.equal(keptPageDoors.answered, before + 2)
    const answered = keptPageDoors.answered

    await tenancy.run(fife, () => hideStory(story.id, 'A report was upheld', moderator))
    const after = await reader.get('/api/v1/stories')
    assert.equal(after.status, 200)
    assert.notInclude(after.text, 'At the API door')
    assert.equal(keptPageDoors.answered, answered, 'a hidden story’s list from the door')

    const statuses: number[] = []
    for (let attempt = 0; attempt < 3; attempt++)
      statuses.push((await reader.get('/api/v1/stories')).status)
    assert.deepEqual(statuses, [429, 429, 429], 'five requests in the burst, each counted once')
    const refused = await reader.get('/api/v1/stories')
    assert.equal(refused.status, 429)
    assert.include(refused.text, '/api#problem-rate-limited')
    assert.isAtLeast(Number(refused.headers['retry-after']), 1)
  })
})
