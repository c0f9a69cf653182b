import { test } from '@japa/runner'
import loggerConfig from '#config/logger'
import { retireTenant } from '#services/tenants/transfer/retire_tenant'
import { isolateEachTest, makeNationalAdmin, makeTenant } from '#tests/helpers/tenants'
import { get } from '#tests/helpers/deployment_b'

test.group('Deployment identity', (group) => {
  isolateEachTest(group)

  test('/health/ready names the deployment (local unless DEPLOYMENT_NAME says otherwise)', async ({
    client,
    assert,
  }) => {
    const response = await client.get('/health/ready')
    response.assertStatus(200)
    assert.deepEqual(response.body().deployment, { name: 'local', region: null })
  })

  test('every log line carries the deployment', async ({ assert }) => {
    const base = (loggerConfig.loggers.app as { base?: Record<string, unknown> }).base
    assert.equal(base?.deployment, 'local')
    assert.property(base, 'pid')
  })

  test('the national console names its deployment and lists its tenants, moved ones marked', async ({
    client,
    assert,
  }) => {
    await makeTenant('fife', { name: 'Carevoice Fife' })
    await retireTenant('fife', 'https://fife.scotland.example')
    const admin = await makeNationalAdmin()
    const response = await client.get('/').header('host', 'admin.localhost').loginAs(admin)
    response.assertStatus(200)
    assert.include(response.text(), 'This deployment: local')
    assert.include(response.text(), 'Moved to https://fife.scotland.example')
  })

  test('a retired tenant answers 301 everywhere but its health checks', async ({ assert }) => {
    await makeTenant('fife', { hosts: ['fife.localhost'] })
    await retireTenant('fife', 'https://fife.scotland.example/')
    const port = Number(process.env.PORT)
    const page = await get(port, 'fife.localhost', '/services?page=2')
    assert.equal(page.status, 301)
    assert.equal(page.headers.location, 'https://fife.scotland.example/services?page=2')
    const health = await get(port, 'fife.localhost', '/health/live')
    assert.equal(health.status, 200)
  })
})
