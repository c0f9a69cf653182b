import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import Response from '#models/response'
import Service from '#models/service'
import Story from '#models/story'
import type Tenant from '#models/tenant'
import { forgetTenantFigures } from '#services/reading/figures'
import { limits } from '#services/reading/sitemap'
import { refreshListings } from '#services/stories/story_listings'
import { refreshProgress } from '#services/stories/story_progress'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { makeStory, makeTag, tagStory } from '#tests/helpers/stories'
import { isolateEachTest } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'
const ENGLAND = 'england.localhost'
const WARD = 'victoria-hospital-ward-6'

async function respond(tenant: Tenant, story: Story, ref: string, hoursLater: number) {
  await tenancy.run(tenant, async () => {
    const service = await Service.findByOrFail('ref', ref)
    await Response.create({
      storyId: story.id,
      serviceId: service.id,
      authorName: 'Ward manager',
      body: 'Thank you.',
      editableUntil: DateTime.now(),
      createdAt: story.publishedAt!.plus({ hours: hoursLater }),
    })
    await db.transaction((trx) => refreshProgress(story.id, trx))
  })
}

test.group('Reading pages', (group) => {
  isolateEachTest(group)
  group.each.setup(() => forgetTenantFigures())

  test('a reader adds themselves once to a story; another tenant’s host cannot count it', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const story = await makeStory(fife, WARD, { status: 'published', title: 'Counted story' })
    const add = (host: string, agent = 'Browser A', cookie?: string) => {
      const request = client
        .post(`/stories/${story.id}/experienced`)
        .header('host', host)
        .header('user-agent', agent)
        .withCsrfToken()
        .redirects(0)
      return cookie ? request.header('cookie', cookie) : request
    }
    const first = await add(FIFE)
    first.assertStatus(302)
    /* The same browser again, even without its cookie: still one. */
    await add(FIFE)
    await add(FIFE, 'Browser B')
    const page = (await client.get(`/stories/${story.id}`).header('host', FIFE)).text()
    assert.include(page, '2 people experienced this too.')
    const cards = (await client.get(`/services/${WARD}`).header('host', FIFE)).text()
    assert.include(cards, '2 people experienced this too')

    const fromEngland = await add(ENGLAND, 'Browser C')
    fromEngland.assertStatus(404)
    const count = await tenancy.run(
      fife,
      async () => (await Story.findOrFail(story.id)).experiencedCount
    )
    assert.equal(count, 2)
    /* A story that is not public cannot be counted. */
    const waiting = await makeStory(fife, WARD, { title: 'Waiting' })
    const refused = await client
      .post(`/stories/${waiting.id}/experienced`)
      .header('host', FIFE)
      .withCsrfToken()
      .redirects(0)
    refused.assertStatus(404)
  })

  test('service and area figures count their subtree only, with charts, tables and CSV', async ({
    client,
    assert,
  }) => {
    const { fife, england } = await demoDirectory()
    const good = await makeTag(fife, 'Kindness', 'good')
    const bad = await makeTag(fife, 'Parking', 'improve')
    for (let index = 0; index < 4; index++) {
      const story = await makeStory(fife, WARD, {
        status: 'published',
        title: `Ward story ${index}`,
        publishedAt: DateTime.now().minus({ days: 40 * index }),
      })
      await tagStory(fife, story, index % 2 ? bad.id : good.id)
      if (index < 2) await respond(fife, story, WARD, 48)
    }
    await makeStory(fife, 'queen-margaret-hospital', { status: 'published', title: 'Elsewhere' })
    await makeStory(england, 'leeds-teaching-hospitals', { status: 'published', title: 'Leeds' })

    const page = await client.get('/services/victoria-hospital/figures').header('host', FIFE)
    page.assertStatus(200)
    const html = page.text()
    assert.include(html, '4 stories published')
    assert.include(html, '50% responded to')
    assert.include(html, '2 days to a first response (median)')
    assert.include(html, '<svg')
    assert.include(html, 'role="img"')
    assert.include(html, '<table>')
    assert.include(html, 'Kindness')
    /* The Fife brand colour is dark enough for bars. */
    const csv = await client.get('/services/victoria-hospital/figures.csv').header('host', FIFE)
    csv.assertStatus(200)
    assert.include(csv.header('content-type'), 'text/csv')
    const lines = csv.text().trim().split('\r\n')
    assert.equal(lines.length, 1 + 12 + 1 + 2)
    assert.include(csv.text(), 'total,,,4,2,50,2')

    const area = (await client.get('/areas/kirkcaldy/figures').header('host', FIFE)).text()
    assert.include(area, '4 stories published')
    const tenantFigures = (await client.get('/figures').header('host', FIFE)).text()
    assert.include(tenantFigures, '5 stories published')
    const englandFigures = (await client.get('/figures').header('host', ENGLAND)).text()
    assert.include(englandFigures, '1 story published')
    /* A Fife service is not found through England's host. */
    ;(await client.get('/services/victoria-hospital/figures').header('host', ENGLAND)).assertStatus(
      404
    )
    ;(
      await client.get('/services/victoria-hospital/figures.csv').header('host', ENGLAND)
    ).assertStatus(404)
    ;(await client.get('/areas/kirkcaldy/figures').header('host', ENGLAND)).assertStatus(404)
    ;(await client.get('/areas/kirkcaldy/figures.csv').header('host', ENGLAND)).assertStatus(404)
  })

  test('the sitemap is valid XML and lists only public URLs of its own tenant', async ({
    client,
    assert,
  }) => {
    const { fife, england } = await demoDirectory()
    const shown = await makeStory(fife, WARD, { status: 'published', title: 'Shown' })
    const hidden = await makeStory(fife, WARD, { status: 'published', title: 'Hidden' })
    await tenancy.run(fife, async () => {
      await Story.query().where('id', hidden.id).update({ status: 'hidden' })
      await db.transaction((trx) => refreshListings([hidden.id], trx))
    })
    const waiting = await makeStory(fife, WARD, { title: 'Waiting' })
    const leeds = await makeStory(england, 'leeds-teaching-hospitals', { status: 'published' })

    const response = await client.get('/sitemap.xml').header('host', FIFE)
    response.assertStatus(200)
    assert.include(response.header('content-type'), 'application/xml')
    const xml = response.text()
    assert.match(
      xml,
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/
    )
    const locs = [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((match) => match[1])
    assert.isTrue(xml.trim().endsWith('</urlset>'))
    assert.equal(xml.match(/<url>/g)!.length, xml.match(/<\/url>/g)!.length)
    assert.isTrue(locs.every((loc) => loc.startsWith('http://fife.localhost')))
    assert.include(locs, `http://fife.localhost/stories/${shown.id}`)
    assert.include(locs, 'http://fife.localhost/services/victoria-hospital')
    assert.notInclude(locs, `http://fife.localhost/stories/${hidden.id}`)
    assert.notInclude(locs, `http://fife.localhost/stories/${waiting.id}`)
    assert.notInclude(locs.join(' '), 'leeds')
    assert.notInclude(locs, `http://fife.localhost/stories/${leeds.id}`)

    /* Past the page size, an index of pages. */
    const saved = limits.pageSize
    limits.pageSize = 10
    try {
      const index = (await client.get('/sitemap.xml').header('host', FIFE)).text()
      assert.include(index, '<sitemapindex')
      const pages = [
        ...index.matchAll(/<loc>http:\/\/fife.localhost(\/sitemaps\/\d+\.xml)<\/loc>/g),
      ]
      assert.equal(pages.length, 2)
      const storiesPage = (await client.get(pages[1][1]).header('host', FIFE)).text()
      assert.include(storiesPage, `/stories/${shown.id}<`)
      ;(await client.get('/sitemaps/3.xml').header('host', FIFE)).assertStatus(404)
      const englandStories = (await client.get('/sitemaps/2.xml').header('host', ENGLAND)).text()
      assert.notInclude(englandStories, `/stories/${shown.id}<`)
    } finally {
      limits.pageSize = saved
    }
  })

  test('robots.txt, icons from the brand, and no favicon 404', async ({ client, assert }) => {
    await demoDirectory()
    const robots = await client.get('/robots.txt').header('host', FIFE)
    robots.assertStatus(200)
    assert.include(robots.text(), 'Sitemap: http://fife.localhost/sitemap.xml')
    assert.include(robots.text(), 'Disallow: /staff/')
    const ico = await client.get('/favicon.ico').header('host', FIFE)
    ico.assertStatus(200)
    assert.equal(ico.header('content-type'), 'image/x-icon')
    const png = await client.get('/apple-touch-icon.png').header('host', FIFE)
    png.assertStatus(200)
    assert.equal(png.header('content-type'), 'image/png')
    const svg = await client.get('/icon.svg').header('host', FIFE)
    assert.equal(svg.header('content-type'), 'image/svg+xml')
    const manifest = await client.get('/site.webmanifest').header('host', FIFE)
    assert.include(manifest.text(), '"name":"Carevoice Fife"')
  })

  test('the home page shows the latest stories as cards, the figures and ways in', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const story = await makeStory(fife, WARD, {
      status: 'published',
      title: 'Home page story',
      publicBody: 'A long and careful account of a night on the ward. '.repeat(20),
    })
    const tag = await makeTag(fife, 'Kindness')
    await tagStory(fife, story, tag.id)
    await respond(fife, story, WARD, 5)
    const home = await client.get('/').header('host', FIFE)
    home.assertStatus(200)
    const html = home.text()
    assert.include(html, 'Home page story')
    assert.include(html, 'Ward 6 (Acute Medicine)')
    assert.include(html, '1 response')
    assert.include(html, 'Responded')
    assert.include(html, 'Kindness')
    assert.include(html, '…')
    assert.include(html, '1 story published')
    assert.include(html, 'action="/stories"')
    assert.include(html, 'href="/tell"')
    assert.include(html, 'href="/areas"')
    assert.include(html, '<meta name="description"')
    assert.include(html, '<link rel="canonical" href="http://fife.localhost/">')
    assert.include(html, 'property="og:title"')
    assert.include(html, 'href="/favicon.ico"')
    assert.include(html, 'href="/staff/sign-in"')
    for (const section of ['/stories', '/services', '/areas'])
      assert.include(html, `class="site-nav__link" href="${section}"`)
  })

  test('a Welsh page says its dates and months in Welsh', async ({ client, assert }) => {
    const { fife } = await demoDirectory()
    await tenancy.acrossTenants('enable Welsh', async () => {
      fife.enabledLocales = ['en-GB', 'cy']
      await fife.save()
    })
    const story = await makeStory(fife, WARD, {
      status: 'published',
      title: 'Stori',
      publishedAt: DateTime.fromISO('2026-03-01T12:00:00Z'),
    })
    const page = await client
      .get(`/stories/${story.id}`)
      .header('host', FIFE)
      .header('accept-language', 'cy')
    assert.include(page.text(), '<html lang="cy">')
    assert.include(page.text(), 'Cyhoeddwyd ar 1 Mawrth 2026')
  })

  test('the service page offers telling about it, its contact details and its charts', async ({
    client,
    assert,
  }) => {
    await demoDirectory()
    const html = (await client.get('/services/victoria-hospital').header('host', FIFE)).text()
    assert.include(html, 'href="/tell/story?service=victoria-hospital"')
    assert.include(html, 'Tell your story about Victoria Hospital')
    assert.include(html, 'href="/services/victoria-hospital/figures"')
  })
})
