import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import app from '@adonisjs/core/services/app'
import Story from '#models/story'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { isolateEachTest } from '#tests/helpers/tenants'
import { makeStory, makeTag, tagStory } from '#tests/helpers/stories'
import { makeApiKey, openApiChecker } from '#tests/helpers/api'
import { countQueries } from '#tests/helpers/queries'
import { rateCounting } from '#services/api/rate_limits'

const FIFE = 'fife.localhost'

async function publishedStories(tenant: any, count: number, ref = 'victoria-hospital-ward-6') {
  const stories = []
  for (let index = 0; index < count; index++) {
    stories.push(
      await makeStory(tenant, ref, {
        status: 'published',
        title: `Story number ${index}`,
        publishedAt: DateTime.now().minus({ minutes: count - index }),
      })
    )
  }
  return stories
}

test.group('API v1: reading', (group) => {
  isolateEachTest(group)

  test('every endpoint answers as the OpenAPI document says', async ({ client, assert }) => {
    const { fife } = await demoDirectory()
    const [story] = await publishedStories(fife, 2)
    const tag = await makeTag(fife, 'Kind staff')
    await tagStory(fife, story, tag.id)
    const { secret } = await makeApiKey(fife, ['read', 'staff-read'])
    const checker = openApiChecker()
    const since = DateTime.now().minus({ days: 1 }).toUTC().toISO()!
    const calls: [string, string, string][] = [
      ['/stories', '/stories', ''],
      ['/stories', '/stories', '?service=S08000029&progress=not_responded&limit=1'],
      ['/stories', '/stories', `?updatedSince=${encodeURIComponent(since)}`],
      ['/stories/removed', '/stories/removed', `?since=${encodeURIComponent(since)}`],
      ['/stories/{id}', `/stories/${story.id}`, ''],
      ['/stories/{id}', '/stories/999999999', ''],
      ['/services', '/services', '?limit=3'],
      ['/services/{ref}', '/services/victoria-hospital', ''],
      ['/services/{ref}', '/services/no-such-service', ''],
      ['/areas', '/areas', ''],
      ['/tags', '/tags', ''],
      ['/figures', '/figures', ''],
      ['/stories', '/stories', '?limit=500'],
    ]
    for (const keyed of [false, true]) {
      for (const [documented, path, query] of calls) {
        const request = client.get(`/api/v1${path}${query}`).header('host', FIFE)
        if (keyed) request.header('authorization', `Bearer ${secret}`)
        const response = await request
        const body = JSON.parse(response.text())
        assert.deepEqual(
          checker.check(documented, 'get', response.status(), body),
          [],
          `${path}${query} (${response.status()}) ${response.text().slice(0, 300)}`
        )
      }
    }
    const one = await client
      .get(`/api/v1/stories/${story.id}`)
      .header('host', FIFE)
      .header('authorization', `Bearer ${secret}`)
    assert.equal(one.body().data.tags[0].label, 'Kind staff')
    assert.equal(one.body().data.tags[0].polarity, 'positive')
    assert.equal(one.body().data.services[0].ref, 'victoria-hospital-ward-6')
    assert.property(one.body().data, 'criticality')
    const anonymous = await client.get(`/api/v1/stories/${story.id}`).header('host', FIFE)
    assert.notProperty(anonymous.body().data, 'criticality')
  })

  test('the OpenAPI document and the documentation page are served', async ({ client, assert }) => {
    await demoDirectory()
    const document = await client.get('/api/v1/openapi.json').header('host', FIFE)
    document.assertStatus(200)
    assert.equal(document.body().openapi, '3.1.0')
    assert.match(document.body().servers[0].url, /^http:\/\/fife\.localhost(:\d+)?\/api\/v1$/)
    assert.deepEqual(Object.keys(document.body().paths).sort(), [
      '/areas',
      '/figures',
      '/services',
      '/services/{ref}',
      '/stories',
      '/stories/removed',
      '/stories/{id}',
      '/stories/{id}/responses',
      '/tags',
    ])
    const page = await client.get('/api').header('host', FIFE)
    page.assertStatus(200)
    assert.include(page.text(), 'GET /api/v1/stories')
    assert.include(page.text(), 'Getting a key')
    assert.include(page.text(), '/api#problem-rate-limited')
    assert.notInclude(page.text(), 'https://cdn')
  })

  test('an unchanged answer is a 304 for If-None-Match; anonymous reads may be cached', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    await publishedStories(fife, 1)
    const first = await client.get('/api/v1/stories').header('host', FIFE)
    const etag = String(first.header('etag'))
    assert.match(etag, /^"[\w-]+"$/)
    assert.equal(first.header('cache-control'), 'public, max-age=60')
    const again = await client
      .get('/api/v1/stories')
      .header('host', FIFE)
      .header('if-none-match', etag)
    again.assertStatus(304)
    assert.equal(again.text() ?? '', '')
    await publishedStories(fife, 1, 'victoria-hospital-ae')
    const changed = await client
      .get('/api/v1/stories')
      .header('host', FIFE)
      .header('if-none-match', etag)
    changed.assertStatus(200)
    const { secret } = await makeApiKey(fife, ['read'])
    const keyed = await client
      .get('/api/v1/stories')
      .header('host', FIFE)
      .header('authorization', `Bearer ${secret}`)
    assert.equal(keyed.header('cache-control'), 'private, no-cache')
    assert.include(keyed.header('vary'), 'Authorization')
  })

  test('pages follow the cursor to the end, every story once, at a fixed query count', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const stories = await publishedStories(fife, 7)
    const { secret } = await makeApiKey(fife, ['read'])
    const seen: number[] = []
    let next: string | null = `/api/v1/stories?limit=3&service=victoria-hospital`
    const counts: number[] = []
    while (next) {
      const path: string = next.replace(/^https?:\/\/[^/]+/, '')
      let response: any
      const queries = await countQueries(async () => {
        response = await client
          .get(path)
          .header('host', FIFE)
          .header('authorization', `Bearer ${secret}`)
      })
      response.assertStatus(200)
      /* What the page itself reads: not the host lookup (cached for seconds, so it may come
         back on a slow machine), the rate-limit bucket and its occasional sweep, or the key. */
      const own = /set_config|"sessions"|api_keys|api_rate_limits|"tenant_domains"|from "tenants"/
      counts.push(queries.filter((sql) => !own.test(sql)).length)
      seen.push(...response.body().data.map((story: { id: number }) => story.id))
      next = response.body().next
      if (next) assert.include(next, 'service=victoria-hospital')
    }
    assert.deepEqual(seen, stories.map((story) => story.id).reverse())
    assert.equal(counts.length, 3)
    assert.equal(counts[0], counts[1], 'every page costs the same')
    assert.equal(counts[1], counts[2], 'a page of three costs what a page of one costs')
    const badCursor = await client.get('/api/v1/stories?cursor=bm9wZQ').header('host', FIFE)
    badCursor.assertStatus(400)
    assert.equal(badCursor.body().type, '/api#problem-invalid-parameter')
  })

  test('a partner syncs what changed since a time and learns what was taken down', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const [kept, hidden, withdrawn] = await publishedStories(fife, 3)
    const before = DateTime.now().minus({ seconds: 1 })
    await tenancy.run(fife, async () => {
      await db
        .from('stories')
        .whereIn('id', [kept.id, hidden.id, withdrawn.id])
        .update({ updated_at: before.minus({ hours: 1 }).toSQL() })
      const toHide = await Story.findOrFail(hidden.id)
      toHide.status = 'hidden'
      await toHide.save()
      const toWithdraw = await Story.findOrFail(withdrawn.id)
      toWithdraw.status = 'withdrawn'
      await toWithdraw.save()
    })
    const since = encodeURIComponent(before.toUTC().toISO()!)
    const changed = await client.get(`/api/v1/stories?updatedSince=${since}`).header('host', FIFE)
    changed.assertStatus(200)
    assert.deepEqual(changed.body().data, [])
    const removed = await client.get(`/api/v1/stories/removed?since=${since}`).header('host', FIFE)
    assert.sameMembers(
      removed.body().data.map((row: { id: number }) => row.id),
      [hidden.id, withdrawn.id]
    )
    const all = await client
      .get(`/api/v1/stories?updatedSince=${encodeURIComponent(before.minus({ days: 1 }).toISO()!)}`)
      .header('host', FIFE)
    assert.deepEqual(
      all.body().data.map((story: { id: number }) => story.id),
      [kept.id]
    )
    const mixed = await client
      .get(`/api/v1/stories?updatedSince=${since}&q=kind`)
      .header('host', FIFE)
    mixed.assertStatus(400)
    assert.equal(mixed.body().errors[0].field, 'q')
  })

  test('filters are the story search’s: service by ref or external code, area, tag, words', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const ward = await makeStory(fife, 'victoria-hospital-ward-6', {
      status: 'published',
      title: 'Ward six at night',
      publicBody: 'The night nurse on the ward was patient and kind.',
    })
    const other = await makeStory(fife, 'cameron-hospital', {
      status: 'published',
      title: 'Cameron car park',
      publicBody: 'The car park was full every single day.',
    })
    const ids = async (query: string) => {
      const response = await client.get(`/api/v1/stories?${query}`).header('host', FIFE)
      response.assertStatus(200)
      return response.body().data.map((story: { id: number }) => story.id)
    }
    assert.deepEqual(await ids('service=victoria-hospital'), [ward.id])
    assert.sameMembers(await ids('service=S08000029'), [ward.id, other.id])
    assert.deepEqual(await ids('q=car%20park'), [other.id])
    const unknown = await client.get('/api/v1/stories?area=atlantis').header('host', FIFE)
    unknown.assertStatus(400)
    assert.equal(unknown.header('content-type'), 'application/problem+json; charset=utf-8')
    assert.equal(unknown.body().errors[0].field, 'area')
    const missing = await client.get('/api/v1/no/such/thing').header('host', FIFE)
    missing.assertStatus(404)
    assert.equal(missing.body().type, '/api#problem-not-found')
    const posted = await client.post('/api/v1/areas').header('host', FIFE).json({})
    posted.assertStatus(404)
    assert.equal(posted.body().type, '/api#problem-not-found')
  })

  test('too many requests get 429 with Retry-After and RateLimit headers', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const { secret } = await makeApiKey(fife, ['read'], { ratePerSecond: 1 })
    let last: any
    let allowed = 0
    for (let attempt = 0; attempt < 40; attempt++) {
      last = await client
        .get('/api/v1/tags')
        .header('host', FIFE)
        .header('authorization', `Bearer ${secret}`)
      if (last.status() !== 200) break
      allowed++
      assert.match(last.header('ratelimit'), /^"api";r=\d+;t=\d+$/)
    }
    assert.isAtLeast(allowed, 19, 'the burst allowance')
    assert.isAtMost(allowed, 21)
    last.assertStatus(429)
    assert.equal(last.body().type, '/api#problem-rate-limited')
    assert.isAtLeast(Number(last.header('retry-after')), 1)
    assert.equal(last.header('ratelimit-policy'), '"api";q=20;w=20')
    assert.match(last.header('ratelimit'), /^"api";r=0;t=\d+$/)
    const counters = await db.from('api_rate_limits').count('* as total')
    assert.isAtLeast(Number(counters[0].total), 1, 'the counters are in PostgreSQL')
    /* Written on every request: kept out of the write-ahead log (migration 911). */
    const table = await db.rawQuery(
      `select relpersistence from pg_class where oid = 'api_rate_limits'::regclass`
    )
    assert.equal(table.rows[0].relpersistence, 'u')
  })

  test('requests arriving together are counted together, and exactly the burst gets through', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const { secret } = await makeApiKey(fife, ['read'], { ratePerSecond: 1 })
    const statements = rateCounting.statements
    const answers = await Promise.all(
      Array.from({ length: 40 }, () =>
        client.get('/api/v1/tags').header('host', FIFE).header('authorization', `Bearer ${secret}`)
      )
    )
    const statuses = answers.map((answer) => answer.status())
    const allowed = statuses.filter((status) => status === 200).length
    assert.isAtLeast(allowed, 20, 'the burst allowance')
    assert.isAtMost(allowed, 21)
    assert.equal(allowed + statuses.filter((status) => status === 429).length, 40)
    assert.isBelow(rateCounting.statements - statements, 40, 'one statement per request')
    const left = answers
      .filter((answer) => answer.status() === 200)
      .map((answer) => Number(/r=(\d+)/.exec(answer.header('ratelimit') ?? '')?.[1]))
    assert.include(left, 0, 'the last one through has nothing left')
    assert.equal(new Set(left).size, left.length, 'each is told what is left after it')
  })

  test('without a key, reads are limited per address at a low rate', async ({
    client,
    assert,
    cleanup,
  }) => {
    await demoDirectory()
    const rates = app.config.get<Record<string, unknown>>('api.rates')
    app.config.set('api.rates', { ...rates, anonymous: { perSecond: 1, burst: 3 } })
    cleanup(() => app.config.set('api.rates', rates))
    const statuses: number[] = []
    for (let attempt = 0; attempt < 5; attempt++)
      statuses.push((await client.get('/api/v1/areas').header('host', FIFE)).status())
    assert.deepEqual(statuses.slice(0, 3), [200, 200, 200])
    assert.equal(statuses[4], 429)
    const documented = await client.get('/api').header('host', FIFE)
    assert.include(
      documented.text(),
      'Without a key: 1 request a second per address, in bursts of up to 3'
    )
  })
})
