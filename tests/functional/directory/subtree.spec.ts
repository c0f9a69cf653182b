import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Service from '#models/service'
import Area from '#models/area'
import { tenancy } from '#tenancy/context'
import {
  moveService,
  recomputeServicePaths,
  subtreeQuery,
} from '#services/directory/directory_tree'
import { demoDirectory } from '#tests/helpers/directory'
import { isolateEachTest, makeTenant } from '#tests/helpers/tenants'

function planUsesSeqScanOnServices(plan: unknown): boolean {
  const node = plan as { 'Node Type'?: string; 'Relation Name'?: string; 'Plans'?: unknown[] }
  if (node['Node Type'] === 'Seq Scan' && node['Relation Name'] === 'services') return true
  return (node.Plans ?? []).some(planUsesSeqScanOnServices)
}

test.group('The service tree', (group) => {
  isolateEachTest(group)

  test('a 100,000-service tree: the subtree query uses the index', async ({ assert }) => {
    const tenant = await makeTenant('big')
    await tenancy.run(tenant, async () => {
      const area = await Area.create({ name: 'Everywhere', slug: 'everywhere' })
      /* 10 boards → 100 hospitals each → 99 wards each: 100,010 services. */
      const insert = (
        prefix: string,
        count: number,
        parentPrefix: string | null,
        perParent: number
      ) =>
        db.rawQuery(
          `insert into services (tenant_id, ref, slug, name, kind, area_id, parent_id, path, status, created_at, updated_at)
           select :tenant, :prefix || g, :prefix || g, 'Service ' || :prefix || g, 'hospital', :area, parent.id, '', 'open', now(), now()
             from generate_series(1, :count) g
             left join services parent
               on parent.tenant_id = :tenant and parent.ref = :parentPrefix || ((g - 1) / :perParent + 1)`,
          {
            tenant: tenant.id,
            prefix,
            area: area.id,
            count,
            parentPrefix: parentPrefix ?? '',
            perParent,
          }
        )
      await insert('b-', 10, null, 1)
      await insert('h-', 1000, 'b-', 100)
      await db.rawQuery('analyze services')
      await insert('w-', 99000, 'h-', 99)
      await recomputeServicePaths()
      await db.rawQuery('analyze services')

      const board = await Service.findByOrFail('ref', 'b-1')
      const below = await subtreeQuery(board).count('* as total').first()
      assert.equal(Number(below!.$extras.total), 1 + 100 + 100 * 99)

      const sql = subtreeQuery(board).toQuery()
      const { rows } = await db.rawQuery(
        `explain (format json) ${sql} and services.tenant_id = ${tenant.id}`
      )
      const plan = rows[0]['QUERY PLAN'][0].Plan
      assert.isFalse(planUsesSeqScanOnServices(plan), JSON.stringify(plan).slice(0, 400))
      assert.include(JSON.stringify(plan), 'services_subtree')
    })
  }).timeout(120_000)

  test('moving a subtree keeps the subtree query right, and a cycle is refused', async ({
    assert,
  }) => {
    const { fife } = await demoDirectory()
    await tenancy.run(fife, async () => {
      const hospital = await Service.findByOrFail('ref', 'victoria-hospital')
      const ward = await Service.findByOrFail('ref', 'victoria-hospital-ward-6')
      const other = await Service.findByOrFail('ref', 'queen-margaret-hospital')
      await moveService(hospital, other)
      await ward.refresh()
      await other.refresh()
      const under = await subtreeQuery(other).select('ref')
      assert.includeMembers(
        under.map((service) => service.ref),
        ['queen-margaret-hospital', 'victoria-hospital', 'victoria-hospital-ward-6']
      )
      await assert.rejects(() => moveService(other, ward), /cannot move below itself/)
    })
  })
})
