import { test } from '@japa/runner'
import hash from '@adonisjs/core/services/hash'
import { generate } from 'otplib'
import mail from '@adonisjs/mail/services/main'
import AuditEvent from '#models/audit_event'
import User from '#models/user'
import { confirmEnrolment, verifySecondFactor } from '#services/accounts/two_factor'
import { tenancy } from '#tenancy/context'
import {
  TEST_PASSWORD,
  TEST_TOTP_SECRET,
  currentTotp,
  isolateEachTest,
  makeStaff,
  makeTenant,
} from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'

async function signIn(client: any) {
  const response = await client
    .post('/staff/sign-in')
    .header('host', FIFE)
    .form({ email: 'mo@fife.test', password: TEST_PASSWORD })
    .withCsrfToken()
    .redirects(0)
  return response.session()
}

/** Sends a code in the given session; returns the response and the session after it. */
async function sendCode(client: any, session: any, code: string) {
  const response = await client
    .post('/staff/sign-in/two-factor')
    .header('host', FIFE)
    .withSession(session)
    .form({ code })
    .withCsrfToken()
    .redirects(0)
  return { response, session: response.session() }
}

/** A six-digit code that is not the current one (nor the ones either side). */
async function wrongCode() {
  const now = Math.floor(Date.now() / 1000)
  const right = new Set(
    await Promise.all(
      [-30, 0, 30].map((offset) => generate({ secret: TEST_TOTP_SECRET, epoch: now + offset }))
    )
  )
  for (let candidate = 100000; ; candidate++) {
    if (!right.has(String(candidate))) return String(candidate)
  }
}

test.group('Second factor: limits', (group) => {
  isolateEachTest(group)

  test('after five wrong codes the pending sign-in is dropped: even the right code needs the password again', async ({
    client,
    assert,
  }) => {
    const fife = await makeTenant('fife')
    await makeStaff(fife, 'moderator', 'mo@fife.test', { twoFactor: true })
    const original = await signIn(client)
    let session: any = original
    for (let attempt = 1; attempt <= 4; attempt++) {
      const sent = await sendCode(client, session, await wrongCode())
      sent.response.assertFlashMessage('inputErrorsBag', {
        code: ['The code is not right: check your app and try again'],
      })
      session = sent.session
    }
    const fifth = await sendCode(client, session, await wrongCode())
    assert.equal(fifth.response.header('location'), '/staff/sign-in')
    fifth.response.assertFlashMessage(
      'error',
      'Too many wrong codes. Sign in again with your email address and password.'
    )

    const right = await sendCode(client, fifth.session, await currentTotp())
    assert.equal(right.response.header('location'), '/staff/sign-in')
    ;(
      await client.get('/staff').header('host', FIFE).withSession(right.session).redirects(0)
    ).assertStatus(302)

    /* Replaying the session from before the wrong codes buys no more tries. */
    const replayed = await sendCode(client, original, await currentTotp())
    assert.equal(replayed.response.header('location'), '/staff/sign-in')
  })

  test('ten wrong codes in 15 minutes stop codes for the account across pending sign-ins, and each failure is audited', async ({
    client,
    assert,
  }) => {
    const fake = mail.fake()
    const fife = await makeTenant('fife')
    await makeStaff(fife, 'moderator', 'mo@fife.test', { twoFactor: true })
    for (let round = 0; round < 2; round++) {
      let session: any = await signIn(client)
      for (let attempt = 1; attempt <= 5; attempt++) {
        session = (await sendCode(client, session, await wrongCode())).session
      }
    }
    const session = await signIn(client)
    const right = await sendCode(client, session, await currentTotp())
    right.response.assertStatus(429)
    assert.isAbove(Number(right.response.header('retry-after')), 0)
    assert.match(right.response.text(), /Wait \d+ (second|seconds) and try again/)

    const failures = await tenancy.run(fife, async () =>
      AuditEvent.query().where('action', 'sign_in.second_factor_failed')
    )
    assert.lengthOf(failures, 10)
    /* Wrong codes after the right password: the owner is told. */
    fake.messages.assertQueued((message) => message.hasTo('mo@fife.test'))
    mail.restore()
  })

  test('a code already used is refused the next time, even within its 30 seconds', async ({
    client,
    assert,
  }) => {
    const fife = await makeTenant('fife')
    await makeStaff(fife, 'moderator', 'mo@fife.test', { twoFactor: true })
    const code = await currentTotp()
    const first = await sendCode(client, await signIn(client), code)
    assert.equal(first.response.header('location'), '/staff')

    const again = await sendCode(client, await signIn(client), code)
    again.response.assertFlashMessage('inputErrorsBag', {
      code: ['The code is not right: check your app and try again'],
    })
  })

  test('a recovery code signs in once; a wrong six-digit code never touches the recovery codes', async ({
    client,
    assert,
  }) => {
    const fife = await makeTenant('fife')
    const user = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const recoveryCodes = (await confirmEnrolment(user, TEST_TOTP_SECRET, await currentTotp()))!
    assert.lengthOf(recoveryCodes, 10)
    await User.query().where('id', user.id).update({ totpLastTimeStep: null })

    let slowHashes = 0
    const verify = hash.verify.bind(hash)
    hash.verify = async (...args: Parameters<typeof hash.verify>) => {
      slowHashes++
      return verify(...args)
    }
    try {
      const started = performance.now()
      await verifySecondFactor(await User.findOrFail(user.id), await wrongCode())
      await verifySecondFactor(await User.findOrFail(user.id), 'aaaaa-aaaaa')
      assert.equal(slowHashes, 0, 'no slow hash for a wrong code')
      assert.isBelow(performance.now() - started, 100)
    } finally {
      hash.verify = verify
    }

    const typed = recoveryCodes[3].toUpperCase().replace('-', ' ')
    const first = await sendCode(client, await signIn(client), typed)
    assert.equal(first.response.header('location'), '/staff')
    const again = await sendCode(client, await signIn(client), recoveryCodes[3])
    again.response.assertFlashMessage('inputErrorsBag', {
      code: ['The code is not right: check your app and try again'],
    })
    await user.refresh()
    assert.lengthOf(user.recoveryCodes, 9)
  })
})
