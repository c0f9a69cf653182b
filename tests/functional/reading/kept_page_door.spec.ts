import { test } from '@japa/runner'
import { hideStory } from '#services/moderation/story_reports'
import { keptPageDoors, publicPageCache } from '#services/reading/public_page_cache'
import {
  contentVersionOf,
  contentVersionReads,
  forgetContentVersions,
} from '#services/reading/content_version'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { makeStory } from '#tests/helpers/stories'
import { Visitor } from '#tests/helpers/visitor'
import { TEST_PASSWORD, isolateEachTest, makeStaff } from '#tests/helpers/tenants'

/*
 * The kept-page door (app/middleware/kept_page_middleware.ts) answers a
 * public page before the router for a reader without a session. These
 * tests use real browsers' requests (Visitor): the test client's own
 * session cookie would always take the whole way.
 */
const FIFE = 'fife.localhost'
const AYRSHIRE = 'ayrshire-arran.localhost'
const WARD = 'victoria-hospital-ward-6'

const tokenOf = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)?.[1]

test.group('Kept-page door', (group) => {
  isolateEachTest(group)
  group.each.setup(() => {
    publicPageCache.clear()
    publicPageCache.enabled = true
    return () => {
      publicPageCache.enabled = false
      publicPageCache.clear()
    }
  })

  test('a second reader is answered at the door with the same page and headers, and a token of their own that works', async ({
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const story = await makeStory(fife, WARD, { status: 'published', title: 'At the door' })
    const first = await new Visitor(FIFE).get(`/stories/${story.id}`)
    assert.equal(first.status, 200)
    const before = keptPageDoors.answered

    const reader = new Visitor(FIFE)
    const second = await reader.get(`/stories/${story.id}`)
    assert.equal(keptPageDoors.answered, before + 1, 'answered at the door')
    assert.equal(second.status, 200)
    assert.include(second.text, 'At the door')
    for (const name of [
      'content-security-policy',
      'x-frame-options',
      'strict-transport-security',
      'x-content-type-options',
      'vary',
      'referrer-policy',
      'content-type',
    ]) {
      assert.equal(second.headers[name], first.headers[name], name)
    }
    /* Compressed once for everyone, with this reader's own token inside. */
    assert.equal(second.headers['content-encoding'], 'gzip')
    assert.equal(Number(second.headers['content-length']), second.wireBytes)
    assert.isBelow(second.wireBytes, Buffer.byteLength(second.text) / 2)
    assert.notInclude(second.text, 'carevoice-csrf-token-for-this-reader')
    assert.notEqual(tokenOf(second.text), tokenOf(first.text))
    assert.equal(
      second.text.replaceAll(tokenOf(second.text)!, 'T'),
      first.text.replaceAll(tokenOf(first.text)!, 'T'),
      'the same page'
    )

    /* The door's token goes with the cookie it set: the form works. */
    const added = await reader.post(`/stories/${story.id}/experienced`)
    assert.equal(added.status, 302)
    assert.equal(added.location, `/stories/${story.id}#experienced`)
  })

  test('a browser that takes no gzip gets the page as it is, with its own token that works', async ({
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const story = await makeStory(fife, WARD, { status: 'published', title: 'Plain at the door' })
    await new Visitor(FIFE).get(`/stories/${story.id}`)
    const before = keptPageDoors.answered
    const reader = new Visitor(FIFE)
    reader.acceptEncoding = 'identity'
    const page = await reader.get(`/stories/${story.id}`)
    assert.equal(keptPageDoors.answered, before + 1)
    assert.isUndefined(page.headers['content-encoding'])
    assert.equal(Number(page.headers['content-length']), Buffer.byteLength(page.text))
    assert.include(page.text, 'Plain at the door')
    assert.match(String(page.headers['vary']), /Accept-Encoding/)
    const reported = await reader.post(`/stories/${story.id}/experienced`)
    assert.equal(reported.status, 302)
    assert.equal(reported.location, `/stories/${story.id}#experienced`)
  })

  test('a story hidden is gone at the door at once, and a browser holding the old page is not told it is still good', async ({
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const story = await makeStory(fife, WARD, { status: 'published', title: 'Hidden at the door' })
    const moderator = await makeStaff(fife, 'moderator', 'moderator@fife.test')
    const pages = ['/', `/services/${WARD}`, '/stories', '/feeds/stories.atom']
    const reader = new Visitor(FIFE)
    const etags = new Map<string, string>()
    for (const path of pages) await new Visitor(FIFE).get(path)
    const before = keptPageDoors.answered
    for (const path of pages) {
      const page = await reader.get(path)
      assert.include(page.text, 'Hidden at the door', path)
      etags.set(path, String(page.headers['etag']))
    }
    assert.equal(keptPageDoors.answered, before + pages.length)

    await tenancy.run(fife, () => hideStory(story.id, 'A report was upheld', moderator))

    for (const path of pages) {
      const after = await reader.get(path)
      assert.equal(after.status, 200, path)
      assert.notInclude(after.text, 'Hidden at the door', path)
      assert.notEqual(after.headers['etag'], etags.get(path), path)
    }
  })

  test('nobody signed in, another host or another language is ever answered with a kept page', async ({
    assert,
  }) => {
    const { fife } = await demoDirectory()
    await fife.merge({ enabledLocales: ['en-GB', 'gd'] }).save()
    await makeStaff(fife, 'moderator', 'moderator@fife.test', { name: 'Morag Door' })
    await new Visitor(FIFE).get(`/services/${WARD}`)
    await new Visitor(FIFE).get(`/services/${WARD}`)
    const before = keptPageDoors.answered

    const staff = new Visitor(FIFE)
    await staff.signIn('moderator@fife.test', TEST_PASSWORD)
    const signedIn = await staff.get(`/services/${WARD}`)
    assert.equal(signedIn.status, 200)
    assert.isTrue(await staff.isSignedIn())

    const other = await new Visitor(AYRSHIRE).get(`/services/${WARD}`)
    assert.notInclude(other.text, 'Carevoice Fife')

    const gaelic = new Visitor(FIFE)
    await gaelic.get('/')
    await gaelic.post('/language', { locale: 'gd' })
    const inGaelic = await gaelic.get(`/services/${WARD}`)
    assert.include(inGaelic.text, '<html lang="gd"')
    assert.equal(keptPageDoors.answered, before, 'none of these came from the door')
  })

  test('a change of the tenant sends the next reader the whole way, and they see it', async ({
    assert,
  }) => {
    const { fife } = await demoDirectory()
    await new Visitor(FIFE).get('/')
    await new Visitor(FIFE).get('/')
    const before = keptPageDoors.answered

    await tenancy.run(fife, () => fife.merge({ name: 'Carevoice Fife (renamed)' }).save())
    const after = await new Visitor(FIFE).get('/')
    assert.include(after.text, 'Carevoice Fife (renamed)')
    assert.equal(keptPageDoors.answered, before)
  })

  test('within the version lease readers share one read, and a hide is answered only once the lease is past, so the next reader never sees it', async ({
    assert,
    client,
    cleanup,
  }) => {
    /* A lease long enough that a hide answered without waiting it out would show the story. */
    contentVersionReads.leaseMs = 600
    forgetContentVersions()
    cleanup(() => {
      contentVersionReads.leaseMs = 0
      forgetContentVersions()
    })
    const { fife } = await demoDirectory()
    const story = await makeStory(fife, WARD, { status: 'published', title: 'Leased then hidden' })
    const moderator = await makeStaff(fife, 'moderator', 'moderator@fife.test')

    const made = contentVersionReads.made
    const first = await contentVersionOf(fife.id)
    assert.equal(await contentVersionOf(fife.id), first)
    assert.equal(contentVersionReads.made, made + 1, 'one read for both within the lease')

    await new Visitor(FIFE).get(`/stories/${story.id}`)
    const kept = await new Visitor(FIFE).get(`/stories/${story.id}`)
    assert.include(kept.text, 'Leased then hidden')

    const asked = performance.now()
    const hidden = await client
      .post(`/staff/moderation/${story.id}/hide`)
      .header('host', FIFE)
      .loginAs(moderator)
      .form({ reason: 'A reader reported a name we missed.' })
      .withCsrfToken()
      .redirects(0)
    hidden.assertStatus(302)
    assert.isAtLeast(performance.now() - asked, 600, 'answered before the lease was out')

    const after = await new Visitor(FIFE).get(`/stories/${story.id}`)
    assert.equal(after.status, 410)
    assert.notInclude(after.text, 'Leased then hidden')
  })
})
