import { test } from '@japa/runner'
import Service from '#models/service'
import Area from '#models/area'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { CANARY_MARKER, isolateEachTest, makeCanaryTenant } from '#tests/helpers/tenants'

async function withCanaryDirectory() {
  const canary = await makeCanaryTenant()
  await tenancy.run(canary, async () => {
    const area = await Area.create({ name: `${CANARY_MARKER} Kirkcaldy`, slug: 'kirkcaldy' })
    await Service.create({
      ref: 'victoria-hospital',
      slug: 'victoria-hospital',
      name: `${CANARY_MARKER} Victoria Hospital`,
      kind: 'hospital',
      areaId: area.id,
      path: '',
      status: 'open',
    })
  })
}

test.group('Public directory pages', (group) => {
  isolateEachTest(group)

  test('browse by area, an area, a service with its place in the tree', async ({
    client,
    assert,
  }) => {
    await demoDirectory()
    const areas = await client.get('/areas').header('host', 'fife.localhost')
    areas.assertStatus(200)
    assert.include(areas.text(), 'href="/areas/kirkcaldy"')
    assert.notInclude(areas.text(), 'East Ayrshire')

    const kirkcaldy = await client.get('/areas/kirkcaldy').header('host', 'fife.localhost')
    assert.include(kirkcaldy.text(), 'Victoria Hospital')

    const hospital = await client
      .get('/services/victoria-hospital')
      .header('host', 'fife.localhost')
    hospital.assertStatus(200)
    assert.include(hospital.text(), 'href="/services/nhs-fife"')
    assert.include(hospital.text(), 'href="/services/victoria-hospital-ward-6"')
    assert.include(hospital.text(), '3 services in all below it')
  })

  test('a service page, an area and search on one tenant never show another tenant', async ({
    client,
    assert,
  }) => {
    await demoDirectory()
    await withCanaryDirectory()
    for (const path of [
      '/areas',
      '/areas/kirkcaldy',
      '/services',
      '/services?letter=V',
      '/services/victoria-hospital',
      '/services/search?q=victoria',
      '/services/search.json?q=victoria',
    ]) {
      const response = await client.get(path).header('host', 'fife.localhost')
      response.assertStatus(200)
      assert.notInclude(response.text(), CANARY_MARKER, path)
    }
    ;(
      await client.get('/services/victoria-hospital').header('host', 'england.localhost')
    ).assertStatus(404)
    ;(await client.get('/areas/kirkcaldy').header('host', 'england.localhost')).assertStatus(404)
  })

  test('search is forgiving: prefix, case, typos and codes; hostile text is escaped', async ({
    client,
    assert,
  }) => {
    await demoDirectory()
    const json = async (q: string) =>
      (
        await client
          .get(`/services/search.json?q=${encodeURIComponent(q)}`)
          .header('host', 'fife.localhost')
      ).body()
    assert.equal((await json('VICTORIA'))[0].slug, 'victoria-hospital')
    assert.equal((await json('victria hospital'))[0].slug, 'victoria-hospital')
    assert.equal((await json('s08000029'))[0].slug, 'nhs-fife')
    assert.deepEqual(await json(''), [])
    assert.deepEqual(await json("%'; drop table services; --"), [])
    const page = await client
      .get('/services/search?q=<script>alert(1)</script>')
      .header('host', 'fife.localhost')
    page.assertStatus(200)
    assert.notInclude(page.text(), '<script>alert(1)</script>')
  })

  test('lists page by cursor, never repeating a service', async ({ client, assert }) => {
    const { fife } = await demoDirectory()
    await tenancy.run(fife, async () => {
      const area = await Area.findByOrFail('slug', 'kirkcaldy')
      for (let index = 0; index < 60; index++) {
        await Service.create({
          ref: `extra-${index}`,
          slug: `extra-${index}`,
          name: `Extra clinic ${String(index).padStart(2, '0')}`,
          kind: 'community_service',
          areaId: area.id,
          path: '',
          status: 'open',
        })
      }
    })
    const first = await client.get('/areas/kirkcaldy').header('host', 'fife.localhost')
    const next = first.text().match(/href="\/areas\/kirkcaldy\?after=([^"]+)"/)![1]
    const second = await client
      .get(`/areas/kirkcaldy?after=${next}`)
      .header('host', 'fife.localhost')
    const slugs = (html: string) =>
      [...html.matchAll(/href="\/services\/([a-z0-9-]+)"/g)].map((m) => m[1])
    const all = [...slugs(first.text()), ...slugs(second.text())]
    assert.equal(new Set(all).size, all.length)
    assert.includeMembers(all, ['extra-0', 'extra-59', 'victoria-hospital'])
  })
})
