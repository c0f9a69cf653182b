import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import TenantDomain from '#models/tenant_domain'
import { TenantCommand } from '#tenancy/tenant_command'
import { isolateEachTest, makeTenant } from '#tests/helpers/tenants'

/** A command that reports what the tenant scope lets it see. */
class ListOwnDomains extends TenantCommand {
  static commandName = 'test:own-domains'
  seen: string[] = []

  async runInTenant() {
    this.seen = (await TenantDomain.all()).map((domain) => domain.hostname).sort()
  }
}

test.group('Commands working inside a tenant (--tenant)', (group) => {
  isolateEachTest(group)

  test('see only the chosen tenant', async ({ assert }) => {
    await makeTenant('fife', { hosts: ['fife.localhost', 'www.fife.localhost'] })
    await makeTenant('england')
    const ace = await app.container.make('ace')
    ace.ui.switchMode('raw')
    const command = await ace.create(ListOwnDomains, ['--tenant=fife'])
    await command.exec()
    command.assertSucceeded()
    assert.deepEqual(command.seen, ['fife.localhost', 'www.fife.localhost'])
    ace.ui.switchMode('normal')
  })

  test('refuse an unknown tenant with one clear line', async ({ assert }) => {
    const ace = await app.container.make('ace')
    ace.ui.switchMode('raw')
    const command = await ace.create(ListOwnDomains, ['--tenant=atlantis'])
    await command.exec()
    command.assertFailed()
    assert.deepEqual(command.seen, [])
    const errors = command.logger.getLogs().filter((log) => log.stream === 'stderr')
    assert.lengthOf(errors, 1)
    assert.include(errors[0].message, 'No tenant has the slug "atlantis"')
    ace.ui.switchMode('normal')
  })
})
