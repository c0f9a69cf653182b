import { test } from '@japa/runner'
import mail from '@adonisjs/mail/services/main'
import Service from '#models/service'
import { enqueue, work } from '#services/platform/job_queue'
import { tenancy } from '#tenancy/context'
import { assertAccessible, urlOn } from '#tests/helpers/browser'
import { demoDirectory } from '#tests/helpers/directory'
import { authorLinkFor, makeStory } from '#tests/helpers/stories'
import { TEST_PASSWORD, isolateEachTest, makeStaff } from '#tests/helpers/tenants'
import '#start/jobs'

const FIFE = 'fife.localhost'

test.group('A service responds and says what it changed', (group) => {
  isolateEachTest(group)

  test('the responder follows the alert, adds their job title, responds “change made”, a moderator approves the response and confirms the change, the public sees the badge, and the author replies', async ({
    browser,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife } = await demoDirectory()
    const hospital = await tenancy.run(fife, () => Service.findByOrFail('ref', 'victoria-hospital'))
    await makeStaff(fife, 'responder', 'lead@fife.test', {
      serviceIds: [hospital.id],
      name: 'Dana Lead',
    })
    await makeStaff(fife, 'moderator', 'mo@fife.test', { name: 'Morag Moderator' })
    const story = await makeStory(fife, 'victoria-hospital-ward-6', {
      status: 'published',
      title: 'Waiting for pain relief at night',
    })
    await tenancy.run(fife, () => enqueue('story.published', { storyId: story.id }))
    await work({ once: true, schedules: false })
    const alert = fake.messages
      .queued()
      .find((message) => String(message.nodeMailerMessage.to) === 'lead@fife.test')
    const alertLink = String(alert?.nodeMailerMessage.text).match(
      /https?:\/\/\S+\/staff\/stories\/\d+/
    )![0]

    /* The responder opens the alert's link, signs in, and lands on the story. */
    const responder = await (await browser.newContext()).newPage()
    await responder.goto(alertLink)
    await responder.getByLabel('Email address').fill('lead@fife.test')
    await responder.getByLabel('Password').fill(TEST_PASSWORD)
    await Promise.all([
      responder.waitForURL(/\/staff\/stories\/\d+$/),
      responder.getByRole('button', { name: 'Sign in' }).click(),
    ])
    await assertAccessible(responder)
    await responder
      .getByLabel('Your response')
      .fill('Thank you for telling us. The ward now checks pain relief every hour at night.')
    await responder.getByLabel('Change made').check()
    await responder
      .getByLabel('What is changing (needed for a change)')
      .fill('Hourly pain checks on night shifts, from this month.')
    await Promise.all([
      responder.waitForURL(/preview$/),
      responder.getByRole('button', { name: 'Preview' }).click(),
    ])
    assert.include(
      await responder.locator('main').innerText(),
      'Preview: how the public will see it'
    )
    await assertAccessible(responder)
    /* No job title yet: the responder is sent to add one, and the response comes back with it. */
    await Promise.all([
      responder.waitForURL(/\/staff\/account/),
      responder.getByRole('button', { name: 'Post response' }).click(),
    ])
    assert.include(await responder.locator('body').innerText(), 'Add your job title first')
    await assertAccessible(responder)
    await responder.getByLabel('Job title').fill('Lead Nurse')
    await Promise.all([
      responder.waitForURL(/\/staff\/stories\/\d+/),
      responder.getByRole('button', { name: 'Save' }).first().click(),
    ])
    assert.equal(
      await responder.getByLabel('Your response').inputValue(),
      'Thank you for telling us. The ward now checks pain relief every hour at night.'
    )
    assert.isTrue(await responder.getByLabel('Change made').isChecked())
    await Promise.all([
      responder.waitForURL(/\/staff\/stories\/\d+/),
      responder.getByRole('button', { name: 'Post response' }).click(),
    ])
    /* Without fast-track it waits for a moderator's check. */
    assert.include(await responder.locator('main').innerText(), 'Waiting for a moderator’s check')
    await assertAccessible(responder)
    /* A moderator confirms the change claim. */
    const moderator = await (await browser.newContext()).newPage()
    await moderator.goto(urlOn(FIFE, '/staff/sign-in'))
    await moderator.getByLabel('Email address').fill('mo@fife.test')
    await moderator.getByLabel('Password').fill(TEST_PASSWORD)
    await Promise.all([
      moderator.waitForURL(/\/staff$/),
      moderator.getByRole('button', { name: 'Sign in' }).click(),
    ])
    /* The response waits in the check queue; the moderator approves it as written. */
    await Promise.all([
      moderator.waitForURL(/response-checks$/),
      moderator.getByRole('link', { name: 'Responses to check' }).click(),
    ])
    assert.include(await moderator.locator('main').innerText(), 'Dana Lead, Lead Nurse')
    await assertAccessible(moderator)
    await Promise.all([
      moderator.waitForLoadState('load'),
      moderator.getByRole('button', { name: 'Approve and publish' }).click(),
    ])
    assert.include(
      await moderator.locator('main').innerText(),
      'No responses are waiting for a check'
    )
    await assertAccessible(moderator)
    await responder.goto(urlOn(FIFE, '/staff/inbox?progress=responded'))
    assert.include(await responder.locator('main').innerText(), 'Waiting for pain relief at night')
    await moderator.goto(urlOn(FIFE, '/staff/responders'))
    await assertAccessible(moderator)
    await moderator.goto(urlOn(FIFE, '/staff'))
    await Promise.all([
      moderator.waitForURL(/checks$/),
      moderator.getByRole('link', { name: 'Changes and replies to check' }).click(),
    ])
    await assertAccessible(moderator)
    await Promise.all([
      moderator.waitForLoadState('load'),
      moderator.getByRole('button', { name: 'Confirm the change' }).click(),
    ])
    assert.include(await moderator.locator('main').innerText(), 'No change claims to check')

    /* The public page shows the response and the badge. */
    const reader = await (await browser.newContext()).newPage()
    await reader.goto(urlOn(FIFE, `/stories/${story.id}`))
    const page = await reader.locator('main').innerText()
    assert.include(page, 'Response from Victoria Hospital')
    assert.include(page, 'Dana Lead')
    assert.include(page, 'Change made')
    assert.include(page, 'Hourly pain checks on night shifts')
    await assertAccessible(reader)

    /* The author replies through their private link; a moderator publishes the reply. */
    const author = await (await browser.newContext()).newPage()
    await author.goto(urlOn(FIFE, await authorLinkFor(fife, story)))
    await assertAccessible(author)
    await author.getByLabel('Reply to this response').fill('Thank you, that is good to hear.')
    await Promise.all([
      author.waitForLoadState('load'),
      author.getByRole('button', { name: 'Send reply' }).click(),
    ])
    assert.include(await author.locator('main').innerText(), 'your reply is with our moderators')
    await moderator.reload()
    await Promise.all([
      moderator.waitForLoadState('load'),
      moderator.getByRole('button', { name: 'Publish reply' }).click(),
    ])
    await reader.reload()
    assert.include(await reader.locator('main').innerText(), 'Thank you, that is good to hear.')
    await assertAccessible(reader)
  })
  test('a tenant admin manages tags, reasons and retention on an accessible page', async ({
    browser,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    const page = await (await browser.newContext()).newPage()
    await page.goto(urlOn(FIFE, '/staff/settings/moderation'))
    await page.getByLabel('Email address').fill('admin@fife.test')
    await page.getByLabel('Password').fill(TEST_PASSWORD)
    await Promise.all([
      page.waitForURL(/settings\/moderation$/),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ])
    await page.getByLabel('List').selectOption('improve')
    await page.getByLabel('Label', { exact: true }).first().fill('Waiting times')
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Add a tag' }).click(),
    ])
    assert.include(await page.locator('main').innerText(), 'Saved')
    assert.equal(
      await page.getByLabel('Label', { exact: true }).first().inputValue(),
      'Waiting times'
    )
    await assertAccessible(page)
  })
})
