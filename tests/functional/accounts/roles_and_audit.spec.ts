import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import AuditEvent from '#models/audit_event'
import { tenancy } from '#tenancy/context'
import { auditTenant } from '#services/platform/audit'
import {
  CANARY_MARKER,
  isolateEachTest,
  makeCanaryTenant,
  makeNationalAdmin,
  makeStaff,
  makeTenant,
  makeUser,
} from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'

test.group('What each role may do', (group) => {
  isolateEachTest(group)

  test('responders and moderators enter the staff area but cannot manage members or read the log', async ({
    client,
  }) => {
    const fife = await makeTenant('fife')
    for (const role of ['responder', 'moderator'] as const) {
      const user = await makeStaff(fife, role, `${role}@fife.test`)
      ;(await client.get('/staff').header('host', FIFE).loginAs(user)).assertStatus(200)
      ;(await client.get('/staff/members').header('host', FIFE).loginAs(user)).assertStatus(403)
      ;(await client.get('/staff/audit').header('host', FIFE).loginAs(user)).assertStatus(403)
    }
  })

  test('a tenant admin manages members and reads only their own tenant log', async ({
    client,
    assert,
  }) => {
    const fife = await makeTenant('fife')
    const canary = await makeCanaryTenant()
    const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test', { name: 'Fiona Fife' })
    await makeStaff(canary, 'moderator', 'canary@canary.test', {
      name: `${CANARY_MARKER} Moderator`,
    })
    await tenancy.run(canary, () =>
      auditTenant({ action: 'sign_in', details: { marker: CANARY_MARKER } })
    )
    await tenancy.run(fife, () => auditTenant({ action: 'invitation.sent', actor: admin }))

    const members = await client.get('/staff/members').header('host', FIFE).loginAs(admin)
    members.assertStatus(200)
    assert.include(members.text(), 'Fiona Fife')
    assert.notInclude(members.text(), CANARY_MARKER)

    const log = await client.get('/staff/audit').header('host', FIFE).loginAs(admin)
    log.assertStatus(200)
    assert.include(log.text(), 'invitation.sent')
    assert.notInclude(log.text(), 'canary')
  })

  test('an account with no role anywhere sees the 403 page in the staff area', async ({
    client,
  }) => {
    await makeTenant('fife')
    const nobody = await makeUser('nobody@else.test')
    ;(await client.get('/staff').header('host', FIFE).loginAs(nobody)).assertStatus(403)
  })

  test('a national admin may administer any tenant, and reads the national log', async ({
    client,
  }) => {
    await makeTenant('fife')
    const admin = await makeNationalAdmin()
    ;(await client.get('/staff/members').header('host', FIFE).loginAs(admin)).assertStatus(200)
    ;(await client.get('/audit').header('host', 'admin.localhost').loginAs(admin)).assertStatus(200)
    ;(
      await client.get('/audit?scope=tenants').header('host', 'admin.localhost').loginAs(admin)
    ).assertStatus(200)
  })

  test('a tenant admin is not a national admin and cannot become one', async ({
    client,
    assert,
  }) => {
    const fife = await makeTenant('fife')
    const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    ;(await client.get('/').header('host', 'admin.localhost').loginAs(admin)).assertStatus(403)
    await client
      .put('/staff/account')
      .header('host', FIFE)
      .loginAs(admin)
      .form({ name: 'Still Admin', isNationalAdmin: true, is_national_admin: 'true' })
      .withCsrfToken()
    await admin.refresh()
    assert.isFalse(admin.isNationalAdmin)
    assert.equal(admin.name, 'Still Admin')
  })
})

test.group('Audit log', (group) => {
  isolateEachTest(group)

  test('sign-ins and invitations are logged with actor, action, subject and IP', async ({
    client,
    assert,
  }) => {
    const fife = await makeTenant('fife')
    await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    await client
      .post('/staff/sign-in')
      .header('host', FIFE)
      .form({ email: 'admin@fife.test', password: 'a-long-test-password' })
      .withCsrfToken()
    const events = await tenancy.run(fife, async () => AuditEvent.query().orderBy('id'))
    const signIn = events.find((event) => event.action === 'sign_in')
    assert.exists(signIn)
    assert.equal(signIn!.actorEmail, 'admin@fife.test')
    assert.exists(signIn!.ip)
  })

  test('the log cannot be edited or deleted, even by a raw query', async ({ assert }) => {
    const fife = await makeTenant('fife')
    await tenancy.run(fife, () => auditTenant({ action: 'sign_in' }))
    /*
     * Each attempt in its own savepoint, as a failed statement aborts a
     * transaction; in Fife's context, where row security shows the row.
     */
    const attempt = (sql: string) =>
      tenancy.run(fife, async () => db.transaction((trx) => trx.rawQuery(sql)))
    await assert.rejects(() => attempt(`update audit_events set action = 'forged'`), /append-only/)
    await assert.rejects(() => attempt('delete from audit_events'), /append-only/)
  })
})
