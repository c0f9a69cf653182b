import { test } from '@japa/runner'
import { assertAccessible, urlOn } from '#tests/helpers/browser'
import { demoDirectory } from '#tests/helpers/directory'
import { TEST_PASSWORD, isolateEachTest, makeStaff } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'

test.group('The API in a browser', (group) => {
  isolateEachTest(group)

  test('a tenant admin makes a key, reads it once, revokes it; the documentation page reads well', async ({
    visit,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    await makeStaff(fife, 'tenant_admin', 'admin@fife.test', { name: 'Fiona Admin' })
    const page = await visit(urlOn(FIFE, '/staff/sign-in'))
    await page.getByLabel('Email address').fill('admin@fife.test')
    await page.getByLabel('Password').fill(TEST_PASSWORD)
    await Promise.all([
      page.waitForURL(/\/staff$/),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ])
    await Promise.all([
      page.waitForURL(/\/staff\/api-keys$/),
      page.getByRole('link', { name: 'API keys' }).click(),
    ])
    await assertAccessible(page)

    await page.getByLabel('Name').fill('Victoria kiosk')
    await page.getByLabel('Submit stories').check()
    await page.getByLabel('Services').fill('victoria-hospital')
    await Promise.all([
      page.waitForURL(/\/staff\/api-keys$/),
      page.getByRole('button', { name: 'Make key' }).click(),
    ])
    await assertAccessible(page)
    const secret = await page.getByLabel('API key').inputValue()
    assert.match(secret, /^cvk_/)

    /* From the page itself: the browser knows how to reach the tenant's host. */
    const statusWith = (key: string) =>
      page.evaluate(
        async (bearer) =>
          (await fetch('/api/v1/tags', { headers: { authorization: `Bearer ${bearer}` } })).status,
        key
      )
    assert.equal(await statusWith(secret), 200)

    await Promise.all([
      page.waitForURL(/\/staff\/api-keys$/),
      page.getByRole('link', { name: 'Back to API keys' }).click(),
    ])
    assert.notInclude(await page.content(), secret)
    await Promise.all([
      page.waitForURL(/\/staff\/api-keys$/),
      page.getByRole('button', { name: 'Revoke Victoria kiosk' }).click(),
    ])
    assert.include(await page.locator('[role=status]').innerText(), 'The key was revoked')
    await assertAccessible(page)
    assert.equal(await statusWith(secret), 401)

    await page.goto(urlOn(FIFE, '/api'))
    await assertAccessible(page)
    assert.include(await page.locator('h1').innerText(), 'API')
    await page.getByRole('link', { name: 'OpenAPI 3.1 document' }).isVisible()
  })
})
