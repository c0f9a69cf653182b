import { test } from '@japa/runner'
import mail from '@adonisjs/mail/services/main'
import {
  ACCOUNT_FAILURES_PER_MINUTE,
  FAILURES_BEFORE_NOTICE,
  IP_FAILURES_PER_WINDOW,
} from '#controllers/staff/sign_in_http'
import { CLIENT_IP_HEADER, clientIpFromHeader } from '#tests/helpers/client_ip'
import {
  TEST_PASSWORD,
  currentTotp,
  isolateEachTest,
  makeStaff,
  makeTenant,
} from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'
const ATTACKER = '203.0.113.66'
const OWNER = '198.51.100.7'

function signIn(client: any, email: string, password: string, ip: string) {
  return client
    .post('/staff/sign-in')
    .header('host', FIFE)
    .header(CLIENT_IP_HEADER, ip)
    .form({ email, password })
    .withCsrfToken()
    .redirects(0)
}

/** What a person typing sees: the status, and the message (its seconds left out). */
function answerOf(response: any) {
  const flashed = response.flashMessages()?.inputErrorsBag?.email?.[0]
  const problem = response.text().match(/<p>(Too many attempts[^<]*)<\/p>/)?.[1]
  const message: string | null = flashed ?? problem ?? null
  return { status: response.status(), message: message?.replace(/\d+/g, 'N') ?? null }
}

test.group('Sign-in throttling without lock-outs', (group) => {
  isolateEachTest(group)
  clientIpFromHeader(group)

  test('a known and an unknown address get the same answers, attempt by attempt', async ({
    client,
    assert,
  }) => {
    const fife = await makeTenant('fife')
    await makeStaff(fife, 'moderator', 'mo@fife.test')
    const answers: Record<string, unknown[]> = { known: [], unknown: [] }
    for (const [which, email, ip] of [
      ['known', 'mo@fife.test', '203.0.113.1'],
      ['unknown', 'nobody@fife.test', '203.0.113.2'],
    ]) {
      for (let attempt = 1; attempt <= 12; attempt++) {
        const response = await signIn(client, email, `wrong-password-${attempt}`, ip)
        answers[which].push(answerOf(response))
      }
    }
    assert.deepEqual(answers.known, answers.unknown)
    assert.notInclude(JSON.stringify(answers.known), 'locked')
    assert.deepEqual(answers.known[11], {
      status: 429,
      message: 'Too many attempts to sign in. Wait N seconds and try again.',
    })
  })

  test("a stranger's failures do not keep the owner out: the right password from another IP signs in", async ({
    client,
    assert,
  }) => {
    const fife = await makeTenant('fife')
    await makeStaff(fife, 'moderator', 'mo@fife.test')
    for (let attempt = 1; attempt <= 15; attempt++) {
      await signIn(client, 'mo@fife.test', `guess-number-${attempt}`, ATTACKER)
    }
    const attackerWithRightPassword = await signIn(client, 'mo@fife.test', TEST_PASSWORD, ATTACKER)
    attackerWithRightPassword.assertStatus(429)

    const owner = await signIn(client, 'mo@fife.test', TEST_PASSWORD, OWNER)
    owner.assertStatus(302)
    assert.equal(owner.header('location'), '/staff')
  })

  test('with two-factor, the owner from a clean IP passes both steps while the account is throttled', async ({
    client,
    assert,
  }) => {
    const fife = await makeTenant('fife')
    await makeStaff(fife, 'moderator', 'mo@fife.test', { twoFactor: true })
    for (let attempt = 1; attempt <= ACCOUNT_FAILURES_PER_MINUTE + 2; attempt++) {
      await signIn(client, 'mo@fife.test', `guess-number-${attempt}`, ATTACKER)
    }
    const owner = await signIn(client, 'mo@fife.test', TEST_PASSWORD, OWNER)
    assert.equal(owner.header('location'), '/staff/sign-in/two-factor')
    const code = await client
      .post('/staff/sign-in/two-factor')
      .header('host', FIFE)
      .header(CLIENT_IP_HEADER, OWNER)
      .withSession(owner.session())
      .form({ code: await currentTotp() })
      .withCsrfToken()
      .redirects(0)
    assert.equal(code.header('location'), '/staff')
  })

  test('a clean IP with a wrong password while the account is throttled gets the throttled answer', async ({
    client,
  }) => {
    const fife = await makeTenant('fife')
    await makeStaff(fife, 'moderator', 'mo@fife.test')
    for (let attempt = 1; attempt <= ACCOUNT_FAILURES_PER_MINUTE; attempt++) {
      await signIn(client, 'mo@fife.test', `guess-number-${attempt}`, ATTACKER)
    }
    ;(await signIn(client, 'mo@fife.test', 'not-the-password', OWNER)).assertStatus(429)
  })

  test('an IP failing across many addresses is refused for all of them', async ({ client }) => {
    await makeTenant('fife')
    for (let attempt = 1; attempt <= IP_FAILURES_PER_WINDOW; attempt++) {
      ;(
        await signIn(client, `person-${attempt}@fife.test`, 'wrong-password', ATTACKER)
      ).assertStatus(302)
    }
    ;(await signIn(client, 'fresh@fife.test', 'wrong-password', ATTACKER)).assertStatus(429)
    ;(await signIn(client, 'fresh@fife.test', 'wrong-password', OWNER)).assertStatus(302)
  })

  test('many failures email the owner a notice with a reset link, once an hour; unknown addresses send nothing', async ({
    client,
    assert,
  }) => {
    const fake = mail.fake()
    const fife = await makeTenant('fife', { name: 'Carevoice Fife' })
    await makeStaff(fife, 'moderator', 'mo@fife.test')
    for (let attempt = 1; attempt <= FAILURES_BEFORE_NOTICE * 2; attempt++) {
      const ip = `203.0.113.${attempt}`
      await signIn(client, 'mo@fife.test', `guess-number-${attempt}`, ip)
      await signIn(client, 'nobody@fife.test', `guess-number-${attempt}`, ip)
    }
    const messages = fake.messages.queued()
    assert.lengthOf(messages, 1)
    const message = messages[0]
    assert.isTrue(message.hasTo('mo@fife.test'))
    assert.isTrue(message.hasSubject('Someone tried to sign in to your Carevoice Fife account'))
    const text = String(message.nodeMailerMessage.text)
    assert.include(text, 'http://fife.localhost')
    assert.include(text, '/staff/password/forgot')
    mail.restore()
  })
})
