import { test } from '@japa/runner'
import { assertAccessible, urlOn } from '#tests/helpers/browser'
import { isolateEachTest, makeTenant } from '#tests/helpers/tenants'

test.group('Layout in a browser', (group) => {
  isolateEachTest(group)
  group.each.setup(async () => {
    await makeTenant('fife', { locales: ['en-GB', 'cy'] })
  })

  test('the not-found page is accessible and a visitor can switch to Welsh', async ({
    visit,
    assert,
  }) => {
    const page = await visit(urlOn('fife.localhost', '/no-such-page'))
    await assertAccessible(page)
    assert.equal(await page.locator('h1').innerText(), 'Page not found')

    await page.getByLabel('Language').selectOption('cy')
    await Promise.all([
      page.waitForURL(/no-such-page/),
      page.getByRole('button', { name: 'Change language' }).click(),
    ])
    await assertAccessible(page)
    assert.equal(await page.locator('html').getAttribute('lang'), 'cy')
    assert.equal(await page.locator('h1').innerText(), "Heb ddod o hyd i'r dudalen")
  })

  test('the skip link is the first thing keyboard users reach', async ({ visit, assert }) => {
    const page = await visit(urlOn('fife.localhost', '/no-such-page'))
    await page.keyboard.press('Tab')
    const focused = await page.evaluate(() =>
      (globalThis as any).document.activeElement?.textContent?.trim()
    )
    assert.equal(focused, 'Skip to main content')
    await assertAccessible(page)
  })
})
