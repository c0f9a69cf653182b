import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Area from '#models/area'
import Service from '#models/service'
import { moveService } from '#services/directory/directory_tree'
import { updateService } from '#services/directory/manage_directory'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { makeStory, tagStory, makeTag } from '#tests/helpers/stories'
import { DateTime } from 'luxon'
import { refreshListings } from '#services/stories/story_listings'
import { isolateEachTest, makeStaff } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'

test.group('Where published stories are listed', (group) => {
  isolateEachTest(group)

  test('a story moves with its service: after a move it is listed under the new hospital only', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    await makeStory(fife, 'victoria-hospital-ward-6', {
      status: 'published',
      title: 'A ward that moves',
    })
    const page = async (path: string) => (await client.get(path).header('host', FIFE)).text()
    assert.include(await page('/services/victoria-hospital'), 'A ward that moves')
    assert.notInclude(await page('/services/queen-margaret-hospital'), 'A ward that moves')

    await tenancy.run(fife, async () => {
      const ward = await Service.findByOrFail('ref', 'victoria-hospital-ward-6')
      await moveService(ward, await Service.findByOrFail('ref', 'queen-margaret-hospital'))
    })
    assert.notInclude(await page('/services/victoria-hospital'), 'A ward that moves')
    assert.include(await page('/services/queen-margaret-hospital'), 'A ward that moves')
    assert.include(await page('/services/nhs-fife'), 'A ward that moves')
  })

  test('a service moved to another area takes its stories to that area’s page', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    await makeStory(fife, 'victoria-hospital-ward-6', {
      status: 'published',
      title: 'A ward changing area',
    })
    const page = async (path: string) => (await client.get(path).header('host', FIFE)).text()
    assert.include(await page('/areas/kirkcaldy'), 'A ward changing area')
    await tenancy.run(fife, async () => {
      const ward = await Service.findByOrFail('ref', 'victoria-hospital-ward-6')
      const dunfermline = await Area.findByOrFail('slug', 'dunfermline')
      await updateService(
        ward.id,
        {
          ref: ward.ref,
          name: ward.name,
          kind: ward.kind,
          parentRef: 'victoria-hospital',
          areaId: dunfermline.id,
        } as never,
        null
      )
    })
    assert.notInclude(await page('/areas/kirkcaldy'), 'A ward changing area')
    assert.include(await page('/areas/dunfermline'), 'A ward changing area')
  })

  test('hiding a story removes it from the listings; other tenants’ listings are untouched', async ({
    client,
    assert,
  }) => {
    const { fife, england } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const story = await makeStory(fife, 'victoria-hospital-ward-6', { status: 'published' })
    const englandStory = await makeStory(england, 'leeds-teaching-hospitals', {
      status: 'published',
    })
    const rows = async (id: number) =>
      tenancy.acrossTenants('count listings of both tenants', async () => {
        const [row] = await db.from('story_listings').where('story_id', id).count('* as total')
        return row.total
      })
    assert.isAbove(Number(await rows(story.id)), 3)
    await client
      .post(`/staff/moderation/${story.id}/hide`)
      .header('host', FIFE)
      .loginAs(moderator)
      .form({ reason: 'A reader reported a name.' })
      .withCsrfToken()
    assert.equal(Number(await rows(story.id)), 0)
    assert.isAbove(Number(await rows(englandStory.id)), 0)
    const listedTenants = await tenancy.acrossTenants('inspect every tenant', async () =>
      db.from('story_listings').where('story_id', englandStory.id).distinct('tenant_id')
    )
    assert.deepEqual(
      listedTenants.map((row) => Number(row.tenant_id)),
      [england.id]
    )
  })

  test('service, area and tag pages list by cursor, newest first, never repeating a story, ties broken by id', async ({
    client,
    assert,
  }) => {
    const { fife, england } = await demoDirectory()
    const tag = await makeTag(fife, 'Kindness')
    const englandTag = await makeTag(england, 'England kindness')
    /* 52 stories a minute apart, except the last three, published at one instant across the page break. */
    const base = DateTime.now().startOf('minute')
    for (let index = 0; index < 52; index++) {
      const story = await makeStory(fife, 'victoria-hospital-ward-6', {
        status: 'published',
        title: `Numbered story ${String(index).padStart(2, '0')}`,
      })
      await tenancy.run(fife, async () => {
        story.publishedAt = base.minus({ minutes: Math.min(index, 49) })
        await story.save()
        await db.transaction((trx) => refreshListings([story.id], trx))
      })
      await tagStory(fife, story, tag.id)
    }
    const ward = await tenancy.run(fife, () =>
      Service.query().where('ref', 'victoria-hospital-ward-6').preload('area').firstOrFail()
    )

    for (const path of [
      '/services/victoria-hospital-ward-6',
      '/services/nhs-fife',
      `/areas/${ward.area!.slug}`,
      `/tags/${tag.id}`,
    ]) {
      const first = (await client.get(path).header('host', FIFE)).text()
      const titles = (html: string) => [...html.matchAll(/Numbered story (\d\d)/g)].map((m) => m[1])
      const onFirst = titles(first)
      assert.lengthOf(onFirst, 50, path)
      assert.deepEqual(onFirst.slice(0, 3), ['00', '01', '02'], path)
      const older = first.match(/href="([^"]*\?stories=[^"]+)">Older stories</)
      assert.exists(older, `${path} links to older stories`)
      const second = (
        await client.get(older![1].replaceAll('&amp;', '&')).header('host', FIFE)
      ).text()
      const onSecond = titles(second)
      assert.lengthOf(onSecond, 2, path)
      assert.sameMembers(
        [...onFirst, ...onSecond],
        [...Array(52).keys()].map((n) => String(n).padStart(2, '0'))
      )
      assert.notInclude(second, '>Older stories<', `${path}: the last page links nowhere older`)
    }

    const tagPage = (await client.get(`/tags/${tag.id}`).header('host', FIFE)).text()
    assert.include(tagPage, 'What was good?')
    assert.include(tagPage, `href="/tags/${tag.id}/feed.atom"`)
    assert.notInclude(tagPage, 'Nurse Fiona McLeod')
    for (const path of [`/tags/${englandTag.id}`, '/tags/abc', '/tags/99999999999'])
      (await client.get(path).header('host', FIFE)).assertStatus(404)
    /* A junk cursor is the first page. */
    const junk = (
      await client.get(`/tags/${tag.id}?stories=nonsense|<x>`).header('host', FIFE)
    ).text()
    assert.include(junk, 'Numbered story 00')
  })
})
