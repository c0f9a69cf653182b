import { test } from '@japa/runner'
import Area from '#models/area'
import Service from '#models/service'
import { tenancy } from '#tenancy/context'
import { importDirectory } from '#services/directory/directory_import'
import { demoDirectory } from '#tests/helpers/directory'
import { isolateEachTest } from '#tests/helpers/tenants'

const HEADER = 'tenant,ref,parent_ref,name,kind,area,postcode,external_code'

test.group('Directory import: areas', (group) => {
  isolateEachTest(group)

  test('a file naming an area the tenant does not have is reported as a bad line and changes nothing', async ({
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const before = await tenancy.run(fife, async () => (await Area.all()).length)
    const report = await importDirectory(
      [
        HEADER,
        'fife,kirkcaldy-clinic,nhs-fife,Kirkcaldy Clinic,community_service,Kirkcaldy,,',
        'fife,glenrothes-clinic,nhs-fife,Glenrothes Clinic,community_service,Kirkcady,,',
      ].join('\n')
    )
    assert.deepEqual(report.problems, [
      {
        line: 3,
        message: 'unknown area "Kirkcady": add it on the Areas page first, or check its spelling',
      },
    ])
    const after = await tenancy.run(fife, async () => ({
      areas: (await Area.all()).length,
      clinic: await Service.findBy('ref', 'kirkcaldy-clinic'),
    }))
    assert.equal(after.areas, before)
    assert.isNull(after.clinic)
  })

  test('a known area is matched whatever its capitals', async ({ assert }) => {
    const { fife } = await demoDirectory()
    const report = await importDirectory(
      [
        HEADER,
        'fife,kirkcaldy-clinic,nhs-fife,Kirkcaldy Clinic,community_service,KIRKCALDY,,',
      ].join('\n')
    )
    assert.deepEqual(report.problems, [])
    const clinic = await tenancy.run(fife, async () =>
      Service.query().where('ref', 'kirkcaldy-clinic').preload('area').firstOrFail()
    )
    assert.equal(clinic.area.name, 'Kirkcaldy')
  })
})
