import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import { twoFactorRequired } from '#services/accounts/two_factor'
import {
  TEST_PASSWORD,
  currentTotp,
  isolateEachTest,
  makeNationalAdmin,
  makeStaff,
  makeTenant,
} from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'

function signIn(client: any, host: string, email: string, path = '/staff/sign-in') {
  return client
    .post(path)
    .header('host', host)
    .form({ email, password: TEST_PASSWORD })
    .withCsrfToken()
    .redirects(0)
}

/** A national admin who has not set up two-factor sign-in (as `user:create --national-admin` makes). */
async function nationalAdminWithoutTwoFactor() {
  const admin = await makeNationalAdmin()
  admin.totpEnabledAt = null
  admin.totpSecret = null
  await admin.save()
  return admin
}

test.group('Who must use two-factor sign-in', (group) => {
  isolateEachTest(group)

  test('the rule: national admins everywhere outside development, everyone where the tenant asks', ({
    assert,
  }) => {
    assert.isFalse(app.inDev, 'tests run with the production rule')
    const plain = { isNationalAdmin: false }
    const national = { isNationalAdmin: true }
    assert.isTrue(twoFactorRequired(national, null))
    assert.isTrue(twoFactorRequired(national, { requireTwoFactor: false }))
    assert.isTrue(twoFactorRequired(national, { requireTwoFactor: true }))
    assert.isFalse(twoFactorRequired(plain, { requireTwoFactor: false }))
    assert.isTrue(twoFactorRequired(plain, { requireTwoFactor: true }))
  })

  test('a national admin without two-factor signing in on a tenant host gets no tenant rights until it is set up', async ({
    client,
    assert,
  }) => {
    await makeTenant('fife')
    const admin = await nationalAdminWithoutTwoFactor()

    const signedIn = await signIn(client, FIFE, admin.email)
    assert.equal(signedIn.header('location'), '/staff')

    for (const page of ['/staff', '/staff/members', '/staff/audit', '/staff/directory']) {
      const response = await client.get(page).header('host', FIFE).loginAs(admin).redirects(0)
      response.assertStatus(302)
      assert.equal(response.header('location'), '/staff/account/two-factor', page)
    }
    const invite = await client
      .post('/staff/invitations')
      .header('host', FIFE)
      .loginAs(admin)
      .form({ email: 'new.admin@fife.test', role: 'tenant_admin' })
      .withCsrfToken()
      .redirects(0)
    assert.equal(invite.header('location'), '/staff/account/two-factor')

    const setup = await client.get('/staff/account/two-factor').header('host', FIFE).loginAs(admin)
    setup.assertStatus(200)
    assert.include(setup.text(), 'data:image/png;base64,')
  })

  test('a national admin with two-factor is asked for the code on a tenant host, as on the admin host', async ({
    client,
    assert,
  }) => {
    await makeTenant('fife')
    const admin = await makeNationalAdmin()
    const onTenant = await signIn(client, FIFE, admin.email)
    assert.equal(onTenant.header('location'), '/staff/sign-in/two-factor')
    const onAdmin = await signIn(client, 'admin.localhost', admin.email, '/sign-in')
    assert.equal(onAdmin.header('location'), '/sign-in/two-factor')

    const pending = onTenant.session()
    const withCode = await client
      .post('/staff/sign-in/two-factor')
      .header('host', FIFE)
      .withSession(pending)
      .form({ code: await currentTotp() })
      .withCsrfToken()
      .redirects(0)
    assert.equal(withCode.header('location'), '/staff')
    ;(await client.get('/staff').header('host', FIFE).loginAs(admin)).assertStatus(200)
  })

  test("a tenant's two-factor requirement applies to a national admin acting there", async ({
    client,
    assert,
  }) => {
    const fife = await makeTenant('fife')
    fife.requireTwoFactor = true
    await fife.save()
    const admin = await nationalAdminWithoutTwoFactor()
    const response = await client.get('/staff').header('host', FIFE).loginAs(admin).redirects(0)
    assert.equal(response.header('location'), '/staff/account/two-factor')
    response.assertFlashMessage(
      'error',
      'This service asks all its staff to set up two-factor sign-in before going on'
    )
  })

  test('staff of a tenant that does not require it go straight in', async ({ client }) => {
    const fife = await makeTenant('fife')
    const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    ;(await client.get('/staff').header('host', FIFE).loginAs(admin)).assertStatus(200)
  })
})
