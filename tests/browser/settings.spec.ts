import { test } from '@japa/runner'
import { assertAccessible, urlOn } from '#tests/helpers/browser'
import { tinyPng } from '#tests/helpers/images'
import { TEST_PASSWORD, isolateEachTest, makeStaff, makeTenant } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'

test.group('Tenant settings in a browser', (group) => {
  isolateEachTest(group)

  test('a tenant admin is refused a low-contrast colour, then changes colours and logo, and the site shows them', async ({
    visit,
    assert,
  }) => {
    const fife = await makeTenant('fife', { name: 'Carevoice Fife' })
    await makeStaff(fife, 'tenant_admin', 'admin@fife.test', { name: 'Fiona Admin' })

    const page = await visit(urlOn(FIFE, '/staff/sign-in'))
    await page.getByLabel('Email address').fill('admin@fife.test')
    await page.getByLabel('Password').fill(TEST_PASSWORD)
    await Promise.all([
      page.waitForURL(/\/staff$/),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ])
    await Promise.all([
      page.waitForURL(/\/staff\/settings$/),
      page.getByRole('link', { name: 'Site settings' }).click(),
    ])
    await assertAccessible(page)

    await page.getByLabel('Brand colour').fill('#ffff00')
    await page.getByLabel('Tagline').fill('Your care, your voice')
    await Promise.all([
      page.waitForURL(/\/staff\/settings$/),
      page.getByRole('button', { name: 'Save settings' }).click(),
    ])
    const problem = await page.locator('#field-brandColour-error').innerText()
    assert.include(problem, '1.07:1')
    assert.equal(await page.getByLabel('Tagline').inputValue(), 'Your care, your voice')
    await assertAccessible(page)

    await page.getByLabel('Brand colour').fill('#224466')
    await Promise.all([
      page.waitForURL(/\/staff\/settings$/),
      page.getByRole('button', { name: 'Save settings' }).click(),
    ])
    assert.include(await page.getByRole('status').innerText(), 'Settings saved')

    await page.getByLabel('Upload a logo').setInputFiles({
      name: 'logo.png',
      mimeType: 'image/png',
      buffer: tinyPng(),
    })
    await Promise.all([
      page.waitForURL(/\/staff\/settings$/),
      page.getByRole('button', { name: 'Upload logo' }).click(),
    ])
    assert.equal(await page.getByRole('img', { name: 'Current logo' }).count(), 1)
    await assertAccessible(page)

    await page.goto(urlOn(FIFE, '/'))
    assert.include(await page.locator('.site-header').innerText(), 'Your care, your voice')
    const brand = await page
      .locator('.site-header')
      .evaluate((header) => (globalThis as any).getComputedStyle(header).backgroundColor)
    assert.equal(brand, 'rgb(34, 68, 102)')
    const logoLoaded = await page
      .locator('img.site-header__logo')
      .evaluate((image: any) => image.complete && image.naturalWidth > 0)
    assert.isTrue(logoLoaded)
    await assertAccessible(page)
  })
})
