import { test } from '@japa/runner'
import { csrfSecretOf } from '#tests/helpers/csrf_api_client'
import { CSRF_COOKIE } from '#middleware/csrf_middleware'
import { hideStory } from '#services/moderation/story_reports'
import db from '@adonisjs/lucid/services/db'
import type Tenant from '#models/tenant'
import { contentVersion, contentVersionReads } from '#services/reading/content_version'
import { publicPageCache } from '#services/reading/public_page_cache'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { makeStory } from '#tests/helpers/stories'
import { isolateEachTest, makeStaff, makeTenant } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'
const WARD = 'victoria-hospital-ward-6'

function setCookies(response: { headers(): Record<string, unknown> }) {
  const value = response.headers()['set-cookie']
  return (Array.isArray(value) ? value : value ? [value] : []) as string[]
}

/**
 * A session cookie the browser would keep. (The test client sends a session
 * id with every request; the app answers an empty one by clearing it.)
 */
function livingSessionCookie(response: { headers(): Record<string, unknown> }) {
  return setCookies(response).find(
    (cookie) =>
      cookie.startsWith('carevoice-session=') && !/Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(cookie)
  )
}

test.group('Public page cache', (group) => {
  isolateEachTest(group)
  group.each.setup(() => {
    publicPageCache.clear()
    publicPageCache.enabled = true
    return () => {
      publicPageCache.enabled = false
      publicPageCache.clear()
    }
  })

  test('a cached public page stops showing a story once it is hidden', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const story = await makeStory(fife, WARD, { status: 'published', title: 'Soon to be hidden' })
    const moderator = await makeStaff(fife, 'moderator', 'moderator@fife.test')
    const pages = ['/', `/services/${WARD}`, '/stories', '/feeds/stories.atom']
    for (const path of pages) {
      const first = (await client.get(path).header('host', FIFE)).text()
      assert.include(first, 'Soon to be hidden', path)
      /* The second reader is served the kept page. */
      const second = (await client.get(path).header('host', FIFE)).text()
      assert.include(second, 'Soon to be hidden', path)
    }

    await tenancy.run(fife, () => hideStory(story.id, 'A report was upheld', moderator))

    for (const path of pages) {
      const after = (await client.get(path).header('host', FIFE)).text()
      assert.notInclude(after, 'Soon to be hidden', path)
    }
    const gone = await client.get(`/stories/${story.id}`).header('host', FIFE)
    gone.assertStatus(410)
  })

  test('a browser that has the page gets 304 without a body, until the content changes', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    await makeStory(fife, WARD, { status: 'published', title: 'First story' })
    /* A page with a form (the language switcher) names the reader's CSRF secret: a returning browser has its cookie. */
    const visit = await client.get(`/services/${WARD}`).header('host', FIFE)
    const secret = csrfSecretOf(visit)
    const page = () =>
      client.get(`/services/${WARD}`).header('host', FIFE).withCookie(CSRF_COOKIE, secret)
    const first = await page()
    first.assertStatus(200)
    const etag = first.headers()['etag'] as string
    assert.match(etag, /^W\/"/)
    assert.include(first.headers()['cache-control'], 'no-cache')
    assert.include(first.headers()['vary'], 'Accept-Language')

    const again = await page().header('if-none-match', etag)
    again.assertStatus(304)
    assert.equal(again.text(), '')

    await makeStory(fife, WARD, { status: 'published', title: 'A newer story' })
    const changed = await page().header('if-none-match', etag)
    changed.assertStatus(200)
    assert.include(changed.text(), 'A newer story')
    assert.notEqual(changed.headers()['etag'], etag)
  })

  test('an anonymous reader gets no session cookie, and a form on a kept page still carries a working token of their own', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const story = await makeStory(fife, WARD, { status: 'published', title: 'Counted story' })
    for (const path of ['/', `/services/${WARD}`, '/stories?q=counted', `/stories/${story.id}`]) {
      const page = await client.get(path).header('host', FIFE)
      page.assertStatus(200)
      assert.notExists(livingSessionCookie(page), `${path} sets no session cookie`)
    }

    /* Two readers of the same kept page each get a token of their own secret. */
    const readerA = await client.get(`/stories/${story.id}`).header('host', FIFE)
    const readerB = await client.get(`/stories/${story.id}`).header('host', FIFE)
    const tokenOf = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)?.[1]
    const tokenA = tokenOf(readerA.text())
    assert.exists(tokenA)
    assert.notEqual(tokenA, tokenOf(readerB.text()))
    assert.notInclude(readerA.text(), 'carevoice-csrf-token-for-this-reader')
    const secretA = csrfSecretOf(readerA)
    assert.exists(secretA)

    const added = await client
      .post(`/stories/${story.id}/experienced`)
      .header('host', FIFE)
      .withCookie(CSRF_COOKIE, secretA)
      .form({ _csrf: tokenA })
      .redirects(0)
    added.assertStatus(302)
    assert.equal(added.headers()['location'], `/stories/${story.id}#experienced`)
    /* The thank-you is a flash message: now (and only now) there is a session. */
    assert.exists(livingSessionCookie(added))
  })

  test('a reader asking after a hide is confirmed gets the new content version, even while an older read runs', async ({
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const story = await makeStory(fife, WARD, { status: 'published', title: 'Read twice' })
    const moderator = await makeStaff(fife, 'moderator', 'moderator@fife.test')
    await tenancy.run(fife, async () => {
      const before = await contentVersion()
      const together = await Promise.all([contentVersion(), contentVersion(), contentVersion()])
      assert.deepEqual(together, [before, before, before])
      const running = contentVersion()
      await hideStory(story.id, 'A report was upheld', moderator)
      const after = await contentVersion()
      assert.isAbove(after, before)
      assert.isAtMost(await running, after)
    })
  })
})

test.group('Content version on its own connection', (group) => {
  let tenant: Tenant | null = null
  group.each.setup(() => {
    contentVersionReads.ownConnection = true
    return async () => {
      contentVersionReads.ownConnection = false
      if (tenant) await tenancy.acrossTenants('test clean-up', () => tenant!.delete())
      tenant = null
    }
  })

  test('a change committed is seen by the next read, on the connection the kept pages use', async ({
    assert,
  }) => {
    /* Committed, not in a test transaction: the reads' own connection must see it. */
    tenant = await makeTenant('version-check')
    const made = tenant
    const before = await tenancy.run(made, () => contentVersion())
    await db.rawQuery('update tenants set content_version = content_version + 1 where id = ?', [
      made.id,
    ])
    const after = await tenancy.run(made, () => contentVersion())
    assert.equal(after, before + 1)
  })
})
