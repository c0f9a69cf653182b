import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import AuditEvent from '#models/audit_event'
import { tenancy } from '#tenancy/context'
import {
  TEST_PASSWORD,
  currentTotp,
  isolateEachTest,
  makeNationalAdmin,
  makeStaff,
  makeTenant,
  makeUser,
} from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'

function signIn(client: any, host: string, email: string, password = TEST_PASSWORD) {
  return client
    .post('/staff/sign-in')
    .header('host', host)
    .form({ email, password })
    .withCsrfToken()
    .redirects(0)
}

test.group('Staff sign-in on a tenant host', (group) => {
  isolateEachTest(group)

  test('a member signs in and lands in the staff area, session id rotated', async ({
    client,
    assert,
  }) => {
    const fife = await makeTenant('fife')
    await makeStaff(fife, 'moderator', 'mo@fife.test')
    const before = await client.get('/staff/sign-in').header('host', FIFE)
    before.assertStatus(200)
    const response = await signIn(client, FIFE, 'mo@fife.test')
    response.assertStatus(302)
    assert.equal(response.header('location'), '/staff')
    const rotated = response.cookie('carevoice-session')?.value
    assert.exists(rotated)
    assert.notEqual(rotated, before.cookie('carevoice-session')?.value)
  })

  test('a wrong password and an unknown account get the same answer', async ({ client }) => {
    const fife = await makeTenant('fife')
    await makeStaff(fife, 'moderator', 'mo@fife.test')
    for (const [email, password] of [
      ['mo@fife.test', 'wrong-password-here'],
      ['nobody@fife.test', TEST_PASSWORD],
    ]) {
      const response = await signIn(client, FIFE, email, password)
      response.assertStatus(302)
      response.assertFlashMessage('inputErrorsBag', {
        email: ['Enter a correct email address and password'],
      })
    }
  })

  test('the 6th wrong password in a minute is refused without checking it, saying when to retry', async ({
    client,
    assert,
  }) => {
    const fife = await makeTenant('fife')
    await makeStaff(fife, 'moderator', 'mo@fife.test')
    for (let attempt = 1; attempt <= 5; attempt++) {
      ;(await signIn(client, FIFE, 'mo@fife.test', `wrong-${attempt}-password`)).assertStatus(302)
    }
    const sixth = await signIn(client, FIFE, 'mo@fife.test', TEST_PASSWORD)
    sixth.assertStatus(429)
    assert.isAbove(Number(sixth.header('retry-after')), 0)
    assert.match(sixth.text(), /Wait \d+ seconds? and try again/)
    const failures = await tenancy.run(fife, async () =>
      AuditEvent.query().where('action', 'sign_in.failed')
    )
    assert.lengthOf(failures, 5, 'the 6th attempt was not even checked')
  })

  test('a disabled account cannot sign in', async ({ client }) => {
    const fife = await makeTenant('fife')
    const user = await makeStaff(fife, 'moderator', 'mo@fife.test')
    user.disabledAt = DateTime.now()
    await user.save()
    const response = await signIn(client, FIFE, 'mo@fife.test')
    response.assertFlashMessage('inputErrorsBag', {
      email: ['Enter a correct email address and password'],
    })
  })

  test('with two-factor sign-in the code is asked; a wrong code is refused, the right one lets in', async ({
    client,
    assert,
  }) => {
    const fife = await makeTenant('fife')
    await makeStaff(fife, 'moderator', 'mo@fife.test', { twoFactor: true })
    const first = await signIn(client, FIFE, 'mo@fife.test')
    assert.equal(first.header('location'), '/staff/sign-in/two-factor')

    const pending = first.session()
    const wrong = await client
      .post('/staff/sign-in/two-factor')
      .header('host', FIFE)
      .withSession(pending)
      .form({ code: '000000' })
      .withCsrfToken()
      .redirects(0)
    wrong.assertFlashMessage('inputErrorsBag', {
      code: ['The code is not right: check your app and try again'],
    })

    const right = await client
      .post('/staff/sign-in/two-factor')
      .header('host', FIFE)
      .withSession(pending)
      .form({ code: await currentTotp() })
      .withCsrfToken()
      .redirects(0)
    assert.equal(right.header('location'), '/staff')
  })

  test('a tenant that requires two-factor sends staff without it to set it up', async ({
    client,
    assert,
  }) => {
    const fife = await makeTenant('fife')
    fife.requireTwoFactor = true
    await fife.save()
    const user = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const response = await client.get('/staff').header('host', FIFE).loginAs(user).redirects(0)
    assert.equal(response.header('location'), '/staff/account/two-factor')
    const setup = await client.get('/staff/account/two-factor').header('host', FIFE).loginAs(user)
    setup.assertStatus(200)
    assert.include(setup.text(), 'data:image/png;base64,')
  })

  test('national admins need two-factor sign-in outside development', async ({
    client,
    assert,
  }) => {
    const admin = await makeNationalAdmin()
    admin.totpEnabledAt = null
    admin.totpSecret = null
    await admin.save()
    const response = await client
      .get('/')
      .header('host', 'admin.localhost')
      .loginAs(admin)
      .redirects(0)
    assert.equal(response.header('location'), '/account/two-factor')
  })

  test('a session is worth nothing on another host', async ({ client, assert }) => {
    const fife = await makeTenant('fife')
    await makeTenant('england')
    const user = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')

    const signedIn = await signIn(client, FIFE, 'admin@fife.test')
    const setCookie = String(signedIn.header('set-cookie'))
    assert.include(setCookie, 'carevoice-session=')
    assert.notMatch(setCookie, /domain=/i, 'session cookies are host-only')

    const fifeSession = { signed_in_host: FIFE }
    const onFife = await client
      .get('/staff')
      .header('host', FIFE)
      .loginAs(user)
      .withSession(fifeSession)
    onFife.assertStatus(200)

    const onEngland = await client
      .get('/staff')
      .header('host', 'england.localhost')
      .loginAs(user)
      .withSession(fifeSession)
      .redirects(0)
    onEngland.assertStatus(302)
    assert.equal(onEngland.header('location'), '/staff/sign-in')
  })

  test('a Fife moderator signed in on England has no staff rights there', async ({ client }) => {
    const fife = await makeTenant('fife')
    await makeTenant('england')
    const user = await makeStaff(fife, 'moderator', 'mo@fife.test')
    ;(await client.get('/staff').header('host', 'england.localhost').loginAs(user)).assertStatus(
      403
    )
    ;(await client.get('/staff').header('host', FIFE).loginAs(user)).assertStatus(200)
  })

  test('signing out ends the session', async ({ client, assert }) => {
    const fife = await makeTenant('fife')
    const user = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const out = await client
      .post('/staff/sign-out')
      .header('host', FIFE)
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    assert.equal(out.header('location'), '/staff/sign-in')
  })

  test('hostile input to the sign-in form gets a clear answer, never a 500', async ({ client }) => {
    await makeTenant('fife')
    for (const form of [
      { email: '<script>alert(1)</script>', password: "' or 1=1 --" },
      { email: 'x'.repeat(10_000), password: 'y' },
      { email: ['a', 'b'], password: { nested: true } },
      {},
    ]) {
      const response = await client
        .post('/staff/sign-in')
        .header('host', FIFE)
        .form(form as never)
        .withCsrfToken()
        .redirects(0)
      response.assertStatus(302)
    }
    await makeUser('plain@user.test')
  })
})
