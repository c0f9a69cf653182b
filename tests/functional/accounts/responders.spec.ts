import { test } from '@japa/runner'
import MembershipGrant from '#commands/membership_grant'
import Service from '#models/service'
import type User from '#models/user'
import { StaffRights } from '#services/accounts/staff_rights'
import { respondFor } from '#abilities/main'
import { tenancy } from '#tenancy/context'
import { refused, succeeds } from '#tests/helpers/commands'
import { demoDirectory } from '#tests/helpers/directory'
import { isolateEachTest, makeUser } from '#tests/helpers/tenants'

/** Whether `user` may respond for the service `ref` in the current tenant. */
async function mayRespond(user: User, ref: string) {
  user.rights = await StaffRights.load(user)
  const service = await Service.findByOrFail('ref', ref)
  return respondFor.execute(user, service.ancestry)
}

test.group('Responders cover their services and everything below them', (group) => {
  isolateEachTest(group)

  test('a hospital responder may respond for its wards, not for another hospital or tenant', async ({
    assert,
  }) => {
    const { fife, england } = await demoDirectory()
    const user = await makeUser('responder@fife.test')
    await succeeds(MembershipGrant, [
      '--tenant=fife',
      '--email=responder@fife.test',
      '--role=responder',
      '--service=victoria-hospital',
    ])
    await tenancy.run(fife, async () => {
      assert.isTrue(await mayRespond(user, 'victoria-hospital'))
      assert.isTrue(await mayRespond(user, 'victoria-hospital-ward-6'))
      assert.isFalse(await mayRespond(user, 'queen-margaret-hospital'))
      assert.isFalse(await mayRespond(user, 'nhs-fife'))
    })
    await tenancy.run(england, async () => {
      assert.isFalse(await mayRespond(user, 'leeds-teaching-hospitals'))
    })
  })

  test('a service of another tenant cannot be granted', async ({ assert }) => {
    await demoDirectory()
    await makeUser('responder@fife.test')
    await refused(
      assert,
      MembershipGrant,
      [
        '--tenant=fife',
        '--email=responder@fife.test',
        '--role=responder',
        '--service=leeds-teaching-hospitals',
      ],
      'No service in this tenant has the ref leeds-teaching-hospitals'
    )
  })
})
