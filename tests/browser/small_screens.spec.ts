import { test } from '@japa/runner'
import type { Browser } from 'playwright'
import { assertAccessible, assertFitsScreen, urlOn } from '#tests/helpers/browser'
import { demoDirectory } from '#tests/helpers/directory'
import { makeStory } from '#tests/helpers/stories'
import { TEST_PASSWORD, isolateEachTest, makeStaff } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'

/** A phone-sized page, signed in as this member of staff. */
async function phoneAs(browser: Browser, email: string) {
  const page = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage()
  await page.goto(urlOn(FIFE, '/staff/sign-in'))
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password').fill(TEST_PASSWORD)
  await Promise.all([
    page.waitForURL(/\/staff$/),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ])
  return page
}

test.group('Small screens', (group) => {
  isolateEachTest(group)

  test('public and staff pages with wide tables and long words fit a 360-pixel phone and pass axe', async ({
    browser,
  }) => {
    const { fife } = await demoDirectory()
    await makeStaff(fife, 'moderator', 'mo@fife.test', { name: 'Morag Moderator' })
    await makeStaff(fife, 'tenant_admin', 'admin@fife.test', { name: 'Alasdair Admin' })
    const waiting = await makeStory(fife, 'victoria-hospital-ward-6', {
      title: 'Unbelievably-long-words-without-any-spaces-in-the-title-of-a-story',
      body: `Nurse Fiona McLeod was kind; my email is ${'a'.repeat(60)}@example.test and 07700 900123.`,
    })

    const published = await makeStory(fife, 'victoria-hospital-ward-6', {
      status: 'published',
      title: 'Another-very-long-title-with-no-spaces-at-all-from-start-to-end',
    })

    const reader = await (
      await (browser as unknown as Browser).newContext({ viewport: { width: 360, height: 740 } })
    ).newPage()
    for (const path of [
      `/stories/${published.id}`,
      '/services/victoria-hospital-ward-6',
      '/tell/story?service=victoria-hospital-ward-6',
    ]) {
      await reader.goto(urlOn(FIFE, path))
      await assertFitsScreen(reader)
      await assertAccessible(reader)
    }

    const moderator = await phoneAs(browser as unknown as Browser, 'mo@fife.test')
    for (const path of ['/staff/moderation', `/staff/moderation/${waiting.id}`, '/staff/inbox']) {
      await moderator.goto(urlOn(FIFE, path))
      await assertFitsScreen(moderator)
      await assertAccessible(moderator)
    }
    const admin = await phoneAs(browser as unknown as Browser, 'admin@fife.test')
    for (const path of [
      '/staff/members',
      '/staff/directory',
      '/staff/audit',
      '/staff/settings/moderation',
    ]) {
      await admin.goto(urlOn(FIFE, path))
      await assertFitsScreen(admin)
      await assertAccessible(admin)
    }
  })
})
