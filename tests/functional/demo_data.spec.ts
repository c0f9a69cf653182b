import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import DemoSeed from '#commands/demo_seed'
import Tenant from '#models/tenant'
import User from '#models/user'
import Story from '#models/story'
import { tenancy } from '#tenancy/context'
import { DEMO_PASSWORD } from '#services/platform/demo_data'
import { DEMO_READING_STORIES } from '#services/platform/demo_reading_data'
import { isolateEachTest } from '#tests/helpers/tenants'

test.group('Demo data', (group) => {
  isolateEachTest(group)

  test('seeds the three demo tenants with distinct themes, and staff who can sign in', async ({
    client,
    assert,
  }) => {
    const ace = await app.container.make('ace')
    ace.ui.switchMode('raw')
    const first = await ace.create(DemoSeed, ['--if-empty'])
    await first.exec()
    first.assertSucceeded()
    const again = await ace.create(DemoSeed, ['--if-empty'])
    await again.exec()
    again.assertSucceeded()
    ace.ui.switchMode('normal')

    const tenants = await Tenant.query().orderBy('slug')
    assert.deepEqual(
      tenants.map((tenant) => tenant.slug),
      ['ayrshire-arran', 'england', 'fife']
    )
    const brands = new Set(tenants.map((tenant) => tenant.theme.colours?.brand))
    assert.equal(brands.size, 3)

    for (const host of ['england.localhost', 'fife.localhost', 'ayrshire-arran.localhost']) {
      ;(await client.get('/').header('host', host)).assertStatus(200)
    }
    ;(await client.get('/').header('host', 'www.fife.localhost').redirects(0)).assertStatus(301)

    const fife = tenants.find((tenant) => tenant.slug === 'fife')!
    const states = await tenancy.run(fife, async () =>
      (await Story.all()).map((story) => story.status).sort()
    )
    /* Every state a story can be in, and 42 more published stories to read. */
    assert.deepEqual(states, [
      'awaiting_moderation',
      'escalated',
      'hidden',
      'needs_author_input',
      ...Array(2 + DEMO_READING_STORIES).fill('published'),
      'rejected',
      'unconfirmed',
      'withdrawn',
    ])
    /* The first published story is the one with a demo response. */
    const published = await tenancy.run(fife, async () =>
      Story.query().where('status', 'published').orderBy('id').firstOrFail()
    )
    const publishedPage = await client
      .get(`/stories/${published.id}`)
      .header('host', 'fife.localhost')
    publishedPage.assertStatus(200)
    assert.include(publishedPage.text(), 'Change made')
    /* Its tags lead to tag pages that list it. */
    const tagLink = publishedPage.text().match(/href="(\/tags\/\d+)"/)
    assert.exists(tagLink, 'a published demo story is tagged')
    const tagPage = await client.get(tagLink![1]).header('host', 'fife.localhost')
    assert.include(tagPage.text(), published.publicTitle!)

    await User.verifyCredentials('moderator@fife.carevoice.test', DEMO_PASSWORD)
    const signedIn = await client
      .post('/staff/sign-in')
      .header('host', 'fife.localhost')
      .form({ email: 'moderator@fife.carevoice.test', password: DEMO_PASSWORD })
      .withCsrfToken()
      .redirects(0)
    assert.equal(signedIn.header('location'), '/staff')
  })
})
