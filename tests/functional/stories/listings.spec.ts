import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Area from '#models/area'
import Service from '#models/service'
import { moveService } from '#services/directory_tree'
import { updateService } from '#services/manage_directory'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { makeStory } from '#tests/helpers/stories'
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
      (await db.from('story_listings').where('story_id', id).count('* as total'))[0].total
    assert.isAbove(Number(await rows(story.id)), 3)
    await client
      .post(`/staff/moderation/${story.id}/hide`)
      .header('host', FIFE)
      .loginAs(moderator)
      .form({ reason: 'A reader reported a name.' })
      .withCsrfToken()
    assert.equal(Number(await rows(story.id)), 0)
    assert.isAbove(Number(await rows(englandStory.id)), 0)
    const listedTenants = await db
      .from('story_listings')
      .where('story_id', englandStory.id)
      .distinct('tenant_id')
    assert.deepEqual(
      listedTenants.map((row) => Number(row.tenant_id)),
      [england.id]
    )
  })
})
