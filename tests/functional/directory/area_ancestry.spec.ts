import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import Area from '#models/area'
import Subscription from '#models/subscription'
import { notifySubscribers } from '#services/notifications/notify_subscribers'
import { refreshListings } from '#services/stories/story_listings'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { makeStory } from '#tests/helpers/stories'
import { isolateEachTest, makeStaff } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'

test.group('Area ancestry', (group) => {
  isolateEachTest(group)

  test('an area cannot be moved inside its own grandchild, and nothing changes', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    const { top, grandchild } = await tenancy.run(fife, async () => {
      const first = await Area.create({ name: 'Scotland', slug: 'scotland', parentId: null })
      const middle = await Area.create({ name: 'East', slug: 'east', parentId: first.id })
      const last = await Area.create({ name: 'Coast', slug: 'coast', parentId: middle.id })
      return { top: first, grandchild: last }
    })
    const move = (parentId: number) =>
      client
        .put(`/staff/directory/areas/${top.id}`)
        .header('host', FIFE)
        .loginAs(admin)
        .form({ name: 'Scotland', parentId })
        .withCsrfToken()
        .redirects(0)
    ;(await move(grandchild.id)).assertStatus(302)
    await tenancy.run(fife, () => top.refresh())
    assert.isNull(top.parentId)

    /* The same request with a parent outside its subtree is accepted. */
    const elsewhere = await tenancy.run(fife, () => Area.findByOrFail('slug', 'kirkcaldy'))
    ;(await move(elsewhere.id)).assertStatus(302)
    await tenancy.run(fife, () => top.refresh())
    assert.equal(top.parentId, elsewhere.id)
  })

  test('a subscriber to an area two levels up hears of a story in it, as its area page lists it', async ({
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife } = await demoDirectory()
    const story = await makeStory(fife, 'victoria-hospital-ward-6', { status: 'published' })
    await tenancy.run(fife, async () => {
      const scotland = await Area.create({ name: 'Scotland', slug: 'scotland', parentId: null })
      const region = await Area.findByOrFail('slug', 'fife')
      region.parentId = scotland.id
      await region.save()
      await Subscription.create({
        email: 'scotland@example.test',
        locale: 'en-GB',
        targetType: 'area',
        areaId: scotland.id,
        confirmedAt: region.createdAt,
        unsubscribeTokenHash: 'x'.repeat(43),
      })
      await db.transaction(async (trx) => {
        await refreshListings([story.id], trx)
        assert.equal(await notifySubscribers(story.id, trx), 1)
      })
    })
    assert.deepEqual(
      fake.messages.queued().map((message) => String(message.nodeMailerMessage.to)),
      ['scotland@example.test']
    )
  })

  test('a cycle already in the data does not make the listings query run forever', async ({
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const story = await makeStory(fife, 'victoria-hospital-ward-6', { status: 'published' })
    await tenancy.run(fife, async () => {
      const kirkcaldy = await Area.findByOrFail('slug', 'kirkcaldy')
      /* Bypassing the directory's checks on purpose: Fife inside Kirkcaldy inside Fife. */
      await Area.query().where('slug', 'fife').update({ parentId: kirkcaldy.id })
      await db.transaction((trx) => refreshListings([story.id], trx))
      const listed = await db.transaction((trx) =>
        trx.from('story_listings').where('story_id', story.id).where('kind', 'area')
      )
      assert.lengthOf(listed, 2)
    })
  }).timeout(10_000)
})
