import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import Response from '#models/response'
import Service from '#models/service'
import type Story from '#models/story'
import type Tenant from '#models/tenant'
import { escapeXml, FEED_SIZE } from '#services/notifications/feeds'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { makeStory, tagStory, makeTag } from '#tests/helpers/stories'
import { isolateEachTest } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'
const ATOM = 'http://www.w3.org/2005/Atom'

type XmlElement = {
  name: string
  attributes: Record<string, string>
  children: XmlElement[]
  text: string
}

/**
 * A strict little XML parser, enough for Atom: elements, attributes, text,
 * the five predefined entities and character references. It throws on
 * anything not well-formed (a stray `&` or `<`, a mismatched end tag, a
 * character XML 1.0 forbids).
 */
function parseXml(source: string): XmlElement {
  if (/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(source)) {
    throw new Error('a character XML 1.0 forbids')
  }
  let at = 0
  const fail = (why: string): never => {
    throw new Error(`${why} at ${at}: ${source.slice(at, at + 40)}`)
  }
  const skipSpace = () => {
    while (at < source.length && ' \t\r\n'.includes(source[at])) at++
  }
  const name = () => {
    const start = at
    while (at < source.length && /[\w:.-]/.test(source[at])) at++
    if (start === at) fail('a name expected')
    return source.slice(start, at)
  }
  const decode = (raw: string) => {
    if (raw.includes('<')) fail('a raw <')
    return raw.replace(/&([^;]*);|&/g, (whole, entity: string | undefined) => {
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
      if (entity === undefined) return fail('a bare &')
      if (entity in named) return named[entity]
      if (/^#x[0-9a-f]+$/i.test(entity))
        return String.fromCodePoint(Number.parseInt(entity.slice(2), 16))
      if (/^#\d+$/.test(entity)) return String.fromCodePoint(Number(entity.slice(1)))
      return fail(`an unknown entity ${whole}`)
    })
  }
  const element = (): XmlElement => {
    if (source[at] !== '<') fail('< expected')
    at++
    const node: XmlElement = { name: name(), attributes: {}, children: [], text: '' }
    for (;;) {
      skipSpace()
      if (source.startsWith('/>', at)) {
        at += 2
        return node
      }
      if (source[at] === '>') {
        at++
        break
      }
      const attribute = name()
      skipSpace()
      if (source[at] !== '=') fail('= expected')
      at++
      skipSpace()
      const quote = source[at]
      if (quote !== '"' && quote !== "'") fail('a quote expected')
      const end = source.indexOf(quote, at + 1)
      if (end < 0) fail('an unterminated attribute')
      if (attribute in node.attributes) fail('a repeated attribute')
      node.attributes[attribute] = decode(source.slice(at + 1, end))
      at = end + 1
    }
    for (;;) {
      if (at >= source.length) fail(`</${node.name}> missing`)
      if (source.startsWith('</', at)) {
        at += 2
        if (name() !== node.name) fail(`</${node.name}> expected`)
        skipSpace()
        if (source[at] !== '>') fail('> expected')
        at++
        return node
      }
      if (source[at] === '<') {
        node.children.push(element())
        continue
      }
      const end = source.indexOf('<', at)
      node.text += decode(source.slice(at, end < 0 ? source.length : end))
      at = end < 0 ? source.length : end
    }
  }
  if (source.startsWith('<?xml')) at = source.indexOf('?>') + 2
  skipSpace()
  const root = element()
  skipSpace()
  if (at !== source.length) fail('content after the root element')
  return root
}

function child(node: XmlElement, name: string) {
  return node.children.find((each) => each.name === name)
}

function childrenNamed(node: XmlElement, name: string) {
  return node.children.filter((each) => each.name === name)
}

/** Checks what RFC 4287 requires of a feed and of each entry; returns the entries. */
function assertAtom(assert: { equal: Function; exists: Function; isTrue: Function }, xml: string) {
  const feed = parseXml(xml)
  assert.equal(feed.name, 'feed')
  assert.equal(feed.attributes.xmlns, ATOM)
  for (const required of ['id', 'title', 'updated', 'author']) {
    assert.exists(child(feed, required), `feed <${required}>`)
  }
  assert.exists(child(child(feed, 'author')!, 'name'))
  assert.isTrue(DateTime.fromISO(child(feed, 'updated')!.text).isValid)
  const links = childrenNamed(feed, 'link')
  assert.exists(links.find((link) => link.attributes.rel === 'self'))
  assert.exists(links.find((link) => link.attributes.rel === 'alternate'))
  const entries = childrenNamed(feed, 'entry')
  for (const entry of entries) {
    for (const required of ['id', 'title', 'updated', 'published', 'content']) {
      assert.exists(child(entry, required), `entry <${required}>`)
    }
    assert.equal(child(entry, 'content')!.attributes.type, 'text')
    assert.isTrue(DateTime.fromISO(child(entry, 'updated')!.text).isValid)
    const alternate = childrenNamed(entry, 'link').find(
      (link) => link.attributes.rel === 'alternate'
    )
    assert.exists(alternate)
    assert.isTrue(new URL(alternate!.attributes.href).pathname.startsWith('/stories/'))
  }
  return { feed, entries }
}

const titles = (entries: XmlElement[]) => entries.map((entry) => child(entry, 'title')!.text)

async function respond(tenant: Tenant, story: Story, serviceRef: string, body: string) {
  return tenancy.run(tenant, async () => {
    const service = await Service.findByOrFail('ref', serviceRef)
    return Response.create({
      storyId: story.id,
      serviceId: service.id,
      authorName: 'Dr Ann Example',
      authorJobTitle: 'Ward manager',
      body,
      editableUntil: DateTime.now().plus({ minutes: 30 }),
    })
  })
}

async function fetchFeed(client: any, path: string, host = FIFE) {
  return client.get(path).header('host', host)
}

test.group('Atom feeds', (group) => {
  isolateEachTest(group)

  test('text is escaped, and characters XML 1.0 forbids are removed', ({ assert }) => {
    assert.equal(
      escapeXml(`<b>"Tom" & 'Jerry'</b>`),
      '&lt;b&gt;&quot;Tom&quot; &amp; &apos;Jerry&apos;&lt;/b&gt;'
    )
    assert.equal(
      escapeXml('a\u0000b\u0008c\u000Bd\u000Ce\u001Ff\uFFFEg\uFFFFh\uD800i'),
      'abcdefghi'
    )
    assert.equal(escapeXml('tab\there\nline\r😀 é'), 'tab\there\nline\r😀 é')
    const hostile = `]]><x>&amp;\u0001</x>`
    assert.equal(parseXml(`<t>${escapeXml(hostile)}</t>`).text, ']]><x>&amp;</x>')
    assert.throws(() => parseXml('<t>a & b</t>'))
    assert.throws(() => parseXml('<t>\u0001</t>'))
  })

  test('the site feed is valid Atom: stories and responses, newest first, everything escaped', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const older = await makeStory(fife, 'victoria-hospital-ward-6', {
      status: 'published',
      title: 'An older story',
    })
    await tenancy.run(fife, async () => {
      older.publishedAt = DateTime.now().minus({ days: 2 })
      await older.save()
    })
    const tricky = await makeStory(fife, 'cameron-hospital', {
      status: 'published',
      title: `Tea & "biscuits" <b>at</b> 3am\u0007`,
    })
    await respond(fife, older, 'victoria-hospital', 'Thank you & <well> done.\u001B')

    const response = await fetchFeed(client, '/feeds/stories.atom')
    response.assertStatus(200)
    assert.equal(response.header('content-type'), 'application/atom+xml; charset=utf-8')
    const { feed, entries } = assertAtom(assert, response.text())
    assert.include(child(feed, 'title')!.text, 'Carevoice Fife')
    assert.equal(
      childrenNamed(feed, 'link').find((link) => link.attributes.rel === 'self')!.attributes.href,
      'http://fife.localhost/feeds/stories.atom'
    )
    assert.deepEqual(titles(entries), [
      'Victoria Hospital responded to “An older story”',
      'Tea & "biscuits" <b>at</b> 3am',
      'An older story',
    ])
    const answer = entries[0]
    assert.equal(child(answer, 'content')!.text, 'Thank you & <well> done.')
    assert.include(child(child(answer, 'author')!, 'name')!.text, 'Victoria Hospital')
    assert.include(
      childrenNamed(answer, 'link')[0].attributes.href,
      `/stories/${older.id}#response-`
    )
    assert.equal(child(entries[1], 'content')!.text, 'The night nurse was kind to my dad.')
    assert.notEqual(child(entries[0], 'id')!.text, child(entries[2], 'id')!.text)
    assert.include(childrenNamed(entries[1], 'link')[0].attributes.href, `/stories/${tricky.id}`)
  })

  test('a feed has at most 50 entries', async ({ client, assert }) => {
    const { fife } = await demoDirectory()
    for (let index = 0; index < FEED_SIZE + 3; index++) {
      await makeStory(fife, 'victoria-hospital-ward-6', {
        status: 'published',
        title: `Story ${index}`,
      })
    }
    const { entries } = assertAtom(assert, (await fetchFeed(client, '/feeds/stories.atom')).text())
    assert.lengthOf(entries, FEED_SIZE)
  })

  test('feeds never include unpublished, hidden, withdrawn or other tenants’ stories or their responses', async ({
    client,
    assert,
  }) => {
    const { fife, england } = await demoDirectory()
    const tag = await makeTag(fife, 'Kindness')
    const stories: Story[] = []
    for (const status of [
      'published',
      'awaiting_moderation',
      'unconfirmed',
      'hidden',
      'withdrawn',
      'rejected',
      'escalated',
    ] as const) {
      const story = await makeStory(fife, 'victoria-hospital-ward-6', {
        status,
        title: `Story ${status}`,
      })
      await tagStory(fife, story, tag.id)
      if (status !== 'published') {
        /* As if it had been published once: a public title, a date and a response. */
        await tenancy.run(fife, async () => {
          story.merge({
            publicTitle: `Story ${status}`,
            publicBody: 'Once public.',
            publishedAt: DateTime.now(),
          })
          await story.save()
        })
      }
      await respond(fife, story, 'victoria-hospital-ward-6', `Response to ${status}`)
      stories.push(story)
    }
    const englandStory = await makeStory(england, 'leeds-teaching-hospitals', {
      status: 'published',
      title: 'Story from England',
    })
    await respond(england, englandStory, 'leeds-teaching-hospitals', 'Response in England')

    for (const path of [
      '/feeds/stories.atom',
      '/services/victoria-hospital/feed.atom',
      '/services/victoria-hospital-ward-6/feed.atom',
      '/areas/kirkcaldy/feed.atom',
      '/areas/fife/feed.atom',
      `/tags/${tag.id}/feed.atom`,
    ]) {
      const response = await fetchFeed(client, path)
      response.assertStatus(200)
      const { entries } = assertAtom(assert, response.text())
      assert.sameMembers(
        titles(entries),
        ['Story published', 'Ward 6 (Acute Medicine) responded to “Story published”'],
        path
      )
      assert.notInclude(response.text(), 'England', path)
      assert.notInclude(response.text(), 'Fiona McLeod', path)
    }
  })

  test('a service feed covers its subtree, an area feed its localities, a tag feed its tag', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const tag = await makeTag(fife, 'Kindness')
    const ward = await makeStory(fife, 'victoria-hospital-ward-6', {
      status: 'published',
      title: 'On the ward',
    })
    await makeStory(fife, 'queen-margaret-hospital', {
      status: 'published',
      title: 'In Dunfermline',
    })
    await makeStory(fife, 'fife-hscp-care-at-home', { status: 'published', title: 'At home' })
    await tagStory(fife, ward, tag.id)

    const feedTitles = async (path: string) =>
      titles(assertAtom(assert, (await fetchFeed(client, path)).text()).entries)
    assert.sameMembers(await feedTitles('/services/victoria-hospital/feed.atom'), ['On the ward'])
    assert.sameMembers(await feedTitles('/services/nhs-fife/feed.atom'), [
      'On the ward',
      'In Dunfermline',
    ])
    assert.sameMembers(await feedTitles('/areas/kirkcaldy/feed.atom'), ['On the ward'])
    assert.sameMembers(await feedTitles('/areas/fife/feed.atom'), [
      'On the ward',
      'In Dunfermline',
      'At home',
    ])
    assert.sameMembers(await feedTitles(`/tags/${tag.id}/feed.atom`), ['On the ward'])
  })

  test('a feed of England’s service, area or tag on Fife’s host is a 404', async ({
    client,
    assert,
  }) => {
    const { england } = await demoDirectory()
    const tag = await makeTag(england, 'Kindness')
    await makeStory(england, 'leeds-teaching-hospitals', {
      status: 'published',
      title: 'Story from England',
    })
    for (const path of [
      '/services/leeds-teaching-hospitals/feed.atom',
      '/areas/london/feed.atom',
      `/tags/${tag.id}/feed.atom`,
      '/tags/not-a-number/feed.atom',
    ]) {
      const response = await fetchFeed(client, path)
      response.assertStatus(404)
      assert.notInclude(response.text(), 'Story from England', path)
    }
    const own = await fetchFeed(
      client,
      '/services/leeds-teaching-hospitals/feed.atom',
      'england.localhost'
    )
    own.assertStatus(200)
    assert.include(own.text(), 'Story from England')
  })

  test('pages announce their feed in the head and link to it', async ({ client, assert }) => {
    await demoDirectory()
    for (const [path, feed] of [
      ['/', '/feeds/stories.atom'],
      ['/services/victoria-hospital', '/services/victoria-hospital/feed.atom'],
      ['/areas/kirkcaldy', '/areas/kirkcaldy/feed.atom'],
    ]) {
      const page = await client.get(path).header('host', FIFE)
      page.assertStatus(200)
      const head = page.text().split('</head>')[0]
      assert.include(head, `<link rel="alternate" type="application/atom+xml"`, path)
      assert.include(head, `href="${feed}"`, path)
      assert.include(page.text().split('</head>')[1], `href="${feed}"`, path)
    }
  })
})
