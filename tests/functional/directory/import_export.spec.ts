import { test } from '@japa/runner'
import Area from '#models/area'
import Service from '#models/service'
import { tenancy } from '#tenancy/context'
import { importDirectory } from '#services/directory/directory_import'
import { exportDirectory } from '#services/directory/directory_export'
import DirectoryImport from '#commands/directory_import'
import { refused } from '#tests/helpers/commands'
import { demoDirectory, demoDirectoryCsv } from '#tests/helpers/directory'
import { isolateEachTest, makeTenant } from '#tests/helpers/tenants'
import { writeFileSync } from 'node:fs'
import app from '@adonisjs/core/services/app'

async function countsPerTenant() {
  return tenancy.acrossTenants('test: count directory rows', async () => ({
    services: (await Service.all()).length,
    areas: (await Area.all()).length,
  }))
}

test.group('Directory import and export', (group) => {
  isolateEachTest(group)

  test('the demo file creates 18 Fife, 16 Ayrshire and Arran and 10 England services', async ({
    assert,
  }) => {
    const { fife, england, ayrshire } = await demoDirectory()
    for (const [tenant, expected] of [
      [fife, 18],
      [ayrshire, 16],
      [england, 10],
    ] as const) {
      const services = await tenancy.run(tenant, async () => Service.query().preload('area'))
      assert.lengthOf(services, expected, tenant.slug)
    }
    await tenancy.run(fife, async () => {
      const ward = await Service.findByOrFail('ref', 'victoria-hospital-ward-6')
      const hospital = await Service.findByOrFail('ref', 'victoria-hospital')
      const board = await Service.findByOrFail('ref', 'nhs-fife')
      assert.equal(ward.parentId, hospital.id)
      assert.equal(hospital.parentId, board.id)
      assert.deepEqual(ward.ancestry, [board.id, hospital.id, ward.id])
      const kirkcaldy = await Area.findByOrFail('slug', 'kirkcaldy')
      const region = await Area.findByOrFail('slug', 'fife')
      assert.equal(kirkcaldy.parentId, region.id)
      assert.equal(ward.postcode, 'KY2 5AH')
    })
  })

  test('importing the same file again changes nothing', async ({ assert }) => {
    await demoDirectory()
    const before = await countsPerTenant()
    const again = await importDirectory(demoDirectoryCsv())
    assert.isEmpty(again.problems)
    assert.isTrue(again.results.every((result) => result.action === 'unchanged'))
    assert.deepEqual(await countsPerTenant(), before)
  })

  test('a broken copy changes nothing and names every bad line', async ({ assert }) => {
    await makeTenant('fife')
    await makeTenant('england')
    await makeTenant('ayrshire-arran')
    const lines = demoDirectoryCsv().trimEnd().split('\n')
    lines[4] = lines[4].replace('victoria-hospital,', 'victoria-hospitl,')
    lines[9] = lines[1]
    const report = await importDirectory(lines.join('\n'))
    assert.deepEqual(
      report.problems.map((problem) => problem.line),
      [5, 10]
    )
    assert.include(report.problems[0].message, 'unknown parent "victoria-hospitl"')
    assert.include(report.problems[1].message, 'duplicate ref')
    assert.deepEqual(await countsPerTenant(), { services: 0, areas: 0 })
  })

  test('every kind of bad line is reported at once', async ({ assert }) => {
    await makeTenant('fife')
    const csv = [
      'tenant,ref,parent_ref,name,kind,area,postcode,external_code',
      'fife,a,,,hospital,Fife,,',
      'fife,b,,Bee,spaceship,Fife,,',
      'fife,c,,Cee,hospital,Fife,NOT A CODE,',
      'fife,d,e,Dee,hospital,Fife,,',
      'fife,e,d,Eee,hospital,Fife,,',
      'atlantis,f,,Eff,hospital,Fife,,',
      'fife,g,,<script>alert(1)</script>,hospital,Fife,,',
      'fife,h,,Too,few',
    ].join('\n')
    const report = await importDirectory(csv)
    const text = report.problems.map((problem) => `${problem.line}: ${problem.message}`).join('\n')
    for (const expected of [
      '2: the name is missing',
      '3: unknown kind',
      '4: "NOT A CODE" is not a UK postcode',
      'a cycle',
      '7: unknown tenant "atlantis"',
      '8: the name',
      '9: expected 8 fields',
    ]) {
      assert.include(text, expected)
    }
    assert.deepEqual(await countsPerTenant(), { services: 0, areas: 0 })
  })

  test('export writes back the imported rows exactly', async ({ assert }) => {
    const { fife } = await demoDirectory()
    const lines: string[] = []
    await tenancy.run(fife, () => exportDirectory((line) => lines.push(line)))
    const source = demoDirectoryCsv().trimEnd().split('\n')
    const expected = [source[0], ...source.filter((line) => line.startsWith('fife,'))]
    assert.deepEqual(lines, expected)
  })

  test('directory:import refuses a missing file, an empty file or a wrong header', async ({
    assert,
  }) => {
    await makeTenant('fife')
    const empty = app.tmpPath('empty-directory.csv')
    writeFileSync(empty, '')
    const wrongHeader = app.tmpPath('wrong-header.csv')
    writeFileSync(wrongHeader, 'a,b,c\n1,2,3\n')
    await refused(assert, DirectoryImport, ['/no/such/file.csv'], 'Cannot read')
    await refused(assert, DirectoryImport, [empty], 'the file is empty')
    await refused(assert, DirectoryImport, [wrongHeader], 'the header lacks')
    await refused(assert, DirectoryImport, [empty, '--tenant=atlantis'], 'atlantis')
    assert.deepEqual(await countsPerTenant(), { services: 0, areas: 0 })
  })
})
