import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import mail from '@adonisjs/mail/services/main'
import db from '@adonisjs/lucid/services/db'
import Story from '#models/story'
import Response from '#models/response'
import AuditEvent from '#models/audit_event'
import Service from '#models/service'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { isolateEachTest, makeStaff } from '#tests/helpers/tenants'
import { makeStory } from '#tests/helpers/stories'
import { makeApiKey, openApiChecker } from '#tests/helpers/api'
import ResponseCheck from '#models/response_check'
import { giveFastTrack, giveJobTitle } from '#tests/helpers/checked'
import { enqueue, work } from '#services/platform/job_queue'

const FIFE = 'fife.localhost'
const ENGLAND = 'england.localhost'
const lastMonth = DateTime.now().minus({ months: 1 })

function storyBody(overrides: Record<string, unknown> = {}) {
  return {
    service: 'victoria-hospital-maternity',
    title: 'Told at the kiosk',
    body: 'The midwives explained every step and stayed with us through a long night on the unit.',
    month: lastMonth.month,
    year: lastMonth.year,
    authorRole: 'patient',
    ageBand: '25_34',
    displayName: 'New mum',
    email: 'author@example.test',
    consent: true,
    ...overrides,
  }
}

async function storyCount(tenant: any) {
  return tenancy.run(tenant, async () => {
    const [row] = await Story.query().count('* as total')
    return Number(row.$extras.total)
  })
}

test.group('API v1: partner writes', (group) => {
  isolateEachTest(group)
  let fake: ReturnType<typeof mail.fake>
  group.each.setup(() => {
    fake = mail.fake()
    return () => mail.restore()
  })

  test('kept answers to retries last a day: the hourly job forgets older ones in every tenant and keeps the rest', async ({
    client,
    assert,
  }) => {
    const { fife, ayrshire } = await demoDirectory()
    const keys = [await makeApiKey(fife, ['submit']), await makeApiKey(ayrshire, ['submit'])]
    const hosts = [FIFE, 'ayrshire-arran.localhost']
    for (const [index, { secret }] of keys.entries()) {
      for (const key of ['old-one', 'new-one']) {
        const sent = await client
          .post('/api/v1/stories')
          .header('host', hosts[index])
          .header('authorization', `Bearer ${secret}`)
          .header('idempotency-key', key)
          .json(
            storyBody({ service: index === 0 ? 'victoria-hospital-maternity' : 'uhc-emergency' })
          )
        sent.assertStatus(201)
      }
    }
    const everywhere = <T>(query: () => Promise<T>) =>
      tenancy.acrossTenants('test: every tenant', async () => await query())
    await everywhere(() =>
      db.rawQuery(
        `update api_idempotency_keys set created_at = now() - interval '25 hours' where idempotency_key = 'old-one'`
      )
    )

    await enqueue('api.prune_idempotency_keys', {})
    await work({ once: true, schedules: false })

    const left = await everywhere(() =>
      db.rawQuery(
        `select idempotency_key from api_idempotency_keys order by tenant_id, idempotency_key`
      )
    )
    assert.deepEqual(
      left.rows.map((row: { idempotency_key: string }) => row.idempotency_key),
      ['new-one', 'new-one']
    )
  })

  test('a partner’s story enters the confirmation and moderation path; a retry makes one story', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const { secret } = await makeApiKey(fife, ['submit'])
    const checker = openApiChecker()
    const send = (body: Record<string, unknown>, key = 'kiosk-0001') =>
      client
        .post('/api/v1/stories')
        .header('host', FIFE)
        .header('authorization', `Bearer ${secret}`)
        .header('idempotency-key', key)
        .json(body)
    const first = await send(storyBody())
    first.assertStatus(201)
    assert.deepEqual(checker.check('/stories', 'post', 201, first.body()), [])
    const retry = await send(storyBody())
    retry.assertStatus(201)
    assert.deepEqual(retry.body(), first.body())
    assert.equal(retry.header('idempotent-replayed'), 'true')
    assert.equal(await storyCount(fife), 1)

    const story = await tenancy.run(fife, async () => Story.findOrFail(first.body().data.id))
    assert.equal(story.submissionRoute, 'partner')
    assert.equal(story.status, 'unconfirmed')
    assert.equal(story.authorEmail, 'author@example.test')

    const queued = fake.messages.queued()
    assert.lengthOf(queued, 1, 'one confirmation email, however many retries')
    const message = queued[0].nodeMailerMessage
    assert.equal(message.to?.toString(), 'author@example.test')
    const link = new URL(String(message.text).match(/https?:\/\/\S+\/stories\/confirm\/\S+/)![0])
    assert.equal(link.hostname, 'fife.localhost')

    /* The author confirms as anyone who told a story online; then moderators see where it came from. */
    ;(await client.get(link.pathname).header('host', FIFE)).assertStatus(200)
    await tenancy.run(fife, async () => story.refresh())
    assert.equal(story.status, 'awaiting_moderation')
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const moderation = await client
      .get(`/staff/moderation/${story.id}`)
      .header('host', FIFE)
      .loginAs(moderator)
    assert.include(moderation.text(), 'Came through a partner')

    const reused = await send(storyBody({ title: 'Another story entirely' }))
    reused.assertStatus(422)
    assert.equal(reused.body().type, '/api#problem-idempotency-key-reused')
    assert.deepEqual(checker.check('/stories', 'post', 422, reused.body()), [])
    assert.equal(await storyCount(fife), 1)

    const audited = await tenancy.run(fife, async () =>
      AuditEvent.query().where('action', 'api.story_submitted').count('* as total')
    )
    assert.equal(Number(audited[0].$extras.total), 1)
  })

  test('bad bodies get problem details and change nothing', async ({ client, assert }) => {
    const { fife } = await demoDirectory()
    const { secret } = await makeApiKey(fife, ['submit'])
    const checker = openApiChecker()
    const post = (body: unknown, type = 'application/json') => {
      const request = client
        .post('/api/v1/stories')
        .header('host', FIFE)
        .header('authorization', `Bearer ${secret}`)
      /* A raw string body: superagent sends it as it is, under the type set after. */
      if (typeof body === 'string') {
        request.request.send(body)
        return request.type(type)
      }
      return request.json(body as object)
    }
    const cases: [string, unknown, number, string, string | null][] = [
      ['wrong types', storyBody({ month: '5', year: 'last' }), 422, 'invalid-body', 'month'],
      ['missing consent', storyBody({ consent: undefined }), 422, 'invalid-body', 'consent'],
      ['consent not given', storyBody({ consent: false }), 422, 'invalid-body', 'consent'],
      [
        'HTML',
        storyBody({ body: '<script>alert(1)</script> and more words here for length' }),
        422,
        'invalid-body',
        'body',
      ],
      [
        'NUL bytes',
        storyBody({ body: 'The midwives were kind\u0000 through the whole night long.' }),
        400,
        'unstorable-input',
        null,
      ],
      ['5 MB body', storyBody({ body: 'word '.repeat(1_000_000) }), 413, 'body-too-large', null],
      ['unknown service', storyBody({ service: 'no-such-ward' }), 422, 'refused', 'service'],
      [
        'England service',
        storyBody({ service: 'leeds-teaching-hospitals' }),
        422,
        'refused',
        'service',
      ],
      ['not JSON', 'title=hello', 415, 'unsupported-media-type', null],
      ['broken JSON', '{"title": ', 400, 'bad-request', null],
    ]
    for (const [name, body, status, type, field] of cases) {
      const response = await post(
        body,
        name === 'not JSON' ? 'application/x-www-form-urlencoded' : 'application/json'
      )
      assert.equal(response.status(), status, `${name}: ${response.text().slice(0, 200)}`)
      assert.include(response.header('content-type'), 'application/problem+json', name)
      assert.equal(response.body().type, `/api#problem-${type}`, name)
      assert.deepEqual(checker.check('/stories', 'post', status, response.body()), [], name)
      if (field)
        assert.include(
          response.body().errors.map((error: { field: string }) => error.field),
          field,
          name
        )
    }
    assert.equal(await storyCount(fife), 0)
  })

  test('a Fife submit key cannot send a story to England', async ({ client, assert }) => {
    const { fife, england } = await demoDirectory()
    const { secret } = await makeApiKey(fife, ['submit'])
    const response = await client
      .post('/api/v1/stories')
      .header('host', ENGLAND)
      .header('authorization', `Bearer ${secret}`)
      .json(storyBody({ service: 'leeds-teaching-hospitals' }))
    response.assertStatus(401)
    assert.equal(await storyCount(england), 0)
    const { secret: reader } = await makeApiKey(fife, ['read'])
    const unscoped = await client
      .post('/api/v1/stories')
      .header('host', FIFE)
      .header('authorization', `Bearer ${reader}`)
      .json(storyBody())
    unscoped.assertStatus(403)
    assert.equal(unscoped.body().type, '/api#problem-insufficient-scope')
    const anonymous = await client.post('/api/v1/stories').header('host', FIFE).json(storyBody())
    anonymous.assertStatus(401)
    assert.equal(anonymous.body().type, '/api#problem-key-required')
    const { secret: limited } = await makeApiKey(fife, ['submit'], {
      services: ['cameron-hospital'],
    })
    const outside = await client
      .post('/api/v1/stories')
      .header('host', FIFE)
      .header('authorization', `Bearer ${limited}`)
      .json(storyBody())
    outside.assertStatus(403)
    assert.equal(outside.body().type, '/api#problem-outside-key-services')
    assert.equal(await storyCount(fife), 0)
  })

  test('a response for the key’s service is signed by a named responder, and audited', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const story = await makeStory(fife, 'victoria-hospital-ward-6', { status: 'published' })
    const hospital = await tenancy.run(fife, async () =>
      Service.findByOrFail('ref', 'victoria-hospital')
    )
    const wendy = await makeStaff(fife, 'responder', 'ward.manager@fife.test', {
      serviceIds: [hospital.id],
      name: 'Wendy Ward',
    })
    await makeStaff(fife, 'moderator', 'mo@fife.test')
    const { secret } = await makeApiKey(fife, ['respond'], { services: ['victoria-hospital'] })
    const checker = openApiChecker()
    const respond = (body: Record<string, unknown>) =>
      client
        .post(`/api/v1/stories/${story.id}/responses`)
        .header('host', FIFE)
        .header('authorization', `Bearer ${secret}`)
        .json({
          service: 'victoria-hospital',
          body: 'Thank you, we shared this with the ward team.',
          ...body,
        })
    const notResponder = await respond({ staff: 'mo@fife.test' })
    notResponder.assertStatus(422)
    assert.deepEqual(checker.check('/stories/{id}/responses', 'post', 422, notResponder.body()), [])
    const nobody = await respond({ staff: 'nobody@fife.test' })
    assert.equal(nobody.body().title, notResponder.body().title)
    const outside = await respond({ staff: 'ward.manager@fife.test', service: 'cameron-hospital' })
    outside.assertStatus(403)

    /* Without fast-track the response waits for a moderator's check, as on the web. */
    await giveJobTitle(wendy)
    const waiting = await respond({ staff: 'ward.manager@fife.test' })
    waiting.assertStatus(202)
    assert.deepEqual(checker.check('/stories/{id}/responses', 'post', 202, waiting.body()), [])
    assert.equal(waiting.body().data.status, 'awaitingCheck')
    const unseen = await client.get(`/api/v1/stories/${story.id}`).header('host', FIFE)
    assert.lengthOf(unseen.body().data.responses, 0)
    const checks = await tenancy.run(fife, async () =>
      ResponseCheck.query().where('story_id', story.id)
    )
    assert.lengthOf(checks, 1)
    await tenancy.run(fife, async () => ResponseCheck.query().where('story_id', story.id).delete())

    await giveFastTrack(fife, wendy)
    const made = await respond({ staff: 'ward.manager@fife.test' })
    made.assertStatus(201)
    assert.deepEqual(checker.check('/stories/{id}/responses', 'post', 201, made.body()), [])
    assert.equal(made.body().data.authorName, 'Wendy Ward')
    const responses = await tenancy.run(fife, async () =>
      Response.query().where('story_id', story.id)
    )
    assert.lengthOf(responses, 1)
    const actions = await tenancy.run(fife, async () =>
      (await AuditEvent.query().orderBy('id')).map((event) => event.action)
    )
    assert.includeMembers(actions, ['response.created', 'api.response_created'])
    const read = await client.get(`/api/v1/stories/${story.id}`).header('host', FIFE)
    assert.equal(
      read.body().data.responses[0].text,
      'Thank you, we shared this with the ward team.'
    )
    assert.equal(read.body().data.progress, 'responded')
  })

  test('a Fife respond key cannot answer an England story', async ({ client, assert }) => {
    const { fife, england } = await demoDirectory()
    const englandStory = await makeStory(england, 'leeds-teaching-hospitals', {
      status: 'published',
    })
    const fifeStory = await makeStory(fife, 'victoria-hospital', { status: 'published' })
    const hospital = await tenancy.run(fife, async () =>
      Service.findByOrFail('ref', 'victoria-hospital')
    )
    await makeStaff(fife, 'responder', 'ward.manager@fife.test', { serviceIds: [hospital.id] })
    const { secret } = await makeApiKey(fife, ['respond'])
    const body = {
      service: 'victoria-hospital',
      staff: 'ward.manager@fife.test',
      body: 'Thank you for telling us about this.',
    }
    const elsewhere = await client
      .post(`/api/v1/stories/${englandStory.id}/responses`)
      .header('host', ENGLAND)
      .header('authorization', `Bearer ${secret}`)
      .json(body)
    elsewhere.assertStatus(401)
    const crossId = await client
      .post(`/api/v1/stories/${englandStory.id}/responses`)
      .header('host', FIFE)
      .header('authorization', `Bearer ${secret}`)
      .json(body)
    crossId.assertStatus(422)
    const rows = await tenancy.acrossTenants('test', async () =>
      db.from('responses').count('* as total')
    )
    assert.equal(Number(rows[0].total), 0)
    const { secret: reader } = await makeApiKey(fife, ['read', 'submit'])
    const unscoped = await client
      .post(`/api/v1/stories/${fifeStory.id}/responses`)
      .header('host', FIFE)
      .header('authorization', `Bearer ${reader}`)
      .json(body)
    unscoped.assertStatus(403)
  })
})
