import { test } from '@japa/runner'
import Service from '#models/service'
import { tenancy } from '#tenancy/context'
import { assertAccessible, urlOn } from '#tests/helpers/browser'
import { demoDirectory } from '#tests/helpers/directory'
import { makeStory } from '#tests/helpers/stories'
import { TEST_PASSWORD, isolateEachTest, makeStaff } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'

test.group('Staff story search and saved searches', (group) => {
  isolateEachTest(group)

  test('a responder searches their stories, saves the search and opens its dashboard', async ({
    browser,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const ward = await tenancy.run(fife, () =>
      Service.findByOrFail('ref', 'victoria-hospital-ward-6')
    )
    await makeStaff(fife, 'responder', 'ward@fife.test', { serviceIds: [ward.id] })
    await makeStory(fife, 'victoria-hospital-ward-6', {
      status: 'published',
      title: 'Waiting for pain relief at night',
      publicBody: 'We waited a long time for pain relief at night.',
    })
    await makeStory(fife, 'queen-margaret-hospital', {
      status: 'published',
      title: 'Pain relief at Queen Margaret',
      publicBody: 'Pain relief came quickly.',
    })

    const page = await (await browser.newContext()).newPage()
    await page.goto(urlOn(FIFE, '/staff/search'))
    await page.getByLabel('Email address').fill('ward@fife.test')
    await page.getByLabel('Password').fill(TEST_PASSWORD)
    await Promise.all([
      page.waitForURL(/\/staff\/search$/),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ])
    await page.getByLabel('Search the stories').fill('pain')
    await page.getByLabel('Only stories I have not read').check()
    await Promise.all([
      page.waitForURL(/\/staff\/search\?/),
      page.getByRole('button', { name: 'Search', exact: true }).click(),
    ])
    await assertAccessible(page)
    assert.isTrue(
      await page.getByRole('link', { name: 'Waiting for pain relief at night' }).isVisible()
    )
    assert.equal(await page.getByText('Pain relief at Queen Margaret').count(), 0)

    await page.getByLabel('Name of the search').fill('Pain at night')
    await page.getByLabel('Email me new stories that match').selectOption('daily')
    await page.getByLabel('Send me a report').selectOption('weekly')
    await Promise.all([
      page.waitForURL(/\/staff\/saved-searches$/),
      page.getByRole('button', { name: 'Save search' }).click(),
    ])
    await assertAccessible(page)
    assert.isTrue(await page.getByRole('heading', { name: 'Pain at night' }).isVisible())

    await Promise.all([
      page.waitForURL(/\/dashboard$/),
      page.getByRole('link', { name: 'Dashboard' }).click(),
    ])
    await assertAccessible(page)
    assert.isTrue(await page.getByRole('heading', { name: 'Stories per month' }).isVisible())
  }).timeout(60_000)
})
