import { test } from '@japa/runner'
import mail from '@adonisjs/mail/services/main'
import PasswordReset from '#models/password_reset'
import { RESETS_PER_ACCOUNT_PER_HOUR } from '#services/accounts/password_reset'
import { CLIENT_IP_HEADER, clientIpFromHeader } from '#tests/helpers/client_ip'
import { isolateEachTest, makeStaff, makeTenant } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'

function askForReset(client: any, email: string, ip: string) {
  return client
    .post('/staff/password/forgot')
    .header('host', FIFE)
    .header(CLIENT_IP_HEADER, ip)
    .form({ email })
    .withCsrfToken()
}

function linkPathOf(message: { nodeMailerMessage: { text?: unknown } }) {
  return new URL(String(message.nodeMailerMessage.text).match(/https?:\/\/\S+/)![0]).pathname
}

test.group('Password reset: limits', (group) => {
  isolateEachTest(group)
  clientIpFromHeader(group)

  test('six IPs asking five times each send the account three mails, and the page never says so', async ({
    client,
    assert,
  }) => {
    const fake = mail.fake()
    const fife = await makeTenant('fife')
    await makeStaff(fife, 'moderator', 'mo@fife.test')
    const pages = new Set<string>()
    for (let ip = 1; ip <= 6; ip++) {
      for (let ask = 1; ask <= 5; ask++) {
        const response = await askForReset(client, 'mo@fife.test', `203.0.113.${ip}`)
        response.assertStatus(200)
        pages.add(response.text().replace(/<input[^>]*_csrf[^>]*>/g, ''))
      }
    }
    assert.equal(pages.size, 1, 'every answer is the same page')
    assert.lengthOf(fake.messages.queued(), RESETS_PER_ACCOUNT_PER_HOUR)
    mail.restore()
  })

  test('asking again invalidates the older link: only the newest one works', async ({
    client,
    assert,
  }) => {
    const fake = mail.fake()
    const fife = await makeTenant('fife')
    await makeStaff(fife, 'moderator', 'mo@fife.test')
    await askForReset(client, 'mo@fife.test', '203.0.113.1')
    await askForReset(client, 'mo@fife.test', '203.0.113.2')
    const [older, newer] = fake.messages.queued().map(linkPathOf)
    mail.restore()

    ;(await client.get(older).header('host', FIFE)).assertStatus(404)
    ;(await client.get(newer).header('host', FIFE)).assertStatus(200)
    const live = await PasswordReset.query().whereNull('used_at')
    assert.lengthOf(live, 1)
  })
})
