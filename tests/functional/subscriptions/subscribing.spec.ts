import { test } from '@japa/runner'
import mail from '@adonisjs/mail/services/main'
import Subscription from '#models/subscription'
import StoryTag from '#models/story_tag'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { isolateEachTest } from '#tests/helpers/tenants'
import { enqueue, work } from '#services/platform/job_queue'
import db from '@adonisjs/lucid/services/db'

const FIFE = 'fife.localhost'
const ENGLAND = 'england.localhost'

function form(overrides: Record<string, unknown> = {}) {
  return { target: 'service', ref: 'victoria-hospital', email: 'Reader@Example.test', ...overrides }
}

async function allSubscriptions() {
  return tenancy.acrossTenants('test: every subscription', async () =>
    Subscription.query().orderBy('id')
  )
}

/** The first link to `path` in a mail's text. */
function linkIn(text: unknown, path: string) {
  const match = String(text).match(new RegExp(`https?://[^\\s/]+(${path}/[A-Za-z0-9_-]+)`))
  if (!match) throw new Error(`no ${path} link in: ${text}`)
  return match[1]
}

test.group('Subscribing by email', (group) => {
  isolateEachTest(group)

  test('subscribe, confirm by the emailed link, and only then the subscription counts', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife } = await demoDirectory()

    const page = await client.get('/services/victoria-hospital').header('host', FIFE)
    assert.include(page.text(), 'action="/subscriptions"')
    assert.include(page.text(), 'type="application/atom+xml"')

    const response = await client
      .post('/subscriptions')
      .header('host', FIFE)
      .form(form())
      .withCsrfToken()
    response.assertStatus(200)
    assert.include(response.text(), 'Check your email')

    const [subscription] = await allSubscriptions()
    assert.equal(subscription.tenantId, fife.id)
    assert.equal(subscription.email, 'reader@example.test')
    assert.equal(subscription.targetType, 'service')
    assert.equal(subscription.locale, 'en-GB')
    assert.isNull(subscription.confirmedAt)
    assert.lengthOf(subscription.unsubscribeTokenHash, 64)

    const messages = fake.messages.queued()
    assert.lengthOf(messages, 1)
    const message = messages[0].nodeMailerMessage
    assert.equal(message.to?.toString(), 'reader@example.test')
    assert.include(String(message.subject), 'Confirm your subscription')
    assert.include(String(message.text), 'Victoria Hospital')
    assert.match(
      String((message.list as { unsubscribe: string }).unsubscribe),
      /\/api\/subscriptions\/unsubscribe\//
    )

    const confirm = linkIn(message.text, '/subscriptions/confirm')
    ;(await client.get(confirm).header('host', ENGLAND)).assertStatus(404)
    const confirmed = await client.get(confirm).header('host', FIFE)
    confirmed.assertStatus(200)
    assert.include(confirmed.text(), 'Subscription confirmed')
    assert.include(confirmed.text(), 'Victoria Hospital')
    await tenancy.run(fife, () => subscription.refresh())
    assert.exists(subscription.confirmedAt)
    ;(await client.get(confirm).header('host', FIFE)).assertStatus(404)
  })

  test('the nightly housekeeping forgets subscriptions left unconfirmed past their link, and only those', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife } = await demoDirectory()
    for (const email of ['old@example.test', 'kept@example.test', 'new@example.test'])
      await client.post('/subscriptions').header('host', FIFE).form(form({ email })).withCsrfToken()
    const kept = fake.messages
      .queued()
      .find((message) => String(message.nodeMailerMessage.to) === 'kept@example.test')
    ;(
      await client
        .get(linkIn(kept?.nodeMailerMessage.text, '/subscriptions/confirm'))
        .header('host', FIFE)
    ).assertStatus(200)
    await tenancy.run(fife, async () =>
      db
        .from('subscriptions')
        .whereIn('email', ['old@example.test', 'kept@example.test'])
        .update({ created_at: new Date(Date.now() - 8 * 24 * 3600 * 1000) })
    )

    await enqueue('jobs.prune', {})
    await work({ once: true, schedules: false })

    const left = await allSubscriptions()
    assert.deepEqual(
      left.map((subscription) => subscription.email),
      ['kept@example.test', 'new@example.test']
    )
  })

  test('the same address subscribing twice gets the same answer and no second row', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife } = await demoDirectory()
    const answers: string[] = []
    for (const email of ['reader@example.test', 'READER@example.test']) {
      const response = await client
        .post('/subscriptions')
        .header('host', FIFE)
        .form(form({ email }))
        .withCsrfToken()
      response.assertStatus(200)
      answers.push(response.text().replace(/name="_csrf" value="[^"]*"/g, ''))
    }
    assert.lengthOf(await allSubscriptions(), 1)
    assert.equal(answers[0], answers[1])

    const [subscription] = await allSubscriptions()
    await tenancy.run(fife, async () => {
      subscription.merge({ confirmedAt: subscription.createdAt, confirmTokenHash: null })
      await subscription.save()
    })
    const again = await client
      .post('/subscriptions')
      .header('host', FIFE)
      .form(form())
      .withCsrfToken()
    assert.equal(again.text().replace(/name="_csrf" value="[^"]*"/g, ''), answers[0])
    assert.lengthOf(await allSubscriptions(), 1)
    const last = fake.messages.queued().at(-1)!.nodeMailerMessage
    assert.include(String(last.subject), 'already subscribed')
    assert.include(String(last.text), '/subscriptions/unsubscribe/')
  })

  test('bad input gets a clear error next to its field, and nothing is saved', async ({
    client,
    assert,
  }) => {
    await demoDirectory()
    const cases: [Record<string, unknown>, string][] = [
      [form({ email: '' }), 'email'],
      [form({ email: '<script>alert(1)</script>@example.test' }), 'email'],
      [form({ email: `${'a'.repeat(300)}@example.test` }), 'email'],
      [form({ target: 'everything' }), 'target'],
      [form({ target: ['service', 'area'] }), 'target'],
      [form({ target: '' }), 'target'],
      [form({ ref: "x'; drop table subscriptions; --" }), 'ref'],
      [form({ ref: '<b>victoria</b>' }), 'ref'],
      [form({ ref: 'v'.repeat(5000) }), 'ref'],
      [form({ ref: undefined }), 'ref'],
      [form({ target: 'tag', ref: '99999999' }), 'ref'],
    ]
    for (const [fields, field] of cases) {
      const response = await client
        .post('/subscriptions')
        .header('host', FIFE)
        .header('referer', `http://${FIFE}/services/victoria-hospital`)
        .form(fields)
        .withCsrfToken()
        .redirects(0)
      response.assertStatus(302)
      const bag = response.flashMessage('inputErrorsBag') as Record<string, string[]>
      assert.properties(bag, [field], JSON.stringify(fields).slice(0, 200))
      assert.notInclude(JSON.stringify(bag), '<script>')
      const expected = {
        email: 'correct format',
        target: 'Choose what to subscribe to',
        ref: 'could not find',
      }
      assert.include(bag[field][0], expected[field as keyof typeof expected])
    }
    const shown = await client
      .get('/services/victoria-hospital')
      .header('host', FIFE)
      .withFlashMessages({
        inputErrorsBag: { email: ['Enter an email address in the correct format'] },
      })
    assert.include(shown.text(), 'Enter an email address in the correct format')
    assert.include(shown.text(), 'aria-invalid="true"')
    assert.lengthOf(await allSubscriptions(), 0)
  })

  test('another tenant’s service, area or tag is refused', async ({ client, assert }) => {
    const { england } = await demoDirectory()
    const englandTag = await tenancy.run(england, () =>
      StoryTag.create({ question: 'good', label: 'Kindness', position: 0 })
    )
    for (const fields of [
      form({ ref: 'leeds-teaching-hospitals' }),
      form({ target: 'area', ref: 'london' }),
      form({ target: 'tag', ref: String(englandTag.id) }),
    ]) {
      const response = await client
        .post('/subscriptions')
        .header('host', FIFE)
        .form(fields)
        .withCsrfToken()
        .redirects(0)
      response.assertStatus(302)
      const bag = response.flashMessage('inputErrorsBag') as Record<string, string[]>
      assert.include(bag.ref[0], 'could not find')
    }
    const page = await client
      .get(`/subscriptions/new?target=tag&ref=${englandTag.id}`)
      .header('host', FIFE)
    assert.notInclude(page.text(), 'Kindness')
    assert.notInclude(page.text(), `value="${englandTag.id}"`)
    assert.lengthOf(await allSubscriptions(), 0)
  })

  test('a tag has its own subscription page', async ({ client, assert }) => {
    const { fife } = await demoDirectory()
    const tag = await tenancy.run(fife, () =>
      StoryTag.create({ question: 'good', label: 'Kindness', position: 0 })
    )
    const page = await client
      .get(`/subscriptions/new?target=tag&ref=${tag.id}`)
      .header('host', FIFE)
    page.assertStatus(200)
    assert.include(page.text(), 'new stories tagged “Kindness”')
    assert.include(page.text(), `name="ref" value="${tag.id}"`)
  })

  test('the honeypot and the rate limits stop machines without saving anything', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    await demoDirectory()
    const trapped = await client
      .post('/subscriptions')
      .header('host', FIFE)
      .form(form({ website: 'http://spam.example' }))
      .withCsrfToken()
    trapped.assertStatus(200)
    assert.include(trapped.text(), 'Check your email')
    assert.lengthOf(await allSubscriptions(), 0)

    const refs = [
      'nhs-fife',
      'victoria-hospital',
      'victoria-hospital-ae',
      'cameron-hospital',
      'adamson-hospital',
    ]
    for (const ref of refs) {
      ;(
        await client.post('/subscriptions').header('host', FIFE).form(form({ ref })).withCsrfToken()
      ).assertStatus(200)
    }
    const sixth = await client
      .post('/subscriptions')
      .header('host', FIFE)
      .form(form({ ref: 'lynebank-hospital' }))
      .withCsrfToken()
    sixth.assertStatus(429)
    assert.lengthOf(await allSubscriptions(), 5)
    fake.messages.assertQueuedCount(5)
  })

  test('the language of the page is remembered for the emails', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife } = await demoDirectory()
    await tenancy.acrossTenants('test: Fife speaks Welsh too', async () => {
      fife.enabledLocales = ['en-GB', 'cy']
      await fife.save()
    })
    const response = await client
      .post('/subscriptions')
      .header('host', FIFE)
      .header('accept-language', 'cy')
      .form(form({ target: 'tenant', ref: undefined }))
      .withCsrfToken()
    response.assertStatus(200)
    const [subscription] = await allSubscriptions()
    assert.equal(subscription.locale, 'cy')
    assert.equal(subscription.targetType, 'tenant')
    const message = fake.messages.queued()[0].nodeMailerMessage
    assert.include(String(message.subject), 'Cadarnhewch')
    assert.include(String(message.html), '<html lang="cy">')
    assert.include(String(message.html), '<title>Carevoice Fife</title>')
  })

  test('unsubscribe links work on their own site only: a page with a button, or one POST', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    await demoDirectory()
    await client.post('/subscriptions').header('host', FIFE).form(form()).withCsrfToken()
    const message = fake.messages.queued()[0].nodeMailerMessage
    const page = linkIn(message.text, '/subscriptions/unsubscribe')
    const oneClick = new URL((message.list as { unsubscribe: string }).unsubscribe).pathname

    ;(await client.get(page).header('host', ENGLAND)).assertStatus(404)
    ;(await client.post(page).header('host', ENGLAND).withCsrfToken()).assertStatus(404)
    ;(await client.post(oneClick).header('host', ENGLAND)).assertStatus(404)
    const redirected = await client.get(oneClick).header('host', FIFE).redirects(0)
    redirected.assertStatus(303)
    assert.equal(redirected.header('location'), page)

    const shown = await client.get(page).header('host', FIFE)
    shown.assertStatus(200)
    assert.include(shown.text(), 'Victoria Hospital')
    assert.include(shown.text(), `action="${page}"`)
    assert.lengthOf(await allSubscriptions(), 1, 'a GET changes nothing')

    const done = await client.post(page).header('host', FIFE).withCsrfToken()
    done.assertStatus(200)
    assert.include(done.text(), 'You are unsubscribed')
    assert.lengthOf(await allSubscriptions(), 0)
    ;(await client.get(page).header('host', FIFE)).assertStatus(404)
    ;(await client.post(oneClick).header('host', FIFE)).assertStatus(404)
  })
})
