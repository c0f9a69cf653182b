import { test } from '@japa/runner'
import type { Page } from 'playwright'
import { assertAccessible, urlOn } from '#tests/helpers/browser'
import { TEST_PASSWORD, isolateEachTest, makeStaff, makeTenant } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'

async function signIn(page: Page) {
  await page.goto(urlOn(FIFE, '/staff/sign-in'))
  await page.getByLabel('Email address').fill('mo@fife.test')
  await page.getByLabel('Password').fill(TEST_PASSWORD)
  await Promise.all([
    page.waitForURL(urlOn(FIFE, '/staff')),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ])
}

test.group('Sessions in a browser', (group) => {
  isolateEachTest(group)

  test('a moderator sees where they are signed in, signs out the other browser, then everywhere', async ({
    browser,
    assert,
  }) => {
    const fife = await makeTenant('fife', { name: 'Carevoice Fife' })
    await makeStaff(fife, 'moderator', 'mo@fife.test', { name: 'Morag Fife' })
    const here = await (await browser.newContext()).newPage()
    const there = await (await browser.newContext()).newPage()
    await signIn(here)
    await signIn(there)

    await here.goto(urlOn(FIFE, '/staff/account'))
    const sessions = here.getByRole('table', { name: 'Your sessions' })
    assert.equal(await sessions.locator('tbody tr').count(), 2)
    assert.include(await sessions.innerText(), 'This session')
    await assertAccessible(here)

    await Promise.all([
      here.waitForURL(/\/staff\/account#sessions$/),
      sessions.getByRole('button', { name: /^Sign out the session on fife\.localhost/ }).click(),
    ])
    assert.include(
      await here.locator('[role=status]').innerText(),
      'That session has been signed out'
    )
    assert.equal(await sessions.locator('tbody tr').count(), 1)
    await assertAccessible(here)
    await there.goto(urlOn(FIFE, '/staff'))
    assert.match(there.url(), /\/staff\/sign-in$/)

    await Promise.all([
      here.waitForURL(/\/staff\/sign-in$/),
      here.getByRole('button', { name: 'Sign out everywhere' }).click(),
    ])
    assert.include(await here.locator('[role=status]').innerText(), 'signed out everywhere')
    await assertAccessible(here)
    await here.goto(urlOn(FIFE, '/staff/account'))
    assert.match(here.url(), /\/staff\/sign-in$/)
  })
})
