/**
 * While PostgreSQL refuses new connections (a smart shutdown, a restart),
 * readiness says 503 and pages answer a friendly 503 with Retry-After
 * instead of 500s; once the database is back everything recovers without
 * a restart. The outages are real: the app's own connection goes through a
 * TCP proxy that refuses new connections or cuts open ones.
 */
import { test } from '@japa/runner'
import { setTimeout as sleep } from 'node:timers/promises'
import type { ApiClient } from '@japa/api-client'
import Tenant from '#models/tenant'
import TenantDomain from '#models/tenant_domain'
import { tenancy } from '#tenancy/context'
import { hostCache } from '#tenancy/host_cache'
import { makeTenant } from '#tests/helpers/tenants'
import { throughDatabaseProxy } from '#tests/helpers/database_proxy'

const HOST = 'outage.localhost'

/** Readiness results are cached for about a second: ask until it changes or 5 s pass. */
async function readinessStatus(client: ApiClient, expected: number) {
  let status = 0
  for (let attempt = 0; attempt < 25 && status !== expected; attempt++) {
    if (attempt > 0) await sleep(200)
    status = (await client.get('/health/ready')).status()
  }
  return status
}

test.group('Database outage', (group) => {
  group.setup(async () => {
    hostCache.clear()
    const tenant = await makeTenant('outage', {
      name: 'Carevoice Outage',
      tagline: 'Outage tagline',
    })
    return async () => {
      hostCache.clear()
      await tenancy.acrossTenants('test clean-up', async () => {
        await TenantDomain.query().where('tenant_id', tenant.id).delete()
        await Tenant.query().where('id', tenant.id).delete()
      })
    }
  })

  test('readiness fails as soon as new connections are refused, even while pooled ones still work', async ({
    client,
    assert,
  }) => {
    await throughDatabaseProxy(async (proxy) => {
      ;(await client.get('/services').header('host', HOST)).assertStatus(200)
      assert.equal(await readinessStatus(client, 200), 200)

      await proxy.refuseNew()
      /* The pool's open connection still serves pages... */
      ;(await client.get('/services').header('host', HOST)).assertStatus(200)
      /* ...but the next burst of traffic would not get a connection, so: not ready. */
      assert.equal(await readinessStatus(client, 503), 503)
      const ready = await client.get('/health/ready')
      assert.equal(ready.header('retry-after'), '10')
      const check = ready.body().checks.find((c: { name: string }) => /database/i.test(c.name))
      assert.equal(check.status, 'error')
      assert.include(check.message, 'new database connection failed')
      ;(await client.get('/health/live')).assertStatus(200)

      await proxy.acceptAgain()
      assert.equal(await readinessStatus(client, 200), 200)
    })
  })

  test('pages and JSON answer 503 with Retry-After while the database is gone, and recover by themselves', async ({
    client,
    assert,
  }) => {
    await throughDatabaseProxy(async (proxy) => {
      ;(await client.get('/services').header('host', HOST)).assertStatus(200)

      await proxy.refuseNew()
      proxy.dropAll()

      const page = await client.get('/services').header('host', HOST).header('accept', 'text/html')
      page.assertStatus(503)
      assert.equal(page.header('retry-after'), '10')
      assert.include(page.text(), 'the service is unavailable for a moment')
      assert.include(page.text(), 'Outage tagline', "in the tenant's own layout")
      assert.notInclude(page.text(), 'ECONNREFUSED')

      const api = await client
        .get('/services/search.json?q=ward')
        .header('host', HOST)
        .accept('json')
      api.assertStatus(503)
      assert.equal(api.header('retry-after'), '10')
      assert.include(api.header('content-type'), 'application/problem+json')
      assert.equal(api.body().status, 503)
      assert.include(api.body().detail, 'cannot reach its database')

      const form = await client
        .post('/staff/sign-in')
        .header('host', HOST)
        .withCsrfToken()
        .form({ email: 'someone@example.org', password: 'whatever-it-is' })
        .redirects(0)
      form.assertStatus(503)

      /* Past the host cache's few seconds, the last known tenant still gets its own page. */
      const now = Date.now
      Date.now = () => now() + 60_000
      try {
        const later = await client.get('/services').header('host', HOST)
        later.assertStatus(503)
        assert.include(later.text(), 'Outage tagline')
      } finally {
        Date.now = now
      }

      /* A host not seen since the outage began cannot be told apart: 503, never a 404. */
      hostCache.clear()
      const unseen = await client.get('/services').header('host', HOST)
      unseen.assertStatus(503)
      assert.equal(unseen.header('retry-after'), '10')
      ;(await client.get('/health/live')).assertStatus(200)

      await proxy.acceptAgain()
      ;(await client.get('/services').header('host', HOST)).assertStatus(200)
      assert.equal(await readinessStatus(client, 200), 200)
    })
  })
})
