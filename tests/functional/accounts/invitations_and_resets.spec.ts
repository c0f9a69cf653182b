import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import mail from '@adonisjs/mail/services/main'
import Membership from '#models/membership'
import PasswordReset from '#models/password_reset'
import StaffInvitation from '#models/staff_invitation'
import User from '#models/user'
import { tenancy } from '#tenancy/context'
import { TEST_PASSWORD, isolateEachTest, makeStaff, makeTenant } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'
const ENGLAND = 'england.localhost'

/** The path of the first link in the last captured mail's text. */
function linkPath(text: string) {
  const url = text.match(/https?:\/\/\S+/)![0]
  return new URL(url)
}

async function lastMailText(fake: ReturnType<typeof mail.fake>) {
  const messages = [...fake.messages.sent(), ...fake.messages.queued()]
  const message = messages[messages.length - 1]
  return String(message.nodeMailerMessage.text)
}

test.group('Staff invitations', (group) => {
  isolateEachTest(group)

  test('a tenant admin invites a moderator who accepts once, on their tenant host only', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const fife = await makeTenant('fife', { name: 'Carevoice Fife' })
    await makeTenant('england')
    const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')

    const invited = await client
      .post('/staff/invitations')
      .header('host', FIFE)
      .loginAs(admin)
      .form({ email: 'New.Mod@Fife.test', role: 'moderator' })
      .withCsrfToken()
      .redirects(0)
    invited.assertStatus(302)
    fake.messages.assertQueued({ to: 'new.mod@fife.test' })
    const link = linkPath(await lastMailText(fake))
    assert.equal(link.hostname, FIFE)
    assert.match(link.pathname, /^\/staff\/invitations\/[\w-]{40,}$/)
    assert.include(await lastMailText(fake), 'Carevoice Fife')

    const elsewhere = await client.get(link.pathname).header('host', ENGLAND)
    elsewhere.assertStatus(404)

    const page = await client.get(link.pathname).header('host', FIFE)
    page.assertStatus(200)
    const accepted = await client
      .put(link.pathname)
      .header('host', FIFE)
      .form({ name: 'Nia Newmod', password: 'a-brand-new-password' })
      .withCsrfToken()
      .redirects(0)
    assert.equal(accepted.header('location'), '/staff')

    const user = await User.findByOrFail('email', 'new.mod@fife.test')
    const roles = await tenancy.run(fife, async () => Membership.query().where('user_id', user.id))
    assert.deepEqual(
      roles.map((membership) => membership.role),
      ['moderator']
    )

    const again = await client
      .put(link.pathname)
      .header('host', FIFE)
      .form({ name: 'Someone Else', password: 'another-new-password' })
      .withCsrfToken()
    again.assertStatus(404)
  })

  test('an expired invitation cannot be used', async ({ client }) => {
    const fake = mail.fake()
    const fife = await makeTenant('fife')
    const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    await client
      .post('/staff/invitations')
      .header('host', FIFE)
      .loginAs(admin)
      .form({ email: 'late@fife.test', role: 'moderator' })
      .withCsrfToken()
    const link = linkPath(await lastMailText(fake))
    mail.restore()
    await tenancy.run(fife, async () => {
      await StaffInvitation.query().update({
        expiresAt: DateTime.now().minus({ minutes: 1 }).toSQL(),
      })
    })
    ;(await client.get(link.pathname).header('host', FIFE)).assertStatus(404)
  })

  test('only tenant admins invite, and only into their own tenant', async ({ client }) => {
    const fake = mail.fake()
    const fife = await makeTenant('fife')
    const england = await makeTenant('england')
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const fifeAdmin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    await makeStaff(england, 'moderator', 'mo@england.test')

    const byModerator = await client
      .post('/staff/invitations')
      .header('host', FIFE)
      .loginAs(moderator)
      .form({ email: 'x@fife.test', role: 'tenant_admin' })
      .withCsrfToken()
    byModerator.assertStatus(403)

    const intoEngland = await client
      .post('/staff/invitations')
      .header('host', ENGLAND)
      .loginAs(fifeAdmin)
      .form({ email: 'x@england.test', role: 'tenant_admin' })
      .withCsrfToken()
    intoEngland.assertStatus(403)
    fake.messages.assertNoneQueued()
    mail.restore()
    const invitations = await tenancy.acrossTenants('test', async () => StaffInvitation.all())
    if (invitations.length) throw new Error('no invitation should exist')
  })

  test('bad invitations are refused with a message and nothing is sent', async ({ client }) => {
    const fake = mail.fake()
    const fife = await makeTenant('fife')
    const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    for (const form of [
      { email: 'not-an-email', role: 'moderator' },
      { email: 'ok@fife.test', role: 'national_admin' },
      { email: '<script>@x.y', role: 'moderator' },
    ]) {
      const response = await client
        .post('/staff/invitations')
        .header('host', FIFE)
        .loginAs(admin)
        .form(form)
        .withCsrfToken()
        .redirects(0)
      response.assertStatus(302)
    }
    fake.messages.assertNoneQueued()
    mail.restore()
  })
})

test.group('Password reset', (group) => {
  isolateEachTest(group)

  test('a reset link is single use, and works only on the host it was asked on', async ({
    client,
    assert,
  }) => {
    const fake = mail.fake()
    const fife = await makeTenant('fife')
    await makeTenant('england')
    await makeStaff(fife, 'moderator', 'mo@fife.test')

    const asked = await client
      .post('/staff/password/forgot')
      .header('host', FIFE)
      .form({ email: 'MO@fife.test' })
      .withCsrfToken()
    asked.assertStatus(200)
    const link = linkPath(await lastMailText(fake))
    mail.restore()
    assert.equal(link.hostname, FIFE)

    ;(await client.get(link.pathname).header('host', ENGLAND)).assertStatus(404)
    ;(await client.get(link.pathname).header('host', FIFE)).assertStatus(200)

    const changed = await client
      .post(link.pathname)
      .header('host', FIFE)
      .form({ password: 'my-new-long-password', password_confirmation: 'my-new-long-password' })
      .withCsrfToken()
      .redirects(0)
    assert.equal(changed.header('location'), '/staff/sign-in')
    await User.verifyCredentials('mo@fife.test', 'my-new-long-password')

    const reused = await client
      .post(link.pathname)
      .header('host', FIFE)
      .form({ password: 'attacker-password-1', password_confirmation: 'attacker-password-1' })
      .withCsrfToken()
    reused.assertStatus(404)
  })

  test('asking for an unknown address says the same and sends nothing', async ({
    client,
    assert,
  }) => {
    const fake = mail.fake()
    await makeTenant('fife')
    const response = await client
      .post('/staff/password/forgot')
      .header('host', FIFE)
      .form({ email: 'nobody@fife.test' })
      .withCsrfToken()
    response.assertStatus(200)
    assert.include(response.text(), 'Check your email')
    fake.messages.assertNoneQueued()
    mail.restore()
  })

  test('an expired link is refused, and a weak password too', async ({ client }) => {
    const fake = mail.fake()
    const fife = await makeTenant('fife')
    await makeStaff(fife, 'moderator', 'mo@fife.test')
    await client
      .post('/staff/password/forgot')
      .header('host', FIFE)
      .form({ email: 'mo@fife.test' })
      .withCsrfToken()
    const link = linkPath(await lastMailText(fake))
    mail.restore()

    const weak = await client
      .post(link.pathname)
      .header('host', FIFE)
      .form({ password: 'short', password_confirmation: 'short' })
      .withCsrfToken()
      .redirects(0)
    weak.assertStatus(302)
    await User.verifyCredentials('mo@fife.test', TEST_PASSWORD)

    await PasswordReset.query().update({ expiresAt: DateTime.now().minus({ minutes: 1 }).toSQL() })
    ;(await client.get(link.pathname).header('host', FIFE)).assertStatus(404)
  })
})
