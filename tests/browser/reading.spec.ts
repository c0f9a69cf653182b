import { test } from '@japa/runner'
import { seedDemoData } from '#services/platform/demo_data'
import { assertAccessible, urlOn } from '#tests/helpers/browser'
import { isolateEachTest } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'
const ENGLAND = 'england.localhost'

test.group('Reading what people say', (group) => {
  isolateEachTest(group)

  test('on Fife a reader searches, filters by service, opens a story, adds themselves and reads the charts', async ({
    visit,
    assert,
  }) => {
    await seedDemoData()
    const errors: string[] = []
    const page = await visit(urlOn(FIFE, '/'))
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${page.url()}: ${message.text()}`)
    })
    page.on('response', (response) => {
      if (response.status() >= 400) errors.push(`${response.url()}: ${response.status()}`)
    })
    await page.reload()
    await assertAccessible(page)
    assert.isAbove(await page.locator('.story-card').count(), 0)

    await page.getByLabel('Search what people say').fill('discharged')
    await Promise.all([
      page.waitForURL(/\/stories\?q=discharged/),
      page.getByRole('button', { name: 'Search', exact: true }).click(),
    ])
    await assertAccessible(page)
    assert.isAbove(await page.locator('.story-card mark').count(), 0)
    const firstService = await page.locator('.story-card__meta a').first().innerText()

    await page.locator('summary', { hasText: 'Filter the stories' }).click()
    await page.getByLabel('Service (with everything in it)').selectOption({ label: 'NHS Fife' })
    await Promise.all([
      page.waitForURL(/service=nhs-fife/),
      page.getByRole('button', { name: 'Apply filters' }).click(),
    ])
    await assertAccessible(page)
    const found = page.locator('.story-card__title a').first()
    const title = await found.innerText()
    await Promise.all([page.waitForURL(/\/stories\/\d+$/), found.click()])
    assert.equal(await page.locator('h1').innerText(), title)
    const before = await page.locator('.experienced__count').innerText()
    await Promise.all([
      page.waitForURL(/#experienced$/),
      page.getByRole('button', { name: 'I’ve experienced this too' }).click(),
    ])
    const after = await page.locator('.experienced__count').innerText()
    assert.notEqual(after, before)
    await assertAccessible(page)

    await Promise.all([
      page.waitForURL(/\/services\/[^/]+$/),
      page.locator('article a[href^="/services/"]').first().click(),
    ])
    await Promise.all([
      page.waitForURL(/\/figures$/),
      page.locator('a[href$="/figures"]').first().click(),
    ])
    assert.equal(await page.locator('svg.chart[role="img"]').count(), 5)
    assert.equal(await page.locator('.chart-table table').count(), 5)
    await page.locator('.chart-table summary').first().click()
    await assertAccessible(page)
    assert.isAbove(firstService.length, 0)

    /* The same search on England finds no Fife story. */
    await page.goto(urlOn(ENGLAND, '/stories?q=discharged'))
    const englandTitles = await page.locator('.story-card__title').allInnerTexts()
    assert.notInclude(englandTitles.join(' '), title)
    assert.isTrue(englandTitles.every((text) => !text.includes('Victoria')))
    assert.deepEqual(errors, [])
  })
})
