import { test } from '@japa/runner'
import { isolateEachTest, makeTenant } from '#tests/helpers/tenants'
import { setTenantStatus, createTenant } from '#services/tenants/manage_tenants'

test.group('Host resolution', (group) => {
  isolateEachTest(group)

  test('each tenant answers on its own host with its own name and theme', async ({
    client,
    assert,
  }) => {
    await makeTenant('england', { name: 'Carevoice England', brand: '#005eb8' })
    await makeTenant('fife', { name: 'Carevoice Fife', brand: '#00594f' })
    await makeTenant('ayrshire-arran', { name: 'Carevoice Ayrshire and Arran', brand: '#5b2a86' })

    for (const [host, name, brand] of [
      ['england.localhost', 'Carevoice England', '#005eb8'],
      ['fife.localhost', 'Carevoice Fife', '#00594f'],
      ['ayrshire-arran.localhost', 'Carevoice Ayrshire and Arran', '#5b2a86'],
    ]) {
      const page = await client.get('/').header('host', host)
      page.assertStatus(200)
      assert.include(page.text(), `<title>Home – ${name}</title>`)
      const others = ['Carevoice England', 'Carevoice Fife', 'Carevoice Ayrshire and Arran'].filter(
        (other) => other !== name
      )
      for (const other of others) assert.notInclude(page.text(), other)

      const theme = await client.get('/theme.css').header('host', host)
      theme.assertStatus(200)
      assert.include(theme.text(), `--colour-brand: ${brand};`)
    }
  })

  test('an unknown host gets a bare 404 that names no tenant', async ({ client, assert }) => {
    await makeTenant('fife', { name: 'Carevoice Fife' })
    for (const path of ['/', '/theme.css', '/anything']) {
      const response = await client.get(path).header('host', 'nowhere.example.org')
      response.assertStatus(404)
      assert.equal(response.text(), 'Not found')
    }
  })

  test('host matching is exact: a longer or shorter host is unknown', async ({ client }) => {
    await makeTenant('fife')
    for (const host of [
      'evil-fife.localhost',
      'fife.localhost.evil.org',
      'localhost',
      'xfife.localhost',
    ]) {
      const response = await client.get('/').header('host', host)
      response.assertStatus(404)
    }
  })

  test('host matching ignores case and port', async ({ client, assert }) => {
    await makeTenant('fife', { name: 'Carevoice Fife' })
    const response = await client.get('/').header('host', 'FIFE.Localhost:8080')
    response.assertStatus(200)
    assert.include(response.text(), 'Carevoice Fife')
  })

  test('a secondary domain redirects permanently to the primary, keeping path and port', async ({
    client,
    assert,
  }) => {
    await makeTenant('fife', { hosts: ['fife.localhost', 'www.fife.localhost'] })
    const response = await client
      .get('/some/page?x=1')
      .header('host', 'www.fife.localhost:3333')
      .redirects(0)
    response.assertStatus(301)
    assert.equal(response.header('location'), 'http://fife.localhost:3333/some/page?x=1')
  })

  test('a suspended tenant answers 503 with its own notice', async ({ client, assert }) => {
    await makeTenant('fife', {
      name: 'Carevoice Fife',
      status: 'suspended',
      notice: 'Carevoice Fife is closed for maintenance until Monday.',
    })
    const response = await client.get('/').header('host', 'fife.localhost')
    response.assertStatus(503)
    assert.include(response.text(), 'Carevoice Fife is closed for maintenance until Monday.')
    assert.include(response.text(), '<title>')
  })

  test('suspending takes effect on the next request, resuming too', async ({ client }) => {
    await makeTenant('fife')
    ;(await client.get('/').header('host', 'fife.localhost')).assertStatus(200)
    await setTenantStatus('fife', 'suspended')
    ;(await client.get('/').header('host', 'fife.localhost')).assertStatus(503)
    await setTenantStatus('fife', 'active')
    ;(await client.get('/').header('host', 'fife.localhost')).assertStatus(200)
  })

  test('a tenant created at run time serves pages at once', async ({ client, assert }) => {
    ;(await client.get('/').header('host', 'lothian.localhost')).assertStatus(404)
    await createTenant({ slug: 'lothian', name: 'Carevoice Lothian', domain: 'lothian.localhost' })
    const response = await client.get('/').header('host', 'lothian.localhost')
    response.assertStatus(200)
    assert.include(response.text(), 'Carevoice Lothian')
  })

  test('X-Forwarded-Host is ignored unless the proxy is trusted', async ({ client }) => {
    await makeTenant('fife')
    const response = await client
      .get('/')
      .header('host', 'nowhere.example.org')
      .header('x-forwarded-host', 'fife.localhost')
    response.assertStatus(404)
  })

  test('health endpoints answer on every host, even an unknown one', async ({ client }) => {
    ;(await client.get('/health/live').header('host', 'nowhere.example.org')).assertStatus(200)
  })

  test('the admin host serves no tenant page and a tenant host no admin page', async ({
    client,
    assert,
  }) => {
    await makeTenant('fife', { name: 'Carevoice Fife' })
    const adminHome = await client.get('/').header('host', 'admin.localhost').redirects(0)
    adminHome.assertStatus(302)
    assert.equal(adminHome.header('location'), '/sign-in')

    const tenantSignIn = await client.get('/sign-in').header('host', 'fife.localhost')
    tenantSignIn.assertStatus(404)
    assert.notInclude(tenantSignIn.text(), 'name="password"')

    const tenantCreate = await client
      .post('/tenants')
      .header('host', 'fife.localhost')
      .form({ slug: 'x', name: 'x', domain: 'x.localhost' })
      .withCsrfToken()
    tenantCreate.assertStatus(404)
  })

  test('only the tenant languages are offered, and its default is used', async ({
    client,
    assert,
  }) => {
    await makeTenant('england', { locales: ['en-GB', 'cy'] })
    await makeTenant('fife', { locales: ['en-GB'] })
    const england = await client
      .get('/')
      .header('host', 'england.localhost')
      .header('accept-language', 'cy')
    assert.include(england.text(), 'lang="cy"')
    const fife = await client
      .get('/')
      .header('host', 'fife.localhost')
      .header('accept-language', 'cy')
    assert.include(fife.text(), 'lang="en-GB"')
    assert.notInclude(fife.text(), 'value="cy"')
  })
})
