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

  test('the search box suggests services as you type, as a combobox for the keyboard, and works without JavaScript', async ({
    visit,
    assert,
  }) => {
    await demoDirectory()
    const page = await visit(urlOn('fife.localhost', '/services'))
    const box = page.getByRole('combobox', { name: 'Find a service' })
    await box.focus()
    await page.keyboard.type('victoria')
    const option = page.getByRole('option', { name: 'Victoria Hospital (Kirkcaldy)' })
    await option.waitFor()
    assert.equal(await page.locator('[data-service-picker-status]').textContent(), '1 suggestion')
    /* The arrow keys choose a suggestion while the box keeps focus; Escape closes the list. */
    await page.keyboard.press('ArrowDown')
    assert.equal(await box.getAttribute('aria-activedescendant'), await option.getAttribute('id'))
    assert.equal(await option.getAttribute('aria-selected'), 'true')
    assert.equal(await box.getAttribute('aria-expanded'), 'true')
    await assertAccessible(page)
    await page.keyboard.press('Escape')
    assert.equal(await box.getAttribute('aria-expanded'), 'false')
    assert.isTrue(await option.isHidden())
    await page.keyboard.press('ArrowDown')
    await Promise.all([
      page.waitForURL(/\/services\/victoria-hospital$/),
      page.keyboard.press('Enter'),
    ])

    /* Without a suggestion chosen, Search is the plain form it is without JavaScript. */
    await page.goto(urlOn('fife.localhost', '/services'))
    await box.focus()
    await page.keyboard.type('victoria')
    await option.waitFor()
    await page.keyboard.press('Escape')
    await page.keyboard.press('Tab')
    await Promise.all([page.waitForURL(/search\?q=victoria/), page.keyboard.press('Enter')])
    assert.include(await page.locator('#results').innerText(), '1 service matches')
    await assertAccessible(page)
  })
})
