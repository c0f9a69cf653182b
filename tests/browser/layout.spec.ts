import { test } from '@japa/runner'
import { assertAccessible, urlOn } from '#tests/helpers/browser'

test.group('Layout in a browser', () => {
  test('the not-found page is accessible and a visitor can switch to Welsh', async ({
    visit,
    assert,
  }) => {
    const page = await visit(urlOn('localhost', '/no-such-page'))
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
    const page = await visit(urlOn('localhost', '/no-such-page'))
    await page.keyboard.press('Tab')
    const focused = await page.evaluate(() => document.activeElement?.textContent?.trim())
    assert.equal(focused, 'Skip to main content')
    await assertAccessible(page)
  })
})
