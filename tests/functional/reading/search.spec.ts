import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import Response from '#models/response'
import Story from '#models/story'
import type Tenant from '#models/tenant'
import { refreshProgress } from '#services/stories/story_progress'
import { refreshListings } from '#services/stories/story_listings'
import { parseQuery } from '#services/reading/story_search'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { makeStory, makeTag, tagStory } from '#tests/helpers/stories'
import { isolateEachTest } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'
const ENGLAND = 'england.localhost'
const WARD = 'victoria-hospital-ward-6'
const MATERNITY = 'victoria-hospital-maternity'
const QMH = 'queen-margaret-hospital'

/** The page without its highlights, to find whole titles. */
const plain = (text: string) => text.replace(/<\/?mark>/g, '')

async function setStatus(tenant: Tenant, story: Story, status: Story['status']) {
  await tenancy.run(tenant, async () => {
    await Story.query().where('id', story.id).update({ status })
    await db.transaction((trx) => refreshListings([story.id], trx))
  })
}

async function respond(tenant: Tenant, story: Story, serviceRef: string) {
  await tenancy.run(tenant, async () => {
    const { default: Service } = await import('#models/service')
    const service = await Service.findByOrFail('ref', serviceRef)
    await Response.create({
      storyId: story.id,
      serviceId: service.id,
      authorName: 'Ward manager',
      body: 'Thank you.',
      editableUntil: DateTime.now(),
    })
    await db.transaction((trx) => refreshProgress(story.id, trx))
  })
}

test.group('Story search', (group) => {
  isolateEachTest(group)

  test('finds moderated words with English stemming, never the original text', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    await makeStory(fife, WARD, {
      status: 'published',
      title: 'Waiting in the corridor',
      body: 'Original words: zebracrossing secretname',
      publicBody: 'We waited for hours, but the night nurses were patient.',
    })
    const search = async (q: string) =>
      plain((await client.get('/stories').qs({ q }).header('host', FIFE)).text())
    /* "waiting" finds "waited" (both stem to wait); a word of the original does not match. */
    assert.include(await search('waiting'), 'Waiting in the corridor')
    assert.include(
      (await client.get('/stories').qs({ q: 'nurse' }).header('host', FIFE)).text(),
      '<mark>nurses</mark>'
    )
    assert.include(await search('wait*'), 'Waiting in the corridor')
    assert.include(await search('"night nurses"'), 'Waiting in the corridor')
    assert.notInclude(await search('"nurses night"'), 'Waiting in the corridor')
    assert.notInclude(await search('zebracrossing'), 'Waiting in the corridor')
    assert.include(await search('zebracrossing'), 'No stories found')
    assert.notInclude(await search('secretname'), 'Waiting in the corridor')
  })

  test('Welsh stories are matched word for word with the simple configuration', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    await makeStory(fife, WARD, {
      status: 'published',
      title: 'Aros yn hir',
      publicBody: 'Roedd y nyrsys yn garedig iawn wrth i ni aros.',
      locale: 'cy',
    })
    const search = async (q: string) =>
      plain((await client.get('/stories').qs({ q }).header('host', FIFE)).text())
    assert.include(await search('garedig'), 'Aros yn hir')
    assert.include(await search('nyrsys aros'), 'Aros yn hir')
    assert.notInclude(await search('nyrs'), 'Aros yn hir')
    assert.include(await search('nyrs*'), 'Aros yn hir')
  })

  test('never shows hidden, withdrawn, rejected, waiting or other tenants’ stories', async ({
    client,
    assert,
  }) => {
    const { fife, england } = await demoDirectory()
    const words = 'The porters were marvellous.'
    await makeStory(fife, WARD, { status: 'published', title: 'Shown one', publicBody: words })
    const hidden = await makeStory(fife, WARD, {
      status: 'published',
      title: 'Hidden one',
      publicBody: words,
    })
    await setStatus(fife, hidden, 'hidden')
    const withdrawn = await makeStory(fife, WARD, {
      status: 'published',
      title: 'Withdrawn one',
      publicBody: words,
    })
    await setStatus(fife, withdrawn, 'withdrawn')
    const rejected = await makeStory(fife, WARD, {
      status: 'published',
      title: 'Rejected one',
      publicBody: words,
    })
    await setStatus(fife, rejected, 'rejected')
    await makeStory(fife, WARD, { title: 'Waiting one', body: words })
    await makeStory(england, 'leeds-teaching-hospitals', {
      status: 'published',
      title: 'England one',
      publicBody: words,
    })
    const fifePage = plain(
      (await client.get('/stories').qs({ q: 'marvellous' }).header('host', FIFE)).text()
    )
    assert.include(fifePage, 'Shown one')
    assert.include(fifePage, '1 story found')
    for (const title of [
      'Hidden one',
      'Withdrawn one',
      'Rejected one',
      'Waiting one',
      'England one',
    ])
      assert.notInclude(fifePage, title)
    const englandPage = plain(
      (await client.get('/stories').qs({ q: 'marvellous' }).header('host', ENGLAND)).text()
    )
    assert.include(englandPage, 'England one')
    assert.notInclude(englandPage, 'Shown one')
    /* Nor through the feed of the search. */
    const feed = (
      await client.get('/stories/feed.atom').qs({ q: 'marvellous' }).header('host', ENGLAND)
    ).text()
    assert.include(feed, 'England one')
    assert.notInclude(feed, 'Shown one')
  })

  test('a story containing markup shows it as text in titles and snippets', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    await makeStory(fife, WARD, {
      status: 'published',
      title: 'Script <script>alert(1)</script> title',
      publicBody:
        'The <script>alert("x")</script> ward was \uE000clean\uE001 & tidy <b>really</b>.',
    })
    const page = (await client.get('/stories').qs({ q: 'script' }).header('host', FIFE)).text()
    assert.notInclude(page, '<script>alert')
    assert.notInclude(page, '<b>really')
    assert.include(page, '<mark>Script</mark> &#60;script&#62;alert(1)&#60;/script&#62; title')
    const tidy = (await client.get('/stories').qs({ q: 'tidy' }).header('host', FIFE)).text()
    assert.include(tidy, '<mark>tidy</mark>')
    assert.notInclude(tidy, '<mark>clean')
  })

  test('filters combine: service subtree, area, tag, progress, author role and dates', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const body = 'The discharge lounge was calm.'
    const ward = await makeStory(fife, WARD, {
      status: 'published',
      title: 'Ward story',
      publicBody: body,
      authorRole: 'patient',
    })
    await makeStory(fife, MATERNITY, {
      status: 'published',
      title: 'Maternity story',
      publicBody: body,
      publishedAt: DateTime.now().minus({ months: 3 }),
    })
    await makeStory(fife, QMH, {
      status: 'published',
      title: 'Dunfermline story',
      publicBody: body,
    })
    const tag = await makeTag(fife, 'Calm')
    await tagStory(fife, ward, tag.id)
    await respond(fife, ward, WARD)

    const titles = async (qs: Record<string, unknown>) => {
      const text = plain((await client.get('/stories').qs(qs).header('host', FIFE)).text())
      return ['Ward story', 'Maternity story', 'Dunfermline story'].filter((title) =>
        text.includes(title)
      )
    }
    const q = 'discharge'
    assert.deepEqual(await titles({ q }), ['Ward story', 'Maternity story', 'Dunfermline story'])
    assert.deepEqual(await titles({ q, service: 'victoria-hospital' }), [
      'Ward story',
      'Maternity story',
    ])
    assert.deepEqual(await titles({ q, service: 'nhs-fife' }).then((list) => list.length), 3)
    assert.deepEqual(await titles({ q, area: 'kirkcaldy' }), ['Ward story', 'Maternity story'])
    assert.deepEqual(await titles({ q, area: 'kirkcaldy', tag: tag.id }), ['Ward story'])
    assert.deepEqual(await titles({ q, service: 'victoria-hospital', progress: 'responded' }), [
      'Ward story',
    ])
    assert.deepEqual(await titles({ q, service: 'victoria-hospital', progress: 'not_responded' }), [
      'Maternity story',
    ])
    assert.deepEqual(await titles({ q, role: 'patient' }), ['Ward story'])
    const from = DateTime.now().minus({ months: 4 }).toISODate()!
    const to = DateTime.now().minus({ months: 2 }).toISODate()!
    assert.deepEqual(await titles({ q, from, to }), ['Maternity story'])
    /* Without words: the filters alone list stories, newest first. */
    assert.deepEqual(await titles({ area: 'dunfermline' }), ['Dunfermline story'])
    /* Another tenant's service is unknown here: a notice, not its stories. */
    const england = (
      await client
        .get('/stories')
        .qs({ q, service: 'leeds-teaching-hospitals' })
        .header('host', FIFE)
    ).text()
    assert.include(england, 'We could not find that service')
  })

  test('pages by cursor, by relevance and by date, without repeating a story', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    for (let index = 0; index < 25; index++)
      await makeStory(fife, WARD, {
        status: 'published',
        title: `Parking story ${index}`,
        publicBody: index % 2 ? 'Parking was hard. Parking again!' : 'The parking was fine.',
      })
    for (const order of ['relevance', 'newest']) {
      const seen = new Set<string>()
      let path: string | null = `/stories?q=parking&order=${order}`
      while (path) {
        const text: string = plain((await client.get(path).header('host', FIFE)).text())
        for (const match of text.matchAll(/Parking story (\d+)/g)) seen.add(match[1])
        const next: RegExpMatchArray | null = text.match(/href="(\/stories\?[^"]*after=[^"]*)"/)
        path = next ? next[1].replaceAll('&amp;', '&') : null
      }
      assert.equal(seen.size, 25, order)
    }
  })

  test('the search function gives the newest matches whether the words are common or rare', async ({
    assert,
  }) => {
    const { fife } = await demoDirectory()
    for (let index = 0; index < 12; index++)
      await makeStory(fife, WARD, {
        status: 'published',
        title: `Told ${index}`,
        publicBody: index % 4 ? 'The ward was busy.' : 'The ward was busy and the lift broke.',
        publishedAt: DateTime.now().minus({ hours: index }),
      })
    const newest = (q: string, limit: number, service: number | null = null) =>
      tenancy.run(fife, async () => {
        const { rows } = await db.rawQuery(
          `select story_id from carevoice_search_stories(?, ?, null, null, null, null, null, null, null, null, ?)`,
          [q, service, limit]
        )
        return rows.map((row: { story_id: string }) => Number(row.story_id))
      })
    const ids = await tenancy.run(fife, async () =>
      (await Story.query().orderBy('published_at', 'desc')).map((story) => story.id)
    )
    /* Enough matches among the newest stories (first step), and too few (second step). */
    assert.deepEqual(await newest(`'busy'`, 5), ids.slice(0, 5))
    assert.deepEqual(await newest(`'lift'`, 5), [ids[0], ids[4], ids[8]])
    const ward = await tenancy.run(fife, async () => {
      const { default: Service } = await import('#models/service')
      return (await Service.findByOrFail('ref', WARD)).id
    })
    assert.deepEqual(await newest(`'busy'`, 5, ward), ids.slice(0, 5))
    assert.deepEqual(await newest(`'lift'`, 5, ward), [ids[0], ids[4], ids[8]])
    /* Outside any tenant: nothing. */
    const { rows } = await db.rawQuery(
      `select * from carevoice_search_stories('''busy''', null, null, null, null, null, null, null, null, null, 5)`
    )
    assert.lengthOf(rows, 0)
  })

  test('any text is answered with results or a clear message, never an error', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    await makeStory(fife, WARD, { status: 'published', title: 'Plain story' })
    const odd = [
      '"',
      '\\"',
      '&|!:*()',
      "'",
      "''' & ! |",
      'a:*:* <-> <2> !!',
      'x'.repeat(10_000),
      'word '.repeat(2000),
      '😀 kindness 🏥',
      'night\u0000nurse',
      '\uD800 broken surrogate',
      'Roedd y nyrs yn garedig',
      '"unterminated phrase',
      'the',
      '-',
      'a'.repeat(200) + ' nurse',
    ]
    for (const q of odd) {
      const response = await client.get('/stories').qs({ q }).header('host', FIFE)
      /* Text that cannot be stored is refused for every route in one place, with its own page. */
      if (q.includes('\u0000')) {
        response.assertStatus(400)
        assert.include(response.text(), 'characters that cannot be stored')
        continue
      }
      response.assertStatus(200)
      assert.include(response.text(), 'Search stories', JSON.stringify(q.slice(0, 20)))
      const feed = await client.get('/stories/feed.atom').qs({ q }).header('host', FIFE)
      feed.assertStatus(200)
    }
    const long = (
      await client
        .get('/stories')
        .qs({ q: 'x'.repeat(10_000) })
        .header('host', FIFE)
    ).text()
    assert.include(long, 'only its first 500 characters')
    const nothing = (await client.get('/stories').qs({ q: '&|!:*()' }).header('host', FIFE)).text()
    assert.include(nothing, 'no letters or numbers')
    /* Odd filters and cursors too. */
    for (const qs of [
      { from: 'yesterday', to: '2026-13-45' },
      { after: 'nonsense' },
      { after: '1e999_2026-01-01T00:00:00Z_1' },
      { tag: '99999999999999999999' },
      { progress: ['bogus', 'responded'], role: 'robot', order: 'sideways' },
    ]) {
      const response = await client.get('/stories').qs(qs).header('host', FIFE)
      response.assertStatus(200)
    }
  })

  test('query parsing quotes every word, so PostgreSQL always parses it', async ({ assert }) => {
    assert.equal(parseQuery('Nurse kind').tsquery, `'nurse' & 'kind'`)
    assert.equal(parseQuery('"night nurse"').tsquery, `('night' <-> 'nurse')`)
    assert.equal(parseQuery('wait*').tsquery, `'wait':*`)
    assert.equal(parseQuery(`don't`).tsquery, `('don' <-> 't')`)
    assert.isNull(parseQuery(`&|!:*()'"\\`).tsquery)
    assert.isNull(parseQuery('😀').tsquery)
  })

  test('/search leads to the story search', async ({ client, assert }) => {
    await demoDirectory()
    const response = await client.get('/search?q=kind').header('host', FIFE).redirects(0)
    response.assertStatus(301)
    assert.equal(response.header('location'), '/stories?q=kind')
  })
})
