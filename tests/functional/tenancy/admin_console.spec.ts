import { test } from '@japa/runner'
import Tenant from '#models/tenant'
import PlatformAuditEvent from '#models/platform_audit_event'
import TenantDomain from '#models/tenant_domain'
import { tenancy } from '#tenancy/context'
import { isolateEachTest, makeNationalAdmin, makeTenant, makeUser } from '#tests/helpers/tenants'

const ADMIN = 'admin.localhost'

async function counts() {
  return tenancy.acrossTenants('test: count rows', async () => ({
    tenants: (await Tenant.all()).length,
    domains: (await TenantDomain.all()).length,
  }))
}

test.group('National admin console', (group) => {
  isolateEachTest(group)

  test('is never open: anonymous visitors are sent to sign in', async ({ client, assert }) => {
    for (const path of ['/', '/tenants/new', '/tenants/fife']) {
      const response = await client.get(path).header('host', ADMIN).redirects(0)
      response.assertStatus(302)
      assert.equal(response.header('location'), '/sign-in')
    }
    const post = await client
      .post('/tenants')
      .header('host', ADMIN)
      .form({ slug: 'x', name: 'X', domain: 'x.localhost' })
      .withCsrfToken()
      .redirects(0)
    post.assertStatus(302)
    assert.deepEqual(await counts(), { tenants: 0, domains: 0 })
  })

  test('signs in a national admin, and refuses a wrong password', async ({ client, assert }) => {
    await makeNationalAdmin('nat@carevoice.test')
    const wrong = await client
      .post('/sign-in')
      .header('host', ADMIN)
      .form({ email: 'nat@carevoice.test', password: 'not-it' })
      .withCsrfToken()
      .redirects(0)
    wrong.assertStatus(302)
    wrong.assertFlashMessage('inputErrorsBag', {
      email: ['Enter a correct email address and password'],
    })

    const right = await client
      .post('/sign-in')
      .header('host', ADMIN)
      .form({ email: 'NAT@carevoice.test', password: 'a-long-test-password' })
      .withCsrfToken()
      .redirects(0)
    right.assertStatus(302)
    assert.equal(right.header('location'), '/sign-in/two-factor')
  })

  test('a signed-in account that is not a national admin gets 403', async ({ client }) => {
    const user = await makeUser()
    const response = await client.get('/').header('host', ADMIN).loginAs(user)
    response.assertStatus(403)
  })

  test('lists every tenant with its domains', async ({ client, assert }) => {
    await makeTenant('fife', {
      name: 'Carevoice Fife',
      hosts: ['fife.localhost', 'www.fife.localhost'],
    })
    await makeTenant('england', { name: 'Carevoice England' })
    const admin = await makeNationalAdmin()
    const response = await client.get('/').header('host', ADMIN).loginAs(admin)
    response.assertStatus(200)
    for (const text of [
      'Carevoice Fife',
      'Carevoice England',
      'www.fife.localhost',
      'england.localhost',
    ]) {
      assert.include(response.text(), text)
    }
  })

  test('shows one tenant, and a 404 for an unknown one', async ({ client, assert }) => {
    await makeTenant('fife', { name: 'Carevoice Fife' })
    const admin = await makeNationalAdmin()
    const page = await client.get('/tenants/fife').header('host', ADMIN).loginAs(admin)
    page.assertStatus(200)
    assert.include(page.text(), 'Carevoice Fife')
    const missing = await client
      .get('/tenants/nowhere')
      .header('host', ADMIN)
      .loginAs(admin)
      .redirects(0)
    assert.notEqual(missing.status(), 200)
  })

  test('creates a fourth tenant that serves pages at once', async ({ client, assert }) => {
    await makeTenant('fife')
    const admin = await makeNationalAdmin()
    const created = await client
      .post('/tenants')
      .header('host', ADMIN)
      .loginAs(admin)
      .form({ slug: 'lothian', name: 'Carevoice Lothian', domain: 'lothian.localhost' })
      .withCsrfToken()
      .redirects(0)
    created.assertStatus(302)
    assert.equal(created.header('location'), '/tenants/lothian')

    const site = await client.get('/').header('host', 'lothian.localhost')
    site.assertStatus(200)
    assert.include(site.text(), 'Carevoice Lothian')
  })

  test('refuses bad tenants with a message per field and writes nothing', async ({
    client,
    assert,
  }) => {
    await makeTenant('fife')
    const admin = await makeNationalAdmin()
    const before = await counts()
    const attempts = [
      [{ slug: 'new', name: 'New', domain: 'fife.localhost' }, 'domain', 'already a domain'],
      [{ slug: 'new', name: 'New', domain: 'admin.localhost' }, 'domain', 'admin'],
      [{ slug: 'new', name: 'New', domain: 'not a host' }, 'domain', 'host name'],
      [{ slug: 'fife', name: 'New', domain: 'new.localhost' }, 'slug', 'already exists'],
      [{ slug: 'Bad Slug!', name: 'New', domain: 'new.localhost' }, 'slug', ''],
      [{ slug: 'new', name: '', domain: 'new.localhost' }, 'name', ''],
      [{ slug: 'new', name: '<script>alert(1)</script>', domain: 'new.localhost' }, 'name', ''],
      [{ slug: "new'; drop table tenants; --", name: 'New', domain: 'new.localhost' }, 'slug', ''],
    ] as const
    for (const [form, field, text] of attempts) {
      const response = await client
        .post('/tenants')
        .header('host', ADMIN)
        .loginAs(admin)
        .form(form)
        .withCsrfToken()
        .redirects(0)
      response.assertStatus(302)
      const bag = response.flashMessage('inputErrorsBag') as Record<string, string[]>
      assert.property(bag, field, JSON.stringify(form))
      assert.include(bag[field][0], text)
    }
    assert.deepEqual(await counts(), before)
  })

  test('edits a tenant: name, languages and theme; a too-light brand colour is refused', async ({
    client,
    assert,
  }) => {
    await makeTenant('fife', { name: 'Carevoice Fife' })
    const admin = await makeNationalAdmin()
    const saved = await client
      .put('/tenants/fife')
      .header('host', ADMIN)
      .loginAs(admin)
      .form({
        name: 'Carevoice Fife (renamed)',
        defaultLocale: 'en-GB',
        enabledLocales: ['en-GB', 'cy'],
        timeZone: 'Europe/London',
        tagline: 'A new tagline',
        brandColour: '#224466',
        footerLinkLabel0: 'About',
        footerLinkUrl0: '/about',
        requireTwoFactor: 'on',
      })
      .withCsrfToken()
      .redirects(0)
    saved.assertStatus(302)
    const site = await client.get('/').header('host', 'fife.localhost')
    assert.include(site.text(), 'Carevoice Fife (renamed)')
    assert.include(site.text(), 'A new tagline')
    assert.include(site.text(), 'href="/about"')
    const theme = await client.get('/theme.css').header('host', 'fife.localhost')
    assert.include(theme.text(), '#224466')
    const fife = await Tenant.findByOrFail('slug', 'fife')
    assert.isTrue(fife.requireTwoFactor)
    const logged = await PlatformAuditEvent.query().where('action', 'tenant.updated').first()
    assert.equal(logged?.actorEmail, admin.email)

    const refused = await client
      .put('/tenants/fife')
      .header('host', ADMIN)
      .loginAs(admin)
      .form({
        name: 'Carevoice Fife (renamed)',
        brandColour: '#ffff00',
        logoUrl: 'javascript:alert(1)',
      })
      .withCsrfToken()
      .redirects(0)
    const bag = refused.flashMessage('inputErrorsBag') as Record<string, string[]>
    assert.property(bag, 'logoUrl')
    const themeAfter = await client.get('/theme.css').header('host', 'fife.localhost')
    assert.include(themeAfter.text(), '#224466')
  })

  test('suspends and resumes a tenant', async ({ client }) => {
    await makeTenant('fife')
    const admin = await makeNationalAdmin()
    await client
      .post('/tenants/fife/suspend')
      .header('host', ADMIN)
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    ;(await client.get('/').header('host', 'fife.localhost')).assertStatus(503)
    await client
      .post('/tenants/fife/resume')
      .header('host', ADMIN)
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    ;(await client.get('/').header('host', 'fife.localhost')).assertStatus(200)
  })

  test('manages domains: add, make primary, remove; never removes the primary', async ({
    client,
    assert,
  }) => {
    await makeTenant('fife')
    await makeTenant('england')
    const admin = await makeNationalAdmin()
    const as = (request: ReturnType<typeof client.post>) =>
      request.header('host', ADMIN).loginAs(admin).withCsrfToken().redirects(0)

    await as(client.post('/tenants/fife/domains').form({ hostname: 'care.fife.localhost' }))
    ;(await client.get('/').header('host', 'care.fife.localhost').redirects(0)).assertStatus(301)

    const taken = await as(
      client.post('/tenants/fife/domains').form({ hostname: 'england.localhost' })
    )
    assert.property(taken.flashMessage('inputErrorsBag'), 'hostname')

    await as(client.post('/tenants/fife/domains/care.fife.localhost/primary'))
    ;(await client.get('/').header('host', 'care.fife.localhost')).assertStatus(200)
    ;(await client.get('/').header('host', 'fife.localhost').redirects(0)).assertStatus(301)

    const primaryRemoval = await as(client.delete('/tenants/fife/domains/care.fife.localhost'))
    assert.property(primaryRemoval.flashMessage('inputErrorsBag'), 'hostname')

    await as(client.delete('/tenants/fife/domains/fife.localhost'))
    ;(await client.get('/').header('host', 'fife.localhost')).assertStatus(404)

    const otherTenants = await as(client.delete('/tenants/fife/domains/england.localhost'))
    assert.property(otherTenants.flashMessage('inputErrorsBag'), 'hostname')
    ;(await client.get('/').header('host', 'england.localhost')).assertStatus(200)
  })
})
