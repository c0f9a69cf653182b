import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import mail from '@adonisjs/mail/services/main'
import StoryTag from '#models/story_tag'
import { tenancy } from '#tenancy/context'
import { assertAccessible, urlOn } from '#tests/helpers/browser'
import { demoDirectory } from '#tests/helpers/directory'
import { TEST_PASSWORD, isolateEachTest, makeStaff } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'

test.group('A story from telling to publication', (group) => {
  isolateEachTest(group)

  test('told on Fife, confirmed, moderated and published on the ward, hospital and area pages only', async ({
    visit,
    browser,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife } = await demoDirectory()
    await makeStaff(fife, 'moderator', 'mo@fife.test', { name: 'Morag Moderator' })
    await tenancy.run(fife, () =>
      StoryTag.create({ question: 'good', label: 'Kindness', position: 0 })
    )
    const lastMonth = DateTime.now().minus({ months: 1 })

    const author = await visit(urlOn(FIFE, '/tell/story?service=victoria-hospital-ward-6'))
    await author.getByLabel('Give your story a title').fill('Kind care at night')
    await author
      .getByLabel('Your story', { exact: true })
      .fill(
        'Nurse Fiona McLeod sat with my dad all night. Call me on 07700 900123 if you want to know more.'
      )
    await author.getByLabel('Month').selectOption(String(lastMonth.month))
    await author.getByLabel('Year').fill(String(lastMonth.year))
    await author.getByLabel('I am a relative').check()
    await author.getByLabel('Your age').selectOption('45_54')
    await author.getByLabel('Name to show with your story').fill('Grateful daughter')
    await author.getByLabel('Your email address').fill('author@example.test')
    await author.getByLabel('I agree to my story being published after moderation').check()
    await Promise.all([
      author.waitForURL(/preview$/),
      author.getByRole('button', { name: 'Preview your story' }).click(),
    ])
    await Promise.all([
      author.waitForURL(/\/tell$/),
      author.getByRole('button', { name: 'Send my story' }).click(),
    ])
    await author.goto(
      String(fake.messages.queued()[0].nodeMailerMessage.text).match(/https?:\/\/\S+/)![0]
    )
    assert.include(await author.locator('h1').innerText(), 'with our moderators')

    const staff = await (await browser.newContext()).newPage()
    await staff.goto(urlOn(FIFE, '/staff/sign-in'))
    await staff.getByLabel('Email address').fill('mo@fife.test')
    await staff.getByLabel('Password').fill(TEST_PASSWORD)
    await Promise.all([
      staff.waitForURL(/\/staff$/),
      staff.getByRole('button', { name: 'Sign in' }).click(),
    ])
    await Promise.all([
      staff.waitForURL(/moderation$/),
      staff.getByRole('link', { name: 'Moderation queue' }).click(),
    ])
    await assertAccessible(staff)
    await Promise.all([
      staff.waitForURL(/moderation\/\d+$/),
      staff.getByRole('link', { name: 'Kind care at night' }).click(),
    ])
    await assertAccessible(staff)
    assert.include(await staff.locator('main').innerText(), 'Phone number')
    await Promise.all([
      staff.waitForLoadState('load'),
      staff.getByRole('button', { name: 'Claim this story' }).click(),
    ])
    await staff
      .getByLabel('Story', { exact: true })
      .fill('The night nurse sat with my dad all night and made sure he was comfortable.')
    await staff.getByLabel('Kindness').check()
    await Promise.all([
      staff.waitForLoadState('load'),
      staff.getByRole('button', { name: 'Publish', exact: true }).click(),
    ])
    assert.include(await staff.locator('[role=status]').innerText(), 'published')
    await assertAccessible(staff)

    for (const path of [
      '/services/victoria-hospital-ward-6',
      '/services/victoria-hospital',
      '/areas/kirkcaldy',
    ]) {
      await author.goto(urlOn(FIFE, path))
      assert.equal(await author.getByRole('link', { name: 'Kind care at night' }).count(), 1, path)
      await assertAccessible(author)
    }
    await author.getByRole('link', { name: 'Kind care at night' }).click()
    await author.waitForURL(/\/stories\/\d+$/)
    const text = await author.locator('article').innerText()
    assert.include(text, 'made sure he was comfortable')
    assert.notInclude(text, '07700 900123')
    assert.notInclude(text, 'Fiona McLeod')
    await assertAccessible(author)

    const storyPath = new URL(author.url()).pathname
    /* Its tag leads to the tag's own page, which lists it too. */
    await author.getByRole('link', { name: 'Kindness' }).click()
    await author.waitForURL(/\/tags\/\d+$/)
    assert.equal(await author.getByRole('link', { name: 'Kind care at night' }).count(), 1)
    await assertAccessible(author)
    const onEngland = await author.goto(urlOn('england.localhost', storyPath))
    assert.equal(onEngland?.status(), 404)
    await author.goto(urlOn('england.localhost', '/services'))
    assert.notInclude(await author.locator('body').innerText(), 'Kind care at night')
  })
})
