import { test } from '@japa/runner'
import Tenant from '#models/tenant'
import TenantDomain from '#models/tenant_domain'
import { tenancy } from '#tenancy/context'
import { CrossTenantWriteError, MissingTenantError } from '#tenancy/errors'
import { isolateEachTest, makeTenant } from '#tests/helpers/tenants'

async function twoTenants() {
  const fife = await makeTenant('fife', { hosts: ['fife.localhost', 'www.fife.localhost'] })
  const england = await makeTenant('england', {
    hosts: ['england.localhost', 'www.england.localhost'],
  })
  return { fife, england }
}

function hostnames(rows: TenantDomain[]) {
  return rows.map((row) => row.hostname).sort()
}

test.group('Tenant scope on Lucid models', (group) => {
  isolateEachTest(group)

  test('a scoped query with no tenant in context throws instead of reading everything', async ({
    assert,
  }) => {
    await twoTenants()
    await assert.rejects(() => TenantDomain.query(), MissingTenantError.message)
    await assert.rejects(() => TenantDomain.all(), /No tenant in context/)
    await assert.rejects(
      () => TenantDomain.findBy('hostname', 'fife.localhost'),
      /No tenant in context/
    )
    await assert.rejects(() => TenantDomain.query().count('* as total'), /No tenant in context/)
  })

  test('reads see only the current tenant: find, findBy, all, first, paginate, count', async ({
    assert,
  }) => {
    const { fife, england } = await twoTenants()
    const englandDomain = await tenancy.run(england, () =>
      TenantDomain.findByOrFail('hostname', 'england.localhost')
    )

    await tenancy.run(fife, async () => {
      assert.deepEqual(hostnames(await TenantDomain.all()), [
        'fife.localhost',
        'www.fife.localhost',
      ])
      assert.isNull(await TenantDomain.find(englandDomain.id))
      assert.isNull(await TenantDomain.findBy('hostname', 'england.localhost'))
      assert.isNull(await TenantDomain.query().where('hostname', 'england.localhost').first())
      const page = await TenantDomain.query().paginate(1, 10)
      assert.equal(page.total, 2)
      const counted = await TenantDomain.query().count('* as total').first()
      assert.equal(Number(counted!.$extras.total), 2)
      const maxId = await TenantDomain.query().max('id as top').first()
      assert.isAtMost(
        Number(maxId!.$extras.top),
        Math.max(...(await TenantDomain.all()).map((d) => d.id))
      )
    })
  })

  test('an orWhere cannot escape the scope', async ({ assert }) => {
    const { fife } = await twoTenants()
    await tenancy.run(fife, async () => {
      const rows = await TenantDomain.query()
        .where('hostname', 'fife.localhost')
        .orWhere('hostname', 'england.localhost')
        .orWhereNotNull('id')
      assert.deepEqual(hostnames(rows), ['fife.localhost', 'www.fife.localhost'])
      const pojo = await TenantDomain.query()
        .orWhere('is_primary', true)
        .pojo<{ hostname: string }>()
      assert.deepEqual(
        pojo.map((row) => row.hostname),
        ['fife.localhost']
      )
    })
  })

  test('bulk update and delete cannot touch another tenant', async ({ assert }) => {
    const { fife, england } = await twoTenants()
    await tenancy.run(fife, async () => {
      await TenantDomain.query().update({ isPrimary: false })
      await TenantDomain.query().where('hostname', 'www.england.localhost').delete()
      await england.related('domains').query().delete()
      await england.related('domains').query().update({ hostname: 'x.localhost' })
      await TenantDomain.query().delete()
    })
    await tenancy.run(england, async () => {
      const rows = await TenantDomain.all()
      assert.deepEqual(hostnames(rows), ['england.localhost', 'www.england.localhost'])
      assert.isTrue(rows.some((row) => row.isPrimary))
    })
  })

  test('relations and preloads are scoped too', async ({ assert }) => {
    const { fife, england } = await twoTenants()
    await tenancy.run(fife, async () => {
      const viaRelation = await england.related('domains').query()
      assert.lengthOf(viaRelation, 0)
      const tenants = await Tenant.query().whereIn('id', [fife.id, england.id]).preload('domains')
      const englandLoaded = tenants.find((tenant) => tenant.id === england.id)!
      const fifeLoaded = tenants.find((tenant) => tenant.id === fife.id)!
      assert.lengthOf(englandLoaded.domains, 0)
      assert.lengthOf(fifeLoaded.domains, 2)
    })
  })

  test('creating stamps the current tenant; creating for another tenant is refused', async ({
    assert,
  }) => {
    const { fife, england } = await twoTenants()
    const created = await tenancy.run(fife, () =>
      TenantDomain.create({ hostname: 'new.fife.localhost' })
    )
    assert.equal(created.tenantId, fife.id)

    await assert.rejects(
      () =>
        tenancy.run(fife, () =>
          TenantDomain.create({ tenantId: england.id, hostname: 'sneaky.england.localhost' })
        ),
      CrossTenantWriteError.message
    )
    const sneaky = await tenancy.run(england, () =>
      TenantDomain.findBy('hostname', 'sneaky.england.localhost')
    )
    assert.isNull(sneaky)
  })

  test("saving or deleting another tenant's row from the wrong context changes nothing", async ({
    assert,
  }) => {
    const { fife, england } = await twoTenants()
    const englandRow = await tenancy.run(england, () =>
      TenantDomain.findByOrFail('hostname', 'www.england.localhost')
    )

    englandRow.hostname = 'hijacked.localhost'
    await assert.rejects(() => tenancy.run(fife, () => englandRow.save()), /Refused to write/)

    await tenancy.run(fife, () => englandRow.delete()).catch(() => {})
    const still = await tenancy.run(england, () =>
      TenantDomain.findBy('hostname', 'www.england.localhost')
    )
    assert.isNotNull(still)
  })

  test('moving a row to another tenant is refused', async ({ assert }) => {
    const { fife, england } = await twoTenants()
    await tenancy.run(fife, async () => {
      const row = await TenantDomain.findByOrFail('hostname', 'www.fife.localhost')
      row.tenantId = england.id
      await assert.rejects(() => row.save(), /Refused to write/)
    })
  })

  test('leaving the scope is explicit and sees every tenant', async ({ assert }) => {
    await twoTenants()
    const all = await tenancy.acrossTenants('test: list every domain', () => TenantDomain.all())
    assert.includeMembers(hostnames(all), ['england.localhost', 'fife.localhost'])
  })
})
