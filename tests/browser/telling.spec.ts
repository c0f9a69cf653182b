import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import mail from '@adonisjs/mail/services/main'
import StoryTag from '#models/story_tag'
import { tenancy } from '#tenancy/context'
import { assertAccessible, urlOn } from '#tests/helpers/browser'
import { demoDirectory } from '#tests/helpers/directory'
import { isolateEachTest } from '#tests/helpers/tenants'

test.group('Telling a story in a browser', (group) => {
  isolateEachTest(group)

  test('choose the ward, write, preview, send and confirm by the emailed link', async ({
    visit,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife } = await demoDirectory()
    await tenancy.run(fife, async () => {
      await StoryTag.create({ question: 'good', label: 'Kindness', position: 0 })
      await StoryTag.create({ question: 'feeling', label: 'Reassured', position: 0 })
    })
    const lastMonth = DateTime.now().minus({ months: 1 })

    const page = await visit(urlOn('fife.localhost', '/'))
    await Promise.all([
      page.waitForURL(/\/tell$/),
      /* The home page's own button; the header has the same link. */
      page.getByRole('main').getByRole('link', { name: 'Tell your story' }).click(),
    ])
    await assertAccessible(page)
    await page.getByLabel('Find a service').fill('ward 6')
    await Promise.all([
      page.waitForURL(/\/tell\?q=/),
      page.getByRole('button', { name: 'Search' }).click(),
    ])
    await Promise.all([
      page.waitForURL(/\/tell\/story\?service=victoria-hospital-ward-6/),
      page.getByRole('link', { name: 'Tell a story about Ward 6 (Acute Medicine)' }).click(),
    ])
    await assertAccessible(page)

    await page.getByRole('button', { name: 'Preview your story' }).click()
    await page.waitForSelector('.error-summary')
    await assertAccessible(page)

    await page.getByLabel('Give your story a title').fill('Kind care in the middle of the night')
    await page
      .getByLabel('Your story', { exact: true })
      .fill('The night staff checked on my father every hour and explained everything to us.')
    await page.getByLabel('Kindness').check()
    await page.getByLabel('Reassured').check()
    await page.getByLabel('Month').selectOption(String(lastMonth.month))
    await page.getByLabel('Year').fill(String(lastMonth.year))
    await page.getByLabel('I am a relative').check()
    await page.getByLabel('Your age').selectOption('45_54')
    await page.getByLabel('Name to show with your story').fill('Grateful daughter')
    await page.getByLabel('Your email address').fill('author@example.test')
    await page.getByLabel('I agree to my story being published after moderation').check()
    await Promise.all([
      page.waitForURL(/\/tell\/preview$/),
      page.getByRole('button', { name: 'Preview your story' }).click(),
    ])
    assert.include(await page.locator('article').innerText(), 'By Grateful daughter')
    await assertAccessible(page)

    await Promise.all([
      page.waitForURL(/\/tell$/),
      page.getByRole('button', { name: 'Send my story' }).click(),
    ])
    assert.equal(await page.locator('h1').innerText(), 'Check your email')
    await assertAccessible(page)

    const link = String(fake.messages.queued()[0].nodeMailerMessage.text).match(
      /https?:\/\/\S+/
    )![0]
    await page.goto(link)
    assert.include(await page.locator('h1').innerText(), 'your story is with our moderators')
    await assertAccessible(page)
  })
})
