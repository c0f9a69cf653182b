import { test } from '@japa/runner'
import Membership from '#models/membership'
import { tenancy } from '#tenancy/context'
import { isolateEachTest, makeStaff, makeTenant } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'

test.group('Managing staff members', (group) => {
  isolateEachTest(group)

  test('a tenant admin changes a role and removes a member', async ({ client, assert }) => {
    const fife = await makeTenant('fife')
    const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    const mo = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const membership = await tenancy.run(fife, async () =>
      Membership.findByOrFail('user_id', mo.id)
    )

    await client
      .put(`/staff/members/${membership.id}`)
      .header('host', FIFE)
      .loginAs(admin)
      .form({ role: 'tenant_admin' })
      .withCsrfToken()
      .redirects(0)
    await tenancy.run(fife, () => membership.refresh())
    assert.equal(membership.role, 'tenant_admin')

    await client
      .delete(`/staff/members/${membership.id}`)
      .header('host', FIFE)
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    const left = await tenancy.run(fife, async () => Membership.query().where('user_id', mo.id))
    assert.lengthOf(left, 0)
  })

  test('the last tenant admin cannot be removed', async ({ client, assert }) => {
    const fife = await makeTenant('fife')
    const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    const own = await tenancy.run(fife, async () => Membership.findByOrFail('user_id', admin.id))
    const response = await client
      .delete(`/staff/members/${own.id}`)
      .header('host', FIFE)
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    assert.isNotEmpty(response.flashMessage('inputErrorsBag'))
    const still = await tenancy.run(fife, async () => Membership.find(own.id))
    assert.isNotNull(still)
  })

  test('a Fife admin cannot change a member of another tenant', async ({ client, assert }) => {
    const fife = await makeTenant('fife')
    const england = await makeTenant('england')
    const fifeAdmin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    const englandMo = await makeStaff(england, 'moderator', 'mo@england.test')
    const target = await tenancy.run(england, async () =>
      Membership.findByOrFail('user_id', englandMo.id)
    )

    for (const request of [
      client.put(`/staff/members/${target.id}`).form({ role: 'tenant_admin' }),
      client.delete(`/staff/members/${target.id}`),
    ]) {
      const response = await request
        .header('host', FIFE)
        .loginAs(fifeAdmin)
        .withCsrfToken()
        .redirects(0)
      assert.notEqual(response.status(), 500)
    }
    await tenancy.run(england, () => target.refresh())
    assert.equal(target.role, 'moderator')

    const onEngland = await client
      .put(`/staff/members/${target.id}`)
      .header('host', 'england.localhost')
      .loginAs(fifeAdmin)
      .form({ role: 'tenant_admin' })
      .withCsrfToken()
    onEngland.assertStatus(403)
    await tenancy.run(england, () => target.refresh())
    assert.equal(target.role, 'moderator')
  })

  test('moderators and responders cannot change roles', async ({ client, assert }) => {
    const fife = await makeTenant('fife')
    await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    const mo = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const own = await tenancy.run(fife, async () => Membership.findByOrFail('user_id', mo.id))
    const response = await client
      .put(`/staff/members/${own.id}`)
      .header('host', FIFE)
      .loginAs(mo)
      .form({ role: 'tenant_admin' })
      .withCsrfToken()
    response.assertStatus(403)
    await tenancy.run(fife, () => own.refresh())
    assert.equal(own.role, 'moderator')
  })
})
