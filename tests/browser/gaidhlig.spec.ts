import { test } from '@japa/runner'
import type { Page } from 'playwright'
import { DEMO_PASSWORD, seedDemoData } from '#services/platform/demo_data'
import { assertAccessible, urlOn } from '#tests/helpers/browser'
import { isolateEachTest } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'

/** Opens a page and checks it is in Gàidhlig, accessible, and headed as expected. */
async function inGaelic(page: Page, path: string, heading: RegExp | string) {
  await page.goto(urlOn(FIFE, path))
  const lang = await page.locator('html').getAttribute('lang')
  if (lang !== 'gd') throw new Error(`${path}: the page is in ${lang}, not gd`)
  await assertAccessible(page)
  const h1 = await page.locator('h1').first().innerText()
  if (typeof heading === 'string' ? h1 !== heading : !heading.test(h1))
    throw new Error(`${path}: the heading is "${h1}", not ${heading}`)
}

test.group('Gàidhlig in a browser', (group) => {
  isolateEachTest(group)

  test('a Fife reader and moderator use the main pages in Gàidhlig, and every one passes axe', async ({
    visit,
    assert,
  }) => {
    await seedDemoData()
    const page = await visit(urlOn(FIFE, '/'))

    /* The switcher names Gàidhlig in Gàidhlig. */
    await page.getByLabel('Language').selectOption({ label: 'Gàidhlig' })
    await Promise.all([
      page.waitForURL(urlOn(FIFE, '/')),
      page.getByRole('button', { name: 'Change language' }).click(),
    ])
    assert.equal(await page.locator('html').getAttribute('lang'), 'gd')
    await assertAccessible(page)
    assert.include(await page.locator('body').innerText(), 'Na sgeulachdan as ùire')

    await inGaelic(page, '/stories?q=discharged', /^Sgeulachdan a fhreagras ri|^Lorg sgeulachdan$/)
    assert.include(await page.locator('body').innerText(), 'Criathraich na sgeulachdan')

    await page.goto(urlOn(FIFE, '/stories'))
    const story = page.locator('.story-card__title a').first()
    const title = await story.innerText()
    await Promise.all([page.waitForURL(/\/stories\/\d+$/), story.click()])
    assert.equal(await page.locator('h1').innerText(), title)
    assert.equal(await page.locator('html').getAttribute('lang'), 'gd')
    /* Dates in Gaelic, from ICU: "5mh dhen Mhàrt 2026". */
    assert.match(await page.locator('body').innerText(), /Air fhoillseachadh: \d+(mh|d|na)? dhen /)
    await assertAccessible(page)

    await inGaelic(page, '/services/victoria-hospital', 'Victoria Hospital')
    assert.include(await page.locator('body').innerText(), 'Sgeulachdan mun t-seirbheis seo')

    await inGaelic(page, '/tell', 'Dè an t-seirbheis air a bheil an sgeulachd agad?')
    await inGaelic(page, '/tell/story?service=victoria-hospital', 'Innis an sgeulachd agad')

    await inGaelic(page, '/staff/sign-in', 'Clàraich a-steach')
    await page.getByLabel('Seòladh puist-d').fill('moderator@fife.carevoice.test')
    await page.getByLabel('Facal-faire').fill(DEMO_PASSWORD)
    await Promise.all([
      page.waitForURL(/\/staff$/),
      page.getByRole('button', { name: 'Clàraich a-steach' }).click(),
    ])
    assert.equal(await page.locator('html').getAttribute('lang'), 'gd')
    await assertAccessible(page)
    assert.equal(await page.locator('h1').innerText(), 'Earrann an luchd-obrach')

    await inGaelic(page, '/staff/moderation', 'Ciutha a’ mhodarataidh')
    const waiting = page.locator('table a[href^="/staff/moderation/"]').first()
    if (await waiting.count()) {
      await Promise.all([page.waitForURL(/\/staff\/moderation\/\d+$/), waiting.click()])
      assert.equal(await page.locator('html').getAttribute('lang'), 'gd')
      await assertAccessible(page)
    }

    await inGaelic(page, '/staff/account', 'An cunntas agad')
    assert.equal(
      await page.getByLabel('Cànan duilleagan an luchd-obrach is nam post-d agad').count(),
      1
    )
  })
})
