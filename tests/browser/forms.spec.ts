import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import type { Assert } from '@japa/assert'
import type { Locator, Page } from 'playwright'
import Service from '#models/service'
import Story from '#models/story'
import StoryTag from '#models/story_tag'
import { tenancy } from '#tenancy/context'
import { assertAccessible, urlOn } from '#tests/helpers/browser'
import { demoDirectory } from '#tests/helpers/directory'
import { makeStory } from '#tests/helpers/stories'
import { TEST_PASSWORD, isolateEachTest, makeStaff } from '#tests/helpers/tenants'

/*
 * Forms to the GOV.UK standard, driven from the keyboard: errors people can
 * act on, no work lost when time runs out, controls easy to hit. Browser code
 * is typed loosely: this project compiles without the DOM library.
 */

const FIFE = 'fife.localhost'

/** What has focus: its id, and whether it is the error summary. */
function focused(page: Page) {
  return page.evaluate(() => {
    const element = (globalThis as any).document.activeElement
    return {
      id: String(element?.id ?? ''),
      summary: Boolean(element?.matches?.('[data-error-summary]')),
      text: String(element?.textContent ?? '').trim(),
    }
  })
}

/** Signs in from the sign-in page with the keyboard only. */
async function signIn(page: Page, email: string) {
  await page.getByLabel('Email address').focus()
  await page.keyboard.type(email)
  await page.keyboard.press('Tab')
  await page.keyboard.type(TEST_PASSWORD)
  await Promise.all([
    page.waitForURL((url) => !url.pathname.endsWith('/sign-in')),
    page.keyboard.press('Enter'),
  ])
}

/** Presses a control from the keyboard and waits for the page it leads to. */
async function press(page: Page, control: Locator, key = 'Enter') {
  await control.focus()
  await Promise.all([page.waitForEvent('load'), page.keyboard.press(key)])
}

/** A radio or checkbox at least 24 by 24 pixels, its label on the same line, after it. */
async function assertBesideItsLabel(assert: Assert, page: Page, input: Locator) {
  const id = await input.getAttribute('id')
  const box = (await input.boundingBox())!
  const label = (await page.locator(`label[for="${id}"]`).boundingBox())!
  assert.isAtLeast(Math.round(box.width), 24, `${id} is ${box.width} px wide`)
  assert.isAtLeast(Math.round(box.height), 24, `${id} is ${box.height} px high`)
  assert.isAtLeast(label.x, box.x + box.width, `the label of ${id} is not beside it`)
  assert.isTrue(
    label.y < box.y + box.height && label.y + label.height > box.y,
    `the label of ${id} is not on its line`
  )
}

test.group('Forms from the keyboard', (group) => {
  isolateEachTest(group)

  test('an invalid tell form puts focus on the error summary and each link focuses its field', async ({
    browser,
    assert,
  }) => {
    await demoDirectory()
    const page = await (await browser.newContext()).newPage()
    await page.goto(urlOn(FIFE, '/tell/story?service=victoria-hospital-ward-6'))
    assert.match(await page.title(), /^Step 2 of 3: Tell your story – /)
    await page.getByRole('button', { name: 'Preview your story' }).focus()
    await Promise.all([page.waitForSelector('.error-summary'), page.keyboard.press('Enter')])

    assert.match(await page.title(), /^Error: Step 2 of 3: Tell your story – /)
    assert.isTrue((await focused(page)).summary, 'the error summary has focus')
    const links = page.locator('.error-summary a')
    const targets = await links.evaluateAll((all) => all.map((link) => link.getAttribute('href')))
    for (const target of ['#field-year', '#field-authorRole', '#field-consent'])
      assert.include(targets, target)

    for (const [index, target] of targets.entries()) {
      const link = links.nth(index)
      const message = (await link.innerText()).trim()
      await link.focus()
      await page.keyboard.press('Enter')
      const field = await focused(page)
      assert.equal(`#${field.id}`, target, `${message} focuses its field`)
      /* Its label (or, for a group, its legend) is in view, and the field says what is wrong. */
      const inView = await page.evaluate((id) => {
        const doc = (globalThis as any).document
        const input = doc.getElementById(id)
        const legend = input.closest('fieldset')?.querySelector('legend')
        const name = ['radio', 'checkbox'].includes(input.type) && legend ? legend : input.labels[0]
        const { top, bottom } = name.getBoundingClientRect()
        /* Scrolled to the top of the window, give or take a fraction of a pixel. */
        return top >= -1 && bottom <= (globalThis as any).innerHeight
      }, field.id)
      assert.isTrue(inView, `the label of ${field.id} is in view`)
      const input = page.locator(`#${field.id}`)
      assert.equal(await input.getAttribute('aria-invalid'), 'true', `${field.id} is invalid`)
      const describedBy = String(await input.getAttribute('aria-describedby')).split(' ')
      const descriptions = await Promise.all(
        describedBy.map((id) => page.locator(`#${id}`).innerText())
      )
      assert.include(descriptions.join(' '), message, `${field.id} is described by its error`)
    }

    /* The consent error sits above its row; the box keeps its size, even at 320 pixels. */
    await page.setViewportSize({ width: 320, height: 740 })
    await assertBesideItsLabel(assert, page, page.locator('#field-consent'))
    await assertBesideItsLabel(assert, page, page.locator('#field-authorRole'))
    await page.setViewportSize({ width: 1280, height: 720 })
    await assertAccessible(page)
  })

  test('the inbox filters by progress with tag “Any”, and a filter that makes no sense is shown', async ({
    browser,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const hospital = await tenancy.run(fife, () => Service.findByOrFail('ref', 'victoria-hospital'))
    await tenancy.run(fife, async () => {
      /* A long label widens the Tag select: the filters must still fit 320 pixels. */
      await StoryTag.create({
        question: 'improve',
        label: 'Being told what would happen next, and when',
        position: 0,
      })
    })
    await makeStaff(fife, 'responder', 'lead@fife.test', { serviceIds: [hospital.id] })
    const answered = await makeStory(fife, 'victoria-hospital-ward-6', {
      status: 'published',
      title: 'Answered about the night shift',
    })
    await makeStory(fife, 'victoria-hospital-ward-6', {
      status: 'published',
      title: 'Still waiting for an answer',
    })
    await tenancy.run(fife, async () => {
      await Story.query().where('id', answered.id).update({ progress: 'responded' })
    })

    const page = await (await browser.newContext()).newPage()
    await page.goto(urlOn(FIFE, '/staff/inbox'))
    await signIn(page, 'lead@fife.test')
    const progress = page.getByLabel('Progress')
    await progress.focus()
    for (let step = 0; step < 8 && (await progress.inputValue()) !== 'responded'; step++)
      await page.keyboard.press('ArrowDown')
    assert.equal(await progress.inputValue(), 'responded')
    assert.equal(await page.getByLabel('Tag').inputValue(), '')
    await press(page, page.getByRole('button', { name: 'Show stories' }))

    const url = new URL(page.url())
    assert.equal(url.pathname, '/staff/inbox')
    assert.equal(url.searchParams.get('progress'), 'responded')
    assert.equal(url.searchParams.get('tag'), '')
    const listed = await page.locator('main').innerText()
    assert.include(listed, 'Answered about the night shift')
    assert.notInclude(listed, 'Still waiting for an answer')
    await assertAccessible(page)

    const refused = await page.goto(urlOn(FIFE, '/staff/inbox?criticality=9'))
    assert.equal(refused?.status(), 422)
    assert.match(await page.title(), /^Error: /)
    assert.isTrue((await focused(page)).summary, 'the error summary has focus')
    await page.locator('.error-summary a').first().focus()
    await page.keyboard.press('Enter')
    assert.equal((await focused(page)).id, 'field-criticality')
    await assertAccessible(page)
  })

  test('a moderator is warned before their claim ends, extends it, and gets their edits back when it lapsed', async ({
    browser,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    await makeStaff(fife, 'moderator', 'mo@fife.test', { name: 'Morag Moderator' })
    const other = await makeStaff(fife, 'moderator', 'other@fife.test', { name: 'Olly Other' })
    await tenancy.run(fife, async () => {
      for (const [position, label] of ['Kindness', 'Clear information', 'Dignity'].entries())
        await StoryTag.create({ question: 'good', label, position })
    })
    const story = await makeStory(fife, 'victoria-hospital-ward-6', {
      title: 'Waiting on the ward at night',
    })
    const page = await (await browser.newContext()).newPage()
    await page.goto(urlOn(FIFE, `/staff/moderation/${story.id}`))
    await signIn(page, 'mo@fife.test')
    assert.equal(await page.title(), 'Moderate: Waiting on the ward at night – Carevoice Fife')
    await press(page, page.getByRole('button', { name: 'Claim this story' }))
    assert.include(await page.locator('.claim').innerText(), 'You hold this story until')
    assert.equal(await page.getByRole('button', { name: 'Extend claim' }).count(), 1)

    /* Four minutes left: the warning shows, and Extend claim gives another 30 without reloading. */
    await tenancy.run(fife, async () => {
      await Story.query()
        .where('id', story.id)
        .update({ claimedUntil: DateTime.now().plus({ minutes: 4 }).toJSDate() })
    })
    await page.reload()
    const warning = page.locator('[data-claim-warning]')
    await warning.waitFor()
    assert.include(await warning.innerText(), 'Your claim on this story ends at')
    const body = page.getByLabel('Story', { exact: true })
    await body.focus()
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.type(
      'The night nurse sat with my dad and explained every step of his care.'
    )
    await page.getByRole('button', { name: 'Extend claim' }).focus()
    await page.keyboard.press('Enter')
    await page
      .locator('[data-claim-status]')
      .filter({ hasText: 'until' })
      .waitFor({ state: 'attached' })
    assert.isTrue(await warning.isHidden())
    const extended = await tenancy.run(fife, () => Story.findOrFail(story.id))
    assert.isAbove(
      extended.claimedUntil!.toMillis(),
      DateTime.now().plus({ minutes: 25 }).toMillis()
    )
    assert.include(await body.inputValue(), 'explained every step of his care')

    /* Publish is a few Tab stops away through the jump link, past the form and its tags. */
    await page.getByLabel('Kindness').focus()
    await page.keyboard.press('Space')
    await page.getByRole('link', { name: /Go to the decisions/ }).focus()
    await page.keyboard.press('Enter')
    await page.keyboard.press('Tab')
    assert.equal((await focused(page)).text, 'Publish')

    /* Meanwhile the claim lapsed and another moderator took the story: Publish keeps the edits. */
    await tenancy.run(fife, async () => {
      await Story.query()
        .where('id', story.id)
        .update({
          claimedById: other.id,
          claimedUntil: DateTime.now().plus({ minutes: 30 }).toJSDate(),
        })
    })
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')])
    const notice = await page.locator('[role=alert]').first().innerText()
    assert.include(notice, 'Olly Other holds this story until')
    assert.include(notice, 'Nothing was saved, but what you typed is kept below')
    assert.include(await body.inputValue(), 'explained every step of his care')
    assert.isTrue(await page.getByLabel('Kindness').isChecked())
    const unchanged = await tenancy.run(fife, () => Story.findOrFail(story.id))
    assert.equal(unchanged.status, 'awaiting_moderation')
    assert.isNull(unchanged.publicBody)
    await assertAccessible(page)
  })

  test('a staff session that ended mid-edit keeps the text through signing in again', async ({
    browser,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    await makeStaff(fife, 'moderator', 'mo@fife.test', { name: 'Morag Moderator' })
    const story = await makeStory(fife, 'victoria-hospital-ward-6', {
      title: 'Lost in the corridor',
    })
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(urlOn(FIFE, `/staff/moderation/${story.id}`))
    await signIn(page, 'mo@fife.test')
    await press(page, page.getByRole('button', { name: 'Claim this story' }))
    const typed = 'Nobody told us where the ward was, and the signs pointed the wrong way.'
    await page.getByLabel('Story', { exact: true }).focus()
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.type(typed)
    await page.getByLabel('Title', { exact: true }).focus()
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.type('Lost on the way to the ward')

    /* The session ends (its cookie is gone); Save leads to signing in, then back with the text. */
    await context.clearCookies({ name: 'carevoice-session' })
    await page.getByRole('button', { name: 'Save changes' }).focus()
    await Promise.all([page.waitForURL(/\/staff\/sign-in$/), page.keyboard.press('Enter')])
    assert.include(await page.locator('[role=alert]').innerText(), 'Your session had ended')
    await signIn(page, 'mo@fife.test')
    assert.equal(new URL(page.url()).pathname, `/staff/moderation/${story.id}`)
    assert.include(await page.locator('main').innerText(), 'What you typed is back on the page')
    assert.equal(await page.getByLabel('Story', { exact: true }).inputValue(), typed)
    assert.equal(
      await page.getByLabel('Title', { exact: true }).inputValue(),
      'Lost on the way to the ward'
    )
    await press(page, page.getByRole('button', { name: 'Save changes' }))
    assert.include(await page.locator('[role=status]').first().innerText(), 'Saved')
    const saved = await tenancy.run(fife, () => Story.findOrFail(story.id))
    assert.equal(saved.publicBody, typed)

    /* Kept once: signing in again later brings nothing back. */
    await page.reload()
    assert.notInclude(await page.locator('main').innerText(), 'What you typed is back')
  })

  test('the response and report radios are at least 24 by 24 pixels beside their labels, and a preview takes focus', async ({
    browser,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const hospital = await tenancy.run(fife, () => Service.findByOrFail('ref', 'victoria-hospital'))
    await makeStaff(fife, 'responder', 'lead@fife.test', { serviceIds: [hospital.id] })
    const story = await makeStory(fife, 'victoria-hospital-ward-6', {
      status: 'published',
      title: 'Kept waiting for a scan',
    })

    const page = await (
      await browser.newContext({ viewport: { width: 320, height: 740 } })
    ).newPage()
    await page.goto(urlOn(FIFE, `/staff/stories/${story.id}`))
    await signIn(page, 'lead@fife.test')
    assert.equal(await page.title(), 'Respond: Kept waiting for a scan – Carevoice Fife')
    for (const name of ['No change to report', 'Change planned', 'Change made'])
      await assertBesideItsLabel(assert, page, page.getByLabel(name, { exact: true }))
    await page.getByLabel('Your response').focus()
    await page.keyboard.type('Thank you for telling us. We are adding evening scan slots.')
    await page.getByLabel('Change planned').focus()
    await page.keyboard.press('Space')
    await press(page, page.getByRole('button', { name: 'Preview' }))
    assert.equal(
      await page.title(),
      'Preview your response: Kept waiting for a scan – Carevoice Fife'
    )
    assert.equal((await focused(page)).id, 'response-preview')
    assert.isTrue(await page.getByLabel('Change planned').isChecked())
    await assertAccessible(page)

    await page.goto(urlOn(FIFE, `/stories/${story.id}`))
    assert.equal(await page.title(), 'Kept waiting for a scan – Carevoice Fife')
    await page.getByText('Report this story').focus()
    await page.keyboard.press('Enter')
    const reasons = page.locator('input[name="reason"]')
    assert.isAbove(await reasons.count(), 1)
    for (let index = 0; index < (await reasons.count()); index++)
      await assertBesideItsLabel(assert, page, reasons.nth(index))
    await assertAccessible(page)
  })
})
