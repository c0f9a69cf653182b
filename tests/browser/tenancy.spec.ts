import { test } from '@japa/runner'
import { assertAccessible, urlOn } from '#tests/helpers/browser'
import { currentTotp, isolateEachTest, makeNationalAdmin, makeTenant } from '#tests/helpers/tenants'

test.group('Tenants in a browser', (group) => {
  isolateEachTest(group)

  test('three tenants answer on their own hosts with their own names and colours', async ({
    visit,
    assert,
  }) => {
    const tenants = [
      { slug: 'england', name: 'Carevoice England', brand: '#005eb8', rgb: 'rgb(0, 94, 184)' },
      { slug: 'fife', name: 'Carevoice Fife', brand: '#00594f', rgb: 'rgb(0, 89, 79)' },
      {
        slug: 'ayrshire-arran',
        name: 'Carevoice Ayrshire and Arran',
        brand: '#5b2a86',
        rgb: 'rgb(91, 42, 134)',
      },
    ]
    for (const tenant of tenants)
      await makeTenant(tenant.slug, { name: tenant.name, brand: tenant.brand })

    for (const tenant of tenants) {
      const page = await visit(urlOn(`${tenant.slug}.localhost`, '/'))
      assert.equal(await page.title(), `Home – ${tenant.name}`)
      assert.equal(await page.locator('.site-header__name').innerText(), tenant.name)
      const background = await page
        .locator('.site-header')
        .evaluate((element) => (globalThis as any).getComputedStyle(element).backgroundColor)
      assert.equal(background, tenant.rgb)
      await assertAccessible(page)
    }
  })

  test('a national admin signs in and creates a tenant that serves pages at once', async ({
    visit,
    assert,
  }) => {
    await makeNationalAdmin('nat@carevoice.test')
    const page = await visit(urlOn('admin.localhost', '/'))
    assert.match(page.url(), /\/sign-in$/)
    await assertAccessible(page)

    await page.getByLabel('Email address').fill('nat@carevoice.test')
    await page.getByLabel('Password').fill('a-long-test-password')
    await Promise.all([
      page.waitForURL(/sign-in\/two-factor$/),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ])
    await assertAccessible(page)
    await page.getByLabel('Security code').fill(await currentTotp())
    await Promise.all([
      page.waitForURL(urlOn('admin.localhost', '/')),
      page.getByRole('button', { name: 'Continue' }).click(),
    ])
    await assertAccessible(page)

    await Promise.all([
      page.waitForURL(/tenants\/new$/),
      page.getByRole('link', { name: 'Add a tenant' }).click(),
    ])
    await assertAccessible(page)
    await page.getByRole('button', { name: 'Create tenant' }).click()
    await page.waitForSelector('.error-summary')
    await assertAccessible(page)

    await page.getByLabel('Name', { exact: true }).fill('Carevoice Lothian')
    await page.getByLabel('Short name').fill('lothian')
    await page.getByLabel('Primary domain').fill('lothian.localhost')
    await Promise.all([
      page.waitForURL(/tenants\/lothian$/),
      page.getByRole('button', { name: 'Create tenant' }).click(),
    ])
    assert.include(await page.locator('[role=status]').innerText(), 'Carevoice Lothian was created')
    await assertAccessible(page)

    await page.goto(urlOn('lothian.localhost', '/'))
    assert.equal(await page.title(), 'Home – Carevoice Lothian')
    await assertAccessible(page)
  })
})
