import { test } from '@japa/runner'
import { isolateEachTest, makeTenant } from '#tests/helpers/tenants'
import { sessionRows } from '#tests/helpers/queries'
import { randomUUID } from 'node:crypto'
import Tokens from 'csrf'
import { CSRF_COOKIE, csrfTokenFor } from '#middleware/csrf_middleware'
import { csrfSecretOf } from '#tests/helpers/csrf_api_client'
import { staticFiles } from '#middleware/static_files_middleware'

const HOST = 'fife.localhost'

test.group('Operations endpoints', () => {
  test('/health/live answers 200 with JSON', async ({ client, assert }) => {
    const response = await client.get('/health/live')
    response.assertStatus(200)
    assert.equal(response.body().status, 'ok')
  })

  test('/health/ready reports the database as healthy', async ({ client, assert }) => {
    const response = await client.get('/health/ready')
    response.assertStatus(200)
    const report = response.body()
    assert.isTrue(report.isHealthy)
    const database = report.checks.find((check: { name: string }) => /database/i.test(check.name))
    assert.exists(database)
    assert.equal(database.status, 'ok')
  })
})

test.group('Static files', (group) => {
  isolateEachTest(group)

  test('stylesheets and scripts are served from public/; pages never look for a file there', async ({
    client,
    assert,
  }) => {
    await makeTenant('fife')
    const before = staticFiles.lookedUp
    const css = await client.get('/css/app.css').header('host', HOST)
    css.assertStatus(200)
    assert.match(css.header('content-type') ?? '', /text\/css/)
    assert.equal(staticFiles.lookedUp, before + 1)
    const script = await client.get('/js/forms.js').header('host', HOST)
    script.assertStatus(200)
    for (const path of ['/', '/stories', '/api/v1/tags', '/cssx/app.css']) {
      await client.get(path).header('host', HOST)
    }
    assert.equal(staticFiles.lookedUp, before + 2, 'a page went to the static files')
    const missing = await client.get('/css/none.css').header('host', HOST)
    missing.assertStatus(404)
  })
})

test.group('Pages and layout', (group) => {
  isolateEachTest(group)
  group.each.setup(async () => {
    await makeTenant('fife', { locales: ['en-GB', 'cy'] })
  })

  test('an unknown path gets the friendly not-found page in the layout', async ({
    client,
    assert,
  }) => {
    const response = await client
      .get('/no-such-page')
      .header('host', HOST)
      .header('accept', 'text/html')
    response.assertStatus(404)
    assert.include(response.text(), 'Page not found')
    assert.include(response.text(), 'Skip to main content')
  })

  test('pages carry a strict content security policy and no inline script', async ({
    client,
    assert,
  }) => {
    const response = await client
      .get('/no-such-page')
      .header('host', HOST)
      .header('accept', 'text/html')
    const policy = response.header('content-security-policy')
    assert.include(policy, "default-src 'self'")
    assert.include(policy, "script-src 'self'")
    assert.notInclude(policy, 'unsafe-inline')
    assert.notMatch(response.text(), /<script(?![^>]*\bsrc=)[^>]*>/)
  })

  test('the layout has a skip link, a main landmark and a language switcher', async ({
    client,
    assert,
  }) => {
    const html = (
      await client.get('/no-such-page').header('host', HOST).header('accept', 'text/html')
    ).text()
    assert.include(html, 'href="#main-content"')
    assert.include(html, '<main id="main-content"')
    assert.include(html, 'name="locale"')
    assert.include(html, 'lang="en-GB"')
  })
})

test.group('Language', (group) => {
  isolateEachTest(group)
  group.each.setup(async () => {
    await makeTenant('fife', { locales: ['en-GB', 'cy'] })
  })

  test('Accept-Language picks a supported language when none was chosen', async ({
    client,
    assert,
  }) => {
    const response = await client
      .get('/no-such-page')
      .header('host', HOST)
      .header('accept', 'text/html')
      .header('accept-language', 'cy,en;q=0.5')
    assert.include(response.text(), 'lang="cy"')
    assert.match(response.text(), /<h1>Heb ddod o hyd i(&#39;|&#x27;|')r dudalen<\/h1>/)
  })

  test('choosing a language sets a cookie and returns to the same page', async ({
    client,
    assert,
  }) => {
    const response = await client
      .post('/language')
      .header('host', HOST)
      .form({ locale: 'cy', return_to: '/some/page' })
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    assert.equal(response.header('location'), '/some/page')
    assert.equal(response.cookie('locale')?.value, 'cy')
  })

  test('the chosen language wins over Accept-Language', async ({ client, assert }) => {
    const response = await client
      .get('/no-such-page')
      .header('host', HOST)
      .header('accept', 'text/html')
      .header('accept-language', 'en-GB')
      .withPlainCookie('locale', 'cy')
    assert.include(response.text(), 'lang="cy"')
  })

  test('the switcher never redirects to another site', async ({ client, assert }) => {
    for (const target of ['https://evil.example/', '//evil.example/', '/\\evil.example']) {
      const response = await client
        .post('/language')
        .header('host', HOST)
        .form({ locale: 'cy', return_to: target })
        .withCsrfToken()
        .redirects(0)
      assert.equal(response.header('location'), '/', `for ${target}`)
    }
  })

  test('an unsupported language is refused', async ({ client, assert }) => {
    const response = await client
      .post('/language')
      .header('host', HOST)
      .form({ locale: 'xx' })
      .withCsrfToken()
      .accept('json')
      .redirects(0)
    response.assertStatus(422)
    assert.isUndefined(response.cookie('locale'))
  })

  test('a form without a CSRF token is refused with a message, changing nothing', async ({
    client,
    assert,
  }) => {
    const response = await client
      .post('/language')
      .header('host', HOST)
      .form({ locale: 'cy' })
      .redirects(0)
    response.assertStatus(302)
    assert.isUndefined(response.cookie('locale'))
    response.assertFlashMessage(
      'error',
      'This page had expired, so nothing was saved. Please try again.'
    )
  })
})

test.group('CSRF without sessions', (group) => {
  isolateEachTest(group)

  test('reading pages writes no session row; a form sets only its own CSRF cookie', async ({
    client,
    assert,
  }) => {
    await makeTenant('fife')
    const before = await sessionRows()
    const page = await client.get('/services').header('host', 'fife.localhost')
    page.assertStatus(200)
    assert.exists(csrfSecretOf(page), 'the footer form needs its CSRF cookie')
    assert.equal(await sessionRows(), before, 'a session row for a reader')
  })

  test('the secret cookie is the secret itself; the page’s token is bound to it', async ({
    client,
    assert,
  }) => {
    await makeTenant('fife', { locales: ['en-GB', 'cy'] })
    const page = await client.get('/services').header('host', HOST)
    const secret = csrfSecretOf(page)!
    assert.match(secret ?? '', /^[0-9a-f-]{36}$/, 'a plain random secret')
    assert.match(String(page.headers()['set-cookie']), /carevoice-csrf=[^;]+;[^,]*HttpOnly/)
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text())![1]
    const post = (sent: string, withSecret = secret) =>
      client
        .post('/language')
        .header('host', HOST)
        .withCsrfSecret(withSecret)
        .header('x-csrf-token', sent)
        .form({ locale: 'cy' })
        .redirects(0)
    const accepted = await post(token)
    accepted.assertStatus(302)
    assert.equal(accepted.cookie('locale')?.value, 'cy')
    /* Forged or borrowed tokens: no language is set. */
    const salt = token.split('.')[0]
    for (const [sent, withSecret] of [
      [`${salt}.${'A'.repeat(43)}`, secret],
      [`${salt}.`, secret],
      [token.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A')), secret],
      [token, randomUUID()],
      [csrfTokenFor(randomUUID()), secret],
      [`<script>alert(1)</script>`, secret],
    ]) {
      const refused = await post(sent, withSecret)
      refused.assertStatus(302)
      assert.isUndefined(refused.cookie('locale'), `accepted ${sent}`)
    }
  })

  test('a form from before the secret cookie was plain (it was signed) works with its own token only', async ({
    client,
    assert,
  }) => {
    await makeTenant('fife', { locales: ['en-GB', 'cy'] })
    const tokens = new Tokens()
    const secret = tokens.secretSync()
    const post = (token: string) =>
      client
        .post('/language')
        .header('host', HOST)
        .withCookie(CSRF_COOKIE, secret)
        .header('x-csrf-token', token)
        .form({ locale: 'cy' })
        .redirects(0)
    const borrowed = await post(tokens.create(tokens.secretSync()))
    borrowed.assertStatus(302)
    assert.isUndefined(borrowed.cookie('locale'))
    const own = await post(tokens.create(secret))
    own.assertStatus(302)
    assert.equal(own.cookie('locale')?.value, 'cy')
  })

  test('a form from before the secret cookie was signed (it was encrypted) still works', async ({
    client,
    assert,
  }) => {
    await makeTenant('fife', { locales: ['en-GB', 'cy'] })
    const tokens = new Tokens()
    const secret = tokens.secretSync()
    const response = await client
      .post('/language')
      .header('host', 'fife.localhost')
      .withEncryptedCookie(CSRF_COOKIE, secret)
      .header('x-csrf-token', tokens.create(secret))
      .form({ locale: 'cy' })
      .redirects(0)
    response.assertStatus(302)
    assert.equal(response.cookie('locale')?.value, 'cy')
  })
})
