import { test } from '@japa/runner'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import Membership from '#models/membership'
import PlatformAuditEvent from '#models/platform_audit_event'
import AuditEvent from '#models/audit_event'
import User from '#models/user'
import UserCreate from '#commands/user_create'
import UserDisable from '#commands/user_disable'
import MembershipGrant from '#commands/membership_grant'
import MembershipRevoke from '#commands/membership_revoke'
import { tenancy } from '#tenancy/context'
import { refused, succeeds } from '#tests/helpers/commands'
import { isolateEachTest, makeStaff, makeTenant, makeUser } from '#tests/helpers/tenants'

/** user:create without a piped password, as from a terminal. */
class UserCreateFromTerminal extends UserCreate {
  protected async passwordFromStdin() {
    return undefined
  }
}

async function rowCounts() {
  return tenancy.acrossTenants('test: count account rows', async () => ({
    users: (await User.all()).length,
    memberships: (await Membership.all()).length,
  }))
}

test.group('Account commands', (group) => {
  isolateEachTest(group)

  test('user:create makes an account, generating a password shown once', async ({ assert }) => {
    const { stdout } = await succeeds(UserCreateFromTerminal, [
      '--email=New.Admin@Carevoice.test',
      '--name=New Admin',
      '--national-admin',
    ])
    const password = stdout.join('\n').match(/Password: (\S+)/)![1]
    const user = await User.verifyCredentials('new.admin@carevoice.test', password)
    assert.isTrue(user.isNationalAdmin)
    assert.exists(await PlatformAuditEvent.findBy('action', 'user.created'))
  })

  test('user:create refuses a duplicate, a bad email or an empty name, writing nothing', async ({
    assert,
  }) => {
    await makeUser('taken@carevoice.test')
    const before = await rowCounts()
    await refused(
      assert,
      UserCreateFromTerminal,
      ['--email=TAKEN@carevoice.test', '--name=X'],
      'already exists'
    )
    await refused(assert, UserCreateFromTerminal, ['--email=not-an-email', '--name=X'], 'email')
    await refused(assert, UserCreateFromTerminal, ['--email=a@b.test', '--name=  '], 'name')
    await refused(
      assert,
      UserCreateFromTerminal,
      [`--email=${'x'.repeat(300)}@b.test`, '--name=X'],
      'email'
    )
    assert.deepEqual(await rowCounts(), before)
  })

  test('membership:grant and revoke, with every refusal leaving the database unchanged', async ({
    assert,
  }) => {
    const fife = await makeTenant('fife')
    await makeTenant('england')
    await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    await makeUser('mo@fife.test')

    await succeeds(MembershipGrant, ['--tenant=fife', '--email=mo@fife.test', '--role=moderator'])
    const granted = await tenancy.run(fife, async () =>
      Membership.query().where('role', 'moderator')
    )
    assert.lengthOf(granted, 1)
    assert.exists(
      await tenancy.run(fife, async () => AuditEvent.findBy('action', 'membership.granted'))
    )

    const before = await rowCounts()
    await refused(
      assert,
      MembershipGrant,
      ['--tenant=atlantis', '--email=mo@fife.test', '--role=moderator'],
      'atlantis'
    )
    await refused(
      assert,
      MembershipGrant,
      ['--tenant=fife', '--email=nobody@fife.test', '--role=moderator'],
      'No account'
    )
    await refused(
      assert,
      MembershipGrant,
      ['--tenant=fife', '--email=mo@fife.test', '--role=overlord'],
      'role'
    )
    await refused(
      assert,
      MembershipGrant,
      ['--tenant=fife', '--email=mo@fife.test', '--role=moderator'],
      'already'
    )
    await refused(
      assert,
      MembershipGrant,
      ['--tenant=fife', '--email=mo@fife.test', '--role=responder'],
      'at least one service'
    )
    await refused(
      assert,
      MembershipGrant,
      ['--tenant=fife', '--email=mo@fife.test', '--role=tenant_admin', '--service=ward-6'],
      'Only responders'
    )
    await refused(
      assert,
      MembershipRevoke,
      ['--tenant=fife', '--email=admin@fife.test', '--role=tenant_admin'],
      'at least one tenant admin'
    )
    await refused(
      assert,
      MembershipRevoke,
      ['--tenant=england', '--email=mo@fife.test', '--role=moderator'],
      'is not moderator'
    )
    assert.deepEqual(await rowCounts(), before)

    await succeeds(MembershipRevoke, ['--tenant=fife', '--email=mo@fife.test', '--role=moderator'])
    const left = await tenancy.run(fife, async () => Membership.query().where('role', 'moderator'))
    assert.lengthOf(left, 0)
  })

  test('user:disable stops an account from signing in', async ({ assert, client }) => {
    const fife = await makeTenant('fife')
    await makeStaff(fife, 'moderator', 'mo@fife.test')
    await succeeds(UserDisable, ['--email=mo@fife.test'])
    await refused(assert, UserDisable, ['--email=mo@fife.test'], 'already disabled')
    await refused(assert, UserDisable, ['--email=ghost@fife.test'], 'No account')
    const response = await client
      .post('/staff/sign-in')
      .header('host', 'fife.localhost')
      .form({ email: 'mo@fife.test', password: 'a-long-test-password' })
      .withCsrfToken()
      .redirects(0)
    response.assertFlashMessage('inputErrorsBag', {
      email: ['Enter a correct email address and password'],
    })
  })

  test('user:create reads a piped password in a real process', async ({ assert }) => {
    const root = fileURLToPath(new URL('../../../', import.meta.url))
    const email = `piped-${Date.now()}@carevoice.test`
    const result = spawnSync(
      process.execPath,
      ['ace.js', 'user:create', `--email=${email}`, '--name=Piped Person'],
      {
        cwd: root,
        env: process.env,
        input: 'a-piped-long-password\n',
        encoding: 'utf8',
        timeout: 60_000,
      }
    )
    assert.equal(result.status, 0, result.stderr)
    assert.notInclude(result.stdout, 'Password:')
    const user = await User.findByOrFail('email', email)
    await User.verifyCredentials(email, 'a-piped-long-password')
    await tenancy.acrossTenants('test cleanup', async () => {
      await user.delete()
    })
  })
})
