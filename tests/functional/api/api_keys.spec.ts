import { test } from '@japa/runner'
import ApiKey from '#models/api_key'
import AuditEvent from '#models/audit_event'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { isolateEachTest, makeStaff } from '#tests/helpers/tenants'
import { makeApiKey } from '#tests/helpers/api'

const FIFE = 'fife.localhost'
const ENGLAND = 'england.localhost'

function secretIn(html: string) {
  const match = html.match(/cvk_[A-Za-z0-9_-]+/)
  if (!match) throw new Error('no key on the page')
  return match[0]
}

test.group('API keys: the staff page', (group) => {
  isolateEachTest(group)

  test('a tenant admin makes, rotates and revokes a key; the secret is shown once and every change audited', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    const made = await client
      .post('/staff/api-keys')
      .header('host', FIFE)
      .loginAs(admin)
      .form({
        'name': 'Victoria kiosk',
        'scopes[]': ['read', 'submit'],
        'services': 'victoria-hospital',
      })
      .withCsrfToken()
      .redirects(0)
    made.assertStatus(200)
    assert.equal(made.header('cache-control'), 'no-store')
    const secret = secretIn(made.text())
    const key = await tenancy.run(fife, async () => ApiKey.firstOrFail())
    assert.deepEqual(key.scopes, ['read', 'submit'])
    assert.lengthOf(key.serviceIds, 1)
    assert.notInclude(JSON.stringify(key.$attributes), secret.slice(12))

    const list = async () =>
      (await client.get('/staff/api-keys').header('host', FIFE).loginAs(admin)).text()
    assert.notInclude(await list(), secret, 'the secret is never shown again')
    assert.include(await list(), `cvk_${key.prefix}`)
    assert.include(await list(), 'Never')

    const used = await client
      .get('/api/v1/tags')
      .header('host', FIFE)
      .header('authorization', `Bearer ${secret}`)
    used.assertStatus(200)
    assert.notInclude(await list(), '>Never<')

    const rotated = await client
      .post(`/staff/api-keys/${key.id}/rotate`)
      .header('host', FIFE)
      .loginAs(admin)
      .withCsrfToken()
    const newSecret = secretIn(rotated.text())
    assert.notEqual(newSecret, secret)
    const old = await client
      .get('/api/v1/tags')
      .header('host', FIFE)
      .header('authorization', `Bearer ${secret}`)
    old.assertStatus(401)
    const fresh = await client
      .get('/api/v1/tags')
      .header('host', FIFE)
      .header('authorization', `Bearer ${newSecret}`)
    fresh.assertStatus(200)

    const revoked = await client
      .delete(`/staff/api-keys/${key.id}`)
      .header('host', FIFE)
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    assert.equal(revoked.header('location'), '/staff/api-keys')
    const after = await client
      .get('/api/v1/tags')
      .header('host', FIFE)
      .header('authorization', `Bearer ${newSecret}`)
    after.assertStatus(401)
    assert.equal(after.body().type, '/api#problem-invalid-key')

    const actions = await tenancy.run(fife, async () =>
      (await AuditEvent.query().where('subject_type', 'api_key').orderBy('id')).map(
        (event) => event.action
      )
    )
    assert.deepEqual(actions, ['api_key.created', 'api_key.rotated', 'api_key.revoked'])
  })

  test('a key with no scope or an unknown service is refused with the reason', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    const unknown = await client
      .post('/staff/api-keys')
      .header('host', FIFE)
      .loginAs(admin)
      .form({ 'name': 'Kiosk', 'scopes[]': ['read'], 'services': 'leeds-teaching-hospitals' })
      .withCsrfToken()
      .redirects(0)
    assert.equal(unknown.header('location'), '/staff/api-keys')
    assert.include(
      JSON.stringify(unknown.flashMessages()),
      'There is no service leeds-teaching-hospitals.'
    )
    assert.equal(await tenancy.run(fife, async () => (await ApiKey.all()).length), 0)
  })

  test('a member of staff who is not a tenant admin cannot see or make keys', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const page = await client.get('/staff/api-keys').header('host', FIFE).loginAs(moderator)
    page.assertStatus(403)
    const made = await client
      .post('/staff/api-keys')
      .header('host', FIFE)
      .loginAs(moderator)
      .form({ 'name': 'Mine', 'scopes[]': ['read'] })
      .withCsrfToken()
    made.assertStatus(403)
    assert.equal(await tenancy.run(fife, async () => (await ApiKey.all()).length), 0)
  })

  test('another tenant’s key cannot be rotated or revoked', async ({ client, assert }) => {
    const { fife, england } = await demoDirectory()
    const { apiKey, secret } = await makeApiKey(fife, ['read'])
    const englandAdmin = await makeStaff(england, 'tenant_admin', 'admin@england.test')
    const rotate = await client
      .post(`/staff/api-keys/${apiKey.id}/rotate`)
      .header('host', ENGLAND)
      .loginAs(englandAdmin)
      .withCsrfToken()
      .redirects(0)
    assert.notEqual(rotate.status(), 200)
    const revoke = await client
      .delete(`/staff/api-keys/${apiKey.id}`)
      .header('host', ENGLAND)
      .loginAs(englandAdmin)
      .withCsrfToken()
      .redirects(0)
    assert.notInclude([200, 201], revoke.status())
    const list = await client.get('/staff/api-keys').header('host', ENGLAND).loginAs(englandAdmin)
    assert.notInclude(list.text(), apiKey.prefix)
    const still = await client
      .get('/api/v1/tags')
      .header('host', FIFE)
      .header('authorization', `Bearer ${secret}`)
    still.assertStatus(200)
    const made = await client
      .post('/staff/api-keys')
      .header('host', ENGLAND)
      .loginAs(englandAdmin)
      .form({ 'name': 'England kiosk', 'scopes[]': ['read'] })
      .withCsrfToken()
    const englandSecret = secretIn(made.text())
    const crossed = await client
      .get('/api/v1/tags')
      .header('host', FIFE)
      .header('authorization', `Bearer ${englandSecret}`)
    crossed.assertStatus(401)
    const fifeKey = await tenancy.run(fife, async () => ApiKey.findOrFail(apiKey.id))
    assert.isNull(fifeKey.revokedAt)
  })
})
