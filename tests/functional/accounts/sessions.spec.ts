import { test } from '@japa/runner'
import mail from '@adonisjs/mail/services/main'
import db from '@adonisjs/lucid/services/db'
import AuditEvent from '#models/audit_event'
import PlatformAuditEvent from '#models/platform_audit_event'
import UserDisable from '#commands/user_disable'
import MembershipRevoke from '#commands/membership_revoke'
import { enqueue, work } from '#services/platform/job_queue'
import { browserOf, networkOf } from '#services/accounts/staff_sessions'
import { tenancy } from '#tenancy/context'
import { succeeds } from '#tests/helpers/commands'
import { TEST_PASSWORD, isolateEachTest, makeStaff, makeTenant } from '#tests/helpers/tenants'
import { Visitor } from '#tests/helpers/visitor'

const FIFE = 'fife.localhost'
const ENGLAND = 'england.localhost'
const CHROME_ON_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36'

/* Every test here uses real cookies over HTTP against the database store. */

async function sessionRowsOf(userId: number) {
  return db.from('sessions').where('user_id', userId).select('*')
}

async function signedInMoOnFife() {
  const fife = await makeTenant('fife')
  const user = await makeStaff(fife, 'moderator', 'mo@fife.test', { name: 'Morag Fife' })
  const visitor = new Visitor(FIFE)
  await visitor.signIn('mo@fife.test', TEST_PASSWORD)
  return { fife, user, visitor }
}

async function tenantAudit(tenant: Awaited<ReturnType<typeof makeTenant>>, action: string) {
  return tenancy.run(tenant, () => AuditEvent.query().where('action', action).first())
}

test.group('Signing out ends the session on the server', (group) => {
  isolateEachTest(group)

  test('a copy of the session cookie taken before sign-out is not signed in after it', async ({
    assert,
  }) => {
    const { user, visitor } = await signedInMoOnFife()
    const stolen = visitor.copy()
    assert.isTrue(await stolen.isSignedIn(), 'the copy works while the owner is signed in')

    const out = await visitor.post('/staff/sign-out')
    assert.equal(out.location, '/staff/sign-in')

    assert.isFalse(await stolen.isSignedIn())
    const signInPage = await stolen.get('/staff/sign-in')
    assert.notInclude(signInPage.text, 'Morag Fife', 'not even shown as signed in')
    assert.lengthOf(await sessionRowsOf(user.id), 0)
  })

  test('a session idle for two hours is over, on the server, whatever the cookie says', async ({
    assert,
  }) => {
    const { user, visitor } = await signedInMoOnFife()
    await db
      .from('sessions')
      .where('user_id', user.id)
      .update({ expires_at: new Date(Date.now() - 1000) })
    assert.isFalse(await visitor.isSignedIn())
  })

  test('page views move the idle expiry on, but write the session row at most once a minute', async ({
    assert,
  }) => {
    const { user, visitor } = await signedInMoOnFife()
    const expiryOf = async () => new Date((await sessionRowsOf(user.id))[0].expires_at).getTime()
    const justSignedIn = await expiryOf()
    assert.isTrue(await visitor.isSignedIn())
    assert.isTrue(await visitor.isSignedIn())
    assert.equal(await expiryOf(), justSignedIn, 'a write for each page view')

    /* The same session, last moved on two minutes ago: the next page view moves it again. */
    await db
      .from('sessions')
      .where('user_id', user.id)
      .update({ expires_at: new Date(justSignedIn - 120_000) })
    assert.isTrue(await visitor.isSignedIn())
    assert.isAtLeast(await expiryOf(), justSignedIn - 1000)
  })

  test('the hourly sessions.prune job deletes expired sessions and keeps live ones', async ({
    assert,
  }) => {
    const { user, visitor } = await signedInMoOnFife()
    const other = new Visitor(FIFE)
    await other.signIn('mo@fife.test', TEST_PASSWORD)
    const [stale] = await sessionRowsOf(user.id)
    await db
      .from('sessions')
      .where('id', stale.id)
      .update({ expires_at: new Date(Date.now() - 60_000) })

    await enqueue('sessions.prune', {})
    await work({ once: true, schedules: false })

    const left = await sessionRowsOf(user.id)
    assert.lengthOf(left, 1)
    assert.notEqual(left[0].id, stale.id)
    assert.isTrue((await visitor.isSignedIn()) !== (await other.isSignedIn()))
  })
})

test.group('Sign out everywhere and the list of sessions', (group) => {
  isolateEachTest(group)

  test('the account page lists each session with its host, browser and times, this one marked', async ({
    assert,
  }) => {
    const { visitor } = await signedInMoOnFife()
    const phone = new Visitor(FIFE, CHROME_ON_WINDOWS)
    await phone.signIn('mo@fife.test', TEST_PASSWORD)

    const page = await visitor.get('/staff/account')
    assert.equal(page.status, 200)
    assert.include(page.text, 'Where you are signed in')
    assert.include(page.text, 'Firefox on Linux')
    assert.include(page.text, 'Chrome on Windows')
    assert.include(page.text, FIFE)
    assert.equal(page.text.match(/This session/g)?.length, 1)
    assert.equal(page.text.match(/<button[^>]*>Sign out<span/g)?.length, 1, 'only the other one')
    assert.include(page.text, 'Sign out everywhere')
    assert.notInclude(page.text, visitor.cookies.get('carevoice-session')!.split('.')[0])
  })

  test('"Sign out everywhere" ends every session of the account at once, and is audited', async ({
    assert,
  }) => {
    const { fife, user, visitor } = await signedInMoOnFife()
    const laptop = new Visitor(FIFE, CHROME_ON_WINDOWS)
    await laptop.signIn('mo@fife.test', TEST_PASSWORD)
    const stolen = laptop.copy()

    await visitor.get('/staff/account')
    const out = await visitor.post('/staff/account/sessions', {}, 'DELETE')
    assert.equal(out.location, '/staff/sign-in')
    const signInPage = await visitor.get('/staff/sign-in')
    assert.include(signInPage.text, 'You have been signed out everywhere')

    assert.isFalse(await visitor.isSignedIn())
    assert.isFalse(await laptop.isSignedIn())
    assert.isFalse(await stolen.isSignedIn())
    assert.lengthOf(await sessionRowsOf(user.id), 0)
    const entry = await tenantAudit(fife, 'sessions.ended_everywhere')
    assert.equal(entry?.actorId, user.id)
    assert.deepEqual(entry?.details, { sessions: 2 })
  })

  test('signing out one other session from the list ends that one only', async ({ assert }) => {
    const { fife, user, visitor } = await signedInMoOnFife()
    const laptop = new Visitor(FIFE, CHROME_ON_WINDOWS)
    await laptop.signIn('mo@fife.test', TEST_PASSWORD)

    const page = await visitor.get('/staff/account')
    const publicId = /action="\/staff\/account\/sessions\/([0-9a-f-]{36})\?_method=DELETE"/.exec(
      page.text
    )![1]
    const ended = await visitor.post(`/staff/account/sessions/${publicId}`, {}, 'DELETE')
    assert.equal(ended.location, '/staff/account#sessions')
    assert.include((await visitor.get('/staff/account')).text, 'That session has been signed out')

    assert.isFalse(await laptop.isSignedIn())
    assert.isTrue(await visitor.isSignedIn())
    const entry = await tenantAudit(fife, 'session.ended')
    assert.deepEqual(entry?.details, { session: publicId })
    assert.lengthOf(await sessionRowsOf(user.id), 1)
  })

  test("a Fife moderator cannot sign out an England account's session by its public id", async ({
    assert,
  }) => {
    const { visitor } = await signedInMoOnFife()
    const england = await makeTenant('england')
    const other = await makeStaff(england, 'moderator', 'mo@england.test')
    const englishVisitor = new Visitor(ENGLAND)
    await englishVisitor.signIn('mo@england.test', TEST_PASSWORD)
    const [row] = await sessionRowsOf(other.id)

    await visitor.get('/staff/account')
    const refused = await visitor.post(`/staff/account/sessions/${row.public_id}`, {}, 'DELETE')
    assert.equal(refused.location, '/staff/account#sessions')
    assert.include((await visitor.get('/staff/account')).text, 'That session had already ended')
    assert.isTrue(await englishVisitor.isSignedIn())
    assert.lengthOf(await sessionRowsOf(other.id), 1)

    const nonsense = await visitor.post('/staff/account/sessions/not-a-uuid', {}, 'DELETE')
    assert.equal(nonsense.status, 302)
  })
})

test.group('Changes to an account end its sessions', (group) => {
  isolateEachTest(group)

  test('a new password (by reset link) ends every session, the one resetting it included', async ({
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife, user, visitor } = await signedInMoOnFife()
    const stolen = visitor.copy()

    /* "Change your password by email link", in the same signed-in browser. */
    await visitor.get('/staff/password/forgot')
    await visitor.post('/staff/password/forgot', { email: 'mo@fife.test' })
    const message = fake.messages.queued().at(-1)!
    const link = new URL(String(message.nodeMailerMessage.text).match(/https?:\/\/\S+/)![0])
    await visitor.get(link.pathname)
    const changed = await visitor.post(link.pathname, {
      password: 'my-new-long-password',
      password_confirmation: 'my-new-long-password',
    })
    assert.equal(changed.location, '/staff/sign-in')

    assert.isFalse(await stolen.isSignedIn())
    assert.isFalse(await visitor.isSignedIn())
    assert.lengthOf(await sessionRowsOf(user.id), 0)
    const entry = await tenantAudit(fife, 'password.reset')
    assert.deepEqual(entry?.details, { sessionsEnded: 1 })
  })

  test('user:disable ends every session of the account at once', async ({ assert }) => {
    const { user, visitor } = await signedInMoOnFife()
    const stolen = visitor.copy()

    await succeeds(UserDisable, ['--email=mo@fife.test'])

    assert.lengthOf(await sessionRowsOf(user.id), 0)
    const signInPage = await stolen.get('/staff/sign-in')
    assert.notInclude(signInPage.text, 'Morag Fife', 'not shown as signed in anywhere')
    assert.isFalse(await stolen.isSignedIn())
    const entry = await PlatformAuditEvent.query().where('action', 'user.disabled').first()
    assert.deepEqual(entry?.details, { sessionsEnded: 1 })
  })

  test('membership:revoke signs the account out everywhere, rather than leaving it a 403', async ({
    assert,
  }) => {
    const { fife, user, visitor } = await signedInMoOnFife()
    await makeStaff(fife, 'tenant_admin', 'admin@fife.test')

    await succeeds(MembershipRevoke, ['--tenant=fife', '--email=mo@fife.test', '--role=moderator'])

    assert.isFalse(await visitor.isSignedIn())
    assert.lengthOf(await sessionRowsOf(user.id), 0)
    const entry = await tenantAudit(fife, 'membership.revoked')
    assert.equal(entry?.details.sessionsEnded, 1)
  })

  test("a tenant admin removing a member from the members page ends the member's sessions", async ({
    assert,
  }) => {
    const { fife, user, visitor } = await signedInMoOnFife()
    await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    const admin = new Visitor(FIFE)
    await admin.signIn('admin@fife.test', TEST_PASSWORD)
    const membershipId = await tenancy.run(fife, async () => {
      const row = await db.from('memberships').where('user_id', user.id).first()
      return row.id
    })

    await admin.get('/staff/members')
    const removed = await admin.post(`/staff/members/${membershipId}`, {}, 'DELETE')
    assert.equal(removed.location, '/staff/members')

    assert.isFalse(await visitor.isSignedIn())
    assert.isTrue(await admin.isSignedIn())
  })
})

test.group('What a session remembers about its browser', () => {
  test('a network, never an address', ({ assert }) => {
    assert.equal(networkOf('203.0.113.77'), '203.0.113.0/24')
    assert.equal(networkOf('::ffff:198.51.100.9'), '198.51.100.0/24')
    assert.equal(networkOf('2001:db8:abcd:12::1'), '2001:db8:abcd::/48')
    assert.equal(networkOf('::1'), '0:0:0::/48')
    assert.isNull(networkOf('not an address'))
  })

  test('a browser and a system a person recognises', ({ assert }) => {
    assert.deepEqual(browserOf(CHROME_ON_WINDOWS), { name: 'Chrome', os: 'Windows' })
    assert.deepEqual(browserOf(null), { name: null, os: null })
  })
})
