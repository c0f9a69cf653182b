import { test } from '@japa/runner'
import { writeFileSync } from 'node:fs'
import app from '@adonisjs/core/services/app'
import Area from '#models/area'
import AuditEvent from '#models/audit_event'
import Service from '#models/service'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { isolateEachTest, makeStaff } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'

test.group('Tenant admins manage the directory', (group) => {
  isolateEachTest(group)

  test('add, edit, move, close, reopen and merge a service; every change audited', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    const kirkcaldy = await tenancy.run(fife, async () => Area.findByOrFail('slug', 'kirkcaldy'))
    const as = (request: any) =>
      request.header('host', FIFE).loginAs(admin).withCsrfToken().redirects(0)

    ;(await client.get('/staff/directory').header('host', FIFE).loginAs(admin)).assertStatus(200)
    const created = await as(
      client.post('/staff/directory/services').form({
        name: 'Ward 7 (Respiratory)',
        ref: 'victoria-hospital-ward-7',
        kind: 'ward',
        parentRef: 'victoria-hospital',
        areaId: kirkcaldy.id,
        postcode: 'ky2 5ah',
      })
    )
    created.assertStatus(302)
    const ward = await tenancy.run(fife, async () =>
      Service.findByOrFail('ref', 'victoria-hospital-ward-7')
    )
    const hospital = await tenancy.run(fife, async () =>
      Service.findByOrFail('ref', 'victoria-hospital')
    )
    assert.equal(ward.parentId, hospital.id)
    assert.deepEqual(ward.ancestry.slice(-2), [hospital.id, ward.id])

    await as(
      client.put(`/staff/directory/services/${ward.id}`).form({
        name: 'Ward 7',
        ref: 'victoria-hospital-ward-7',
        kind: 'ward',
        parentRef: 'queen-margaret-hospital',
        areaId: kirkcaldy.id,
      })
    )
    const cycle = await as(
      client.put(`/staff/directory/services/${hospital.id}`).form({
        name: 'Victoria Hospital',
        ref: 'victoria-hospital',
        kind: 'hospital',
        parentRef: 'victoria-hospital-ward-6',
        areaId: kirkcaldy.id,
      })
    )
    assert.property(cycle.flashMessage('inputErrorsBag'), 'parentRef')

    await as(client.post(`/staff/directory/services/${ward.id}/close`))
    const closedPage = await client.get('/services/victoria-hospital-ward-7').header('host', FIFE)
    closedPage.assertStatus(200)
    assert.include(closedPage.text(), 'This service has closed')
    await as(client.post(`/staff/directory/services/${ward.id}/reopen`))
    await as(
      client
        .post(`/staff/directory/services/${ward.id}/merge`)
        .form({ intoRef: 'victoria-hospital-ward-6' })
    )
    const mergedPage = await client.get('/services/victoria-hospital-ward-7').header('host', FIFE)
    assert.include(mergedPage.text(), 'href="/services/victoria-hospital-ward-6"')

    const actions = await tenancy.run(fife, async () =>
      (await AuditEvent.query().where('subject_type', 'service')).map((event) => event.action)
    )
    assert.includeMembers(actions, [
      'service.created',
      'service.moved',
      'service.closed',
      'service.reopened',
      'service.merged',
    ])
  })

  test('areas are added and bad input is refused with nothing written', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    const before = await tenancy.run(fife, async () => (await Area.all()).length)
    const ok = await client
      .post('/staff/directory/areas')
      .header('host', FIFE)
      .loginAs(admin)
      .form({ name: 'Cowdenbeath' })
      .withCsrfToken()
      .redirects(0)
    ok.assertStatus(302)
    for (const form of [
      { name: 'Kirkcaldy' },
      { name: '' },
      { name: '<b>x</b>' },
      { name: 'x'.repeat(500) },
    ]) {
      await client
        .post('/staff/directory/areas')
        .header('host', FIFE)
        .loginAs(admin)
        .form(form)
        .withCsrfToken()
        .redirects(0)
    }
    assert.equal(await tenancy.run(fife, async () => (await Area.all()).length), before + 1)
  })

  test('the upload page imports only this tenant rows, all or nothing', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    const file = app.tmpPath('upload-test.csv')
    writeFileSync(
      file,
      [
        'tenant,ref,parent_ref,name,kind,area,postcode,external_code',
        'fife,new-clinic,,New Clinic,community_service,Kirkcaldy,KY1 1AA,',
        'england,sneaky,,Sneaky Service,hospital,London,,',
      ].join('\n')
    )
    const response = await client
      .post('/staff/directory/import')
      .header('host', FIFE)
      .loginAs(admin)
      .file('file', file)
      .withCsrfToken()
    response.assertStatus(200)
    assert.include(response.text(), '1 row imported')
    const england = await tenancy.acrossTenants('test', async () =>
      Service.query().where('ref', 'sneaky')
    )
    assert.lengthOf(england, 0)
  })

  test('moderators cannot manage the directory, nor can Fife admins on England', async ({
    client,
  }) => {
    const { fife, england } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const fifeAdmin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    const englandService = await tenancy.run(england, async () =>
      Service.findByOrFail('ref', 'leeds-teaching-hospitals')
    )
    ;(await client.get('/staff/directory').header('host', FIFE).loginAs(moderator)).assertStatus(
      403
    )
    ;(
      await client.get('/staff/directory').header('host', 'england.localhost').loginAs(fifeAdmin)
    ).assertStatus(403)
    const crossTenant = await client
      .get(`/staff/directory/services/${englandService.id}/edit`)
      .header('host', FIFE)
      .loginAs(fifeAdmin)
    crossTenant.assertStatus(404)
    const crossClose = await client
      .post(`/staff/directory/services/${englandService.id}/close`)
      .header('host', FIFE)
      .loginAs(fifeAdmin)
      .withCsrfToken()
    crossClose.assertStatus(404)
    const still = await tenancy.run(england, async () =>
      Service.findByOrFail('ref', 'leeds-teaching-hospitals')
    )
    if (still.status !== 'open') throw new Error('an England service was changed from Fife')
  })
})
