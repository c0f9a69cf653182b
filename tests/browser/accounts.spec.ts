import { test } from '@japa/runner'
import mail from '@adonisjs/mail/services/main'
import { assertAccessible, urlOn } from '#tests/helpers/browser'
import {
  TEST_PASSWORD,
  currentTotp,
  isolateEachTest,
  makeStaff,
  makeTenant,
} from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'

test.group('Staff accounts in a browser', (group) => {
  isolateEachTest(group)

  test('an admin signs in with two-factor, invites a moderator, who accepts and signs in', async ({
    visit,
    browserContext,
    browser,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const fife = await makeTenant('fife', { name: 'Carevoice Fife' })
    await makeStaff(fife, 'tenant_admin', 'admin@fife.test', {
      twoFactor: true,
      name: 'Fiona Admin',
    })

    const page = await visit(urlOn(FIFE, '/staff'))
    assert.match(page.url(), /\/staff\/sign-in$/)
    await assertAccessible(page)
    await page.getByLabel('Email address').fill('admin@fife.test')
    await page.getByLabel('Password').fill(TEST_PASSWORD)
    await Promise.all([
      page.waitForURL(/two-factor$/),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ])
    await assertAccessible(page)
    await page.getByLabel('Security code').fill(await currentTotp())
    await Promise.all([
      page.waitForURL(urlOn(FIFE, '/staff')),
      page.getByRole('button', { name: 'Continue' }).click(),
    ])
    await assertAccessible(page)

    await Promise.all([
      page.waitForURL(/members$/),
      page.getByRole('link', { name: 'Manage staff members' }).click(),
    ])
    await assertAccessible(page)
    await page.getByLabel('Email address').fill('new.moderator@fife.test')
    await page.getByLabel('Role', { exact: true }).selectOption('moderator')
    await Promise.all([
      page.waitForURL(/members$/),
      page.getByRole('button', { name: 'Send the invitation' }).click(),
    ])
    assert.include(await page.locator('[role=status]').innerText(), 'new.moderator@fife.test')
    await assertAccessible(page)

    const message = fake.messages.queued()[0]
    const link = String(message.nodeMailerMessage.text).match(/https?:\/\/\S+/)![0]

    const inviteeContext = await browser.newContext()
    const invitee = await inviteeContext.newPage()
    await invitee.goto(link)
    await assertAccessible(invitee)
    await invitee.getByLabel('Full name').fill('Morag Moderator')
    await invitee.getByLabel('New password').fill('morag-long-password')
    await Promise.all([
      invitee.waitForURL(new RegExp(`${FIFE}:\\d+/staff$`)),
      invitee.getByRole('button', { name: 'Accept the invitation' }).click(),
    ])
    assert.include(await invitee.locator('main').innerText(), 'Moderator')
    await assertAccessible(invitee)

    await Promise.all([
      invitee.waitForURL(/sign-in$/),
      invitee.getByRole('button', { name: 'Sign out' }).click(),
    ])
    await invitee.getByLabel('Email address').fill('new.moderator@fife.test')
    await invitee.getByLabel('Password').fill('morag-long-password')
    await Promise.all([
      invitee.waitForURL(new RegExp(`${FIFE}:\\d+/staff$`)),
      invitee.getByRole('button', { name: 'Sign in' }).click(),
    ])
    assert.include(await invitee.locator('main').innerText(), 'Morag Moderator')
    await assertAccessible(invitee)
    await inviteeContext.close()
    void browserContext
  })
})
