import { test } from '@japa/runner'
import { assertAccessible, urlOn } from '#tests/helpers/browser'
import { demoDirectory } from '#tests/helpers/directory'
import { isolateEachTest } from '#tests/helpers/tenants'

test.group('The directory in a browser', (group) => {
  isolateEachTest(group)

  test('from the home page to an area, a hospital and one of its wards', async ({
    visit,
    assert,
  }) => {
    await demoDirectory()
    const page = await visit(urlOn('fife.localhost', '/'))
    await assertAccessible(page)

    await Promise.all([
      page.waitForURL(/\/areas$/),
      page.getByRole('link', { name: 'Browse services by area' }).click(),
    ])
    await assertAccessible(page)
    await Promise.all([
      page.waitForURL(/\/areas\/kirkcaldy$/),
      page.getByRole('link', { name: 'Kirkcaldy' }).click(),
    ])
    await assertAccessible(page)
    await Promise.all([
      page.waitForURL(/\/services\/victoria-hospital$/),
      page.getByRole('link', { name: 'Victoria Hospital' }).click(),
    ])
    await assertAccessible(page)
    await Promise.all([
      page.waitForURL(/\/services\/victoria-hospital-ward-6$/),
      page.getByRole('link', { name: 'Ward 6 (Acute Medicine)' }).click(),
    ])
    assert.equal(await page.locator('h1').innerText(), 'Ward 6 (Acute Medicine)')
    const trail = await page.getByRole('navigation', { name: 'You are here' }).innerText()
    assert.include(trail, 'NHS Fife')
    assert.include(trail, 'Victoria Hospital')
    await assertAccessible(page)
  })

  test('the search box suggests services as you type, and works without JavaScript', async ({
    visit,
    assert,
  }) => {
    await demoDirectory()
    const page = await visit(urlOn('fife.localhost', '/services'))
    await page.getByLabel('Find a service').fill('victoria')
    await page.getByRole('link', { name: 'Victoria Hospital (Kirkcaldy)' }).waitFor()
    await assertAccessible(page)
    await Promise.all([
      page.waitForURL(/search\?q=victoria/),
      page.getByRole('button', { name: 'Search' }).click(),
    ])
    assert.include(await page.locator('#results').innerText(), '1 service matches')
    await assertAccessible(page)
  })
})
