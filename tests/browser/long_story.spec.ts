import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { assertAccessible, urlOn } from '#tests/helpers/browser'
import { demoDirectory } from '#tests/helpers/directory'
import { longStory } from '#tests/helpers/stories'
import { isolateEachTest } from '#tests/helpers/tenants'

test.group('A long story in a browser', (group) => {
  isolateEachTest(group)

  test('a 1,500-word story with a bad pseudonym comes back whole, the error beside the field', async ({
    visit,
    assert,
  }) => {
    await demoDirectory()
    const story = longStory(1500)
    const lastMonth = DateTime.now().minus({ months: 1 })

    const page = await visit(
      urlOn('fife.localhost', '/tell/story?service=victoria-hospital-ward-6')
    )
    await page.getByLabel('Give your story a title').fill('A long night on Ward 6')
    await page.getByLabel('Your story', { exact: true }).fill(story)
    await page.getByLabel('Month').selectOption(String(lastMonth.month))
    await page.getByLabel('Year').fill(String(lastMonth.year))
    await page.getByLabel('I am a relative').check()
    await page.getByLabel('Your age').selectOption('45_54')
    await page.getByLabel('Name to show with your story').fill('jo@example.com')
    await page.getByLabel('Your email address').fill('author@example.test')
    await page.getByLabel('I agree to my story being published after moderation').check()
    await Promise.all([
      page.waitForURL(/\/tell\/story\?service=victoria-hospital-ward-6$/),
      page.getByRole('button', { name: 'Preview your story' }).click(),
    ])

    assert.equal(await page.getByLabel('Your story', { exact: true }).inputValue(), story)
    assert.equal(
      await page.getByLabel('Give your story a title').inputValue(),
      'A long night on Ward 6'
    )
    assert.equal(await page.getByLabel('Your email address').inputValue(), 'author@example.test')
    assert.isTrue(
      await page.getByLabel('I agree to my story being published after moderation').isChecked()
    )
    const pseudonym = page.getByLabel('Name to show with your story')
    assert.equal(await pseudonym.inputValue(), 'jo@example.com')
    assert.equal(await pseudonym.getAttribute('aria-invalid'), 'true')
    assert.include(
      await page.locator('#field-displayName-error').innerText(),
      'Choose a display name that does not include an email'
    )
    assert.include(await page.locator('.error-summary').innerText(), 'display name')
    await assertAccessible(page)
  })
})
