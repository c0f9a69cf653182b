import { test } from '@japa/runner'
import type { Browser, Page } from 'playwright'
import ModerationReason from '#models/moderation_reason'
import Story from '#models/story'
import { tenancy } from '#tenancy/context'
import { assertAccessible, assertFitsScreen, urlOn } from '#tests/helpers/browser'
import { demoDirectory } from '#tests/helpers/directory'
import { makeStory } from '#tests/helpers/stories'
import { TEST_PASSWORD, isolateEachTest, makeStaff } from '#tests/helpers/tenants'
import { GP, providerReviewSetup } from '#tests/helpers/provider_review'
import { publishStory } from '#services/moderation/moderate_story'
import { siteOfTenant } from '#tenancy/site'

/*
 * The moderation page as a moderator uses it, on a phone and on a desktop:
 * it passes axe, the safeguarding cues are shown with the escalation, and
 * every decision is reached from the keyboard. Browser code is typed loosely:
 * this project compiles without the DOM library.
 */

const FIFE = 'fife.localhost'
const VIEWPORTS = [
  { name: 'phone', width: 360, height: 740 },
  { name: 'desktop', width: 1280, height: 900 },
]
const CONCERN =
  'My husband Graham says a neighbour keeps taking his pension and he has stopped eating. The ward staff on the night shift were kind to him.'

async function signedIn(browser: Browser, viewport: { width: number; height: number }) {
  const page = await (await browser.newContext({ viewport })).newPage()
  await page.goto(urlOn(FIFE, '/staff/sign-in'))
  await page.getByLabel('Email address').fill('mo@fife.test')
  await page.getByLabel('Password').fill(TEST_PASSWORD)
  await Promise.all([
    page.waitForURL(/\/staff$/),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ])
  return page
}

/** What has focus, as a moderator would name it. */
function focusedControl(page: Page) {
  return page.evaluate(() => {
    const element = (globalThis as any).document.activeElement
    const label = element?.id
      ? (globalThis as any).document.querySelector(`label[for="${element.id}"]`)
      : null
    return `${String(element?.tagName ?? '').toLowerCase()}: ${String(
      label?.textContent ?? element?.textContent ?? ''
    ).trim()}`
  })
}

/** Every control Tab reaches, in order, from the top of the page. */
async function tabStops(page: Page) {
  await page.locator('body').focus()
  const stops: string[] = []
  for (let index = 0; index < 250; index++) {
    await page.keyboard.press('Tab')
    const stop = await focusedControl(page)
    if (stops.includes(stop) && stop.startsWith('body')) break
    stops.push(stop)
  }
  return stops
}

test.group('The moderation page', (group) => {
  isolateEachTest(group)

  for (const viewport of VIEWPORTS) {
    test(`on a ${viewport.name}: passes axe, shows the safeguarding cues and every decision is reached by keyboard`, async ({
      browser,
      assert,
    }) => {
      const { fife } = await demoDirectory()
      await makeStaff(fife, 'moderator', 'mo@fife.test', { name: 'Morag Moderator' })
      await tenancy.run(fife, () =>
        ModerationReason.create({ label: 'No specific episode of care', position: 0 })
      )
      const story = await makeStory(fife, 'victoria-hospital-ward-6', {
        title: 'Worried about my husband',
        body: CONCERN,
      })
      const page = await signedIn(browser, viewport)
      await page.goto(urlOn(FIFE, `/staff/moderation/${story.id}`))
      await assertAccessible(page)
      await assertFitsScreen(page)

      const cues = page.locator('section[aria-labelledby="cues-heading"]')
      assert.include(await cues.innerText(), '2 possible safeguarding concerns')
      assert.equal(await page.locator('.original-text mark.mark--safeguarding').count(), 2)

      const stops = await tabStops(page)
      for (const control of [
        'a: Go to the decisions (publish, save, reject, ask the author, escalate)',
        'a: Escalate a safeguarding concern',
        'button: Publish',
        'button: Save changes',
        'select: Reason (from this site’s moderation policy)',
        'textarea: Message to the author',
        'button: Reject',
        'textarea: Ask the author a question',
        'button: Ask the author',
        'textarea: Safeguarding concern: what is it?',
        'button: Escalate (do not publish)',
      ]) {
        assert.include(stops, control, `Tab never reaches ${control}`)
      }
      /* The decisions come in the order they are shown. */
      assert.isBelow(stops.indexOf('button: Publish'), stops.indexOf('button: Reject'))
      assert.isBelow(stops.indexOf('button: Reject'), stops.indexOf('button: Ask the author'))

      /* The jump link and the shortcuts both lead to a decision without tabbing through the form. */
      await page.getByRole('link', { name: 'Escalate a safeguarding concern' }).focus()
      await page.keyboard.press('Enter')
      await page.keyboard.press('Tab')
      assert.include(await focusedControl(page), 'Escalate (do not publish)')
      for (const [key, control] of [
        ['A', 'textarea: Ask the author a question'],
        ['E', 'textarea: Safeguarding concern: what is it?'],
        ['R', 'select: Reason (from this site’s moderation policy)'],
        ['P', 'button: Publish'],
        ['S', 'button: Save changes'],
      ]) {
        await page.getByLabel('Story', { exact: true }).focus()
        await page.keyboard.press(`Alt+Shift+${key}`)
        assert.equal(await focusedControl(page), control, `Alt+Shift+${key}`)
      }

      const panels = await page
        .locator('.decision')
        .evaluateAll((elements) =>
          elements.map((element: any) => element.getBoundingClientRect().top as number)
        )
      const columns = await page
        .locator('.moderation-columns > section')
        .evaluateAll((elements) =>
          elements.map((element: any) => element.getBoundingClientRect().left as number)
        )
      if (viewport.name === 'desktop') {
        assert.equal(panels[0], panels[1], 'the decision panels sit side by side')
        assert.isBelow(columns[0], columns[1], 'the original and the edit sit side by side')
      } else {
        assert.isBelow(panels[0], panels[1], 'on a phone the decision panels stack')
      }

      /* Escalating from the keyboard: type the concern, press Enter on the button. */
      await page.getByLabel('Safeguarding concern: what is it?').focus()
      await page.keyboard.type('Possible financial abuse and neglect at home.')
      await page.keyboard.press('Tab')
      assert.include(await focusedControl(page), 'Escalate (do not publish)')
      await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')])
      const escalated = await tenancy.run(fife, () => Story.findOrFail(story.id))
      assert.equal(escalated.status, 'escalated')
      await assertAccessible(page)
    })
  }

  test('on a phone the queue keeps every column, labelled, without sideways scrolling', async ({
    browser,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    await makeStaff(fife, 'moderator', 'mo@fife.test', { name: 'Morag Moderator' })
    await makeStory(fife, 'victoria-hospital-ward-6', { title: 'Worried about my husband' })
    const page = await signedIn(browser, { width: 360, height: 740 })
    await page.goto(urlOn(FIFE, '/staff/moderation'))
    await assertAccessible(page)
    const region = await page
      .locator('.table-scroll')
      .evaluate((element: any) => ({ scroll: element.scrollWidth, client: element.clientWidth }))
    assert.isAtMost(region.scroll, region.client, 'the queue scrolls sideways')
    const labels = await page
      .locator('tbody tr')
      .first()
      .locator('td')
      .evaluateAll((cells) =>
        cells.map((cell: any) =>
          String((globalThis as any).getComputedStyle(cell, '::before').content)
        )
      )
    assert.deepEqual(labels, [
      '"Story"',
      '"Confirmed"',
      '"Services"',
      '"Author"',
      '"Flags"',
      '"Held by"',
    ])
  })
})

test.group('The service picker in staff forms', (group) => {
  isolateEachTest(group)

  test('typing a name and choosing a suggestion fills in the service, then the queue filters by it', async ({
    browser,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    await makeStaff(fife, 'moderator', 'mo@fife.test', { name: 'Morag Moderator' })
    await makeStory(fife, 'victoria-hospital-ward-6', { title: 'About ward six' })
    await makeStory(fife, 'queen-margaret-hospital', { title: 'About Queen Margaret' })
    const page = await signedIn(browser, { width: 1280, height: 900 })
    await page.goto(urlOn(FIFE, '/staff/moderation'))
    const box = page.getByLabel('Service', { exact: true })
    await box.focus()
    await page.keyboard.type('Ward 6')
    await page.getByRole('option').first().waitFor()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    assert.equal(await box.inputValue(), 'victoria-hospital-ward-6')
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')])
    const queue = await page.locator('table').innerText()
    assert.include(queue, 'About ward six')
    assert.notInclude(queue, 'About Queen Margaret')
  })
})

test.group('Provider review pages', (group) => {
  isolateEachTest(group)

  async function signedInAs(
    browser: Browser,
    email: string,
    viewport: { width: number; height: number }
  ) {
    const page = await (await browser.newContext({ viewport })).newPage()
    await page.goto(urlOn(FIFE, '/staff/sign-in'))
    await page.getByLabel('Email address').fill(email)
    await page.getByLabel('Password').fill(TEST_PASSWORD)
    await Promise.all([
      page.waitForURL(/\/staff$/),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ])
    return page
  }

  for (const viewport of VIEWPORTS) {
    test(`on a ${viewport.name}: the provider asks for a review from the keyboard, the moderator sees it, and every page passes axe`, async ({
      browser,
      assert,
    }) => {
      const { fife, moderator } = await providerReviewSetup()
      const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
      const story = await makeStory(fife, GP, { title: 'Results explained' })
      await tenancy.run(fife, async () => {
        await publishStory(
          { actor: moderator, tenant: fife, site: await siteOfTenant(fife) },
          story.id,
          {
            version: 1,
            publicTitle: story.title,
            publicBody: 'The practice nurse took time to explain my results.',
            criticality: 1,
          }
        )
      })

      const provider = await signedInAs(browser, 'gp@fife.test', viewport)
      await provider.goto(urlOn(FIFE, '/staff/provider-review'))
      await assertAccessible(provider)
      await provider.getByRole('link', { name: 'Results explained' }).click()
      await assertAccessible(provider)
      await assertFitsScreen(provider)
      /* Empty: the error summary and the field say what is needed. */
      await Promise.all([
        provider.waitForEvent('load'),
        provider.getByRole('button', { name: 'Ask for a review' }).click(),
      ])
      assert.include(
        await provider.locator('.error-summary').innerText(),
        'Enter why a moderator should look at the story again'
      )
      await assertAccessible(provider)
      await provider.getByLabel('Why should a moderator look at it again?').focus()
      await provider.keyboard.type('It names our practice nurse.')
      await provider.keyboard.press('Tab')
      await Promise.all([provider.waitForEvent('load'), provider.keyboard.press('Enter')])
      assert.include(await provider.locator('main').innerText(), 'Your request is recorded')
      await assertAccessible(provider)

      const page = await signedInAs(browser, 'mo@fife.test', viewport)
      await page.goto(urlOn(FIFE, '/staff/moderation'))
      await assertAccessible(page)
      assert.include(await page.locator('main').innerText(), '1 request is waiting for a decision.')
      await page.goto(urlOn(FIFE, `/staff/moderation/${story.id}`))
      await assertAccessible(page)
      await assertFitsScreen(page)
      const panel = page.locator('section[aria-labelledby="provider-review-heading"]')
      assert.include(await panel.innerText(), 'It names our practice nurse.')
      const stops = await tabStops(page)
      for (const control of ['button: Publish', 'button: Reject', 'button: Ask the author']) {
        assert.include(stops, control, `Tab never reaches ${control}`)
      }

      const settings = await signedInAs(browser, admin.email, viewport)
      await settings.goto(urlOn(FIFE, '/staff/settings/moderation'))
      await assertAccessible(settings)
      assert.isTrue(await settings.getByLabel('GP practice').isChecked())
    }).timeout(120_000)
  }
})
