/**
 * Erasure and subject access on request: by a tenant admin (a story, or
 * everything for an address) and by the author from their private page;
 * and none of it reaches another tenant.
 */
import { test } from '@japa/runner'
import limiter from '@adonisjs/limiter/services/main'
import AuditEvent from '#models/audit_event'
import AuthorReply from '#models/author_reply'
import ModerationEvent from '#models/moderation_event'
import Response from '#models/response'
import Story from '#models/story'
import Subscription from '#models/subscription'
import type Tenant from '#models/tenant'
import { limiterKey } from '#services/platform/keyed_hash'
import { hashToken, newToken } from '#services/platform/secret_tokens'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { cellsContaining } from '#tests/helpers/personal_data'
import { authorLinkFor, makeStory } from '#tests/helpers/stories'
import { isolateEachTest, makeNationalAdmin, makeStaff } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'
const ENGLAND = 'england.localhost'
const ADDRESS = 'asked.to.go@example.test'

async function storyBy(
  tenant: Tenant,
  email: string,
  body: string,
  status = 'published',
  ref = 'victoria-hospital-ward-6'
) {
  const story = await makeStory(tenant, ref, {
    status: status as never,
    body,
  })
  await tenancy.run(tenant, async () => {
    story.authorEmail = email
    await story.save()
  })
  return story
}

async function subscribe(tenant: Tenant, email: string) {
  return tenancy.run(tenant, async () =>
    Subscription.create({
      email,
      locale: 'en-GB',
      targetType: 'tenant',
      unsubscribeTokenHash: hashToken(newToken().token),
    })
  )
}

const subscribeCounter = () => limiter.use({ requests: 5, duration: '1 hour' })

test.group('Erasure and subject access on request', (group) => {
  isolateEachTest(group)

  test('a tenant admin’s erasure by email removes that address from every story, subscription and limiter of the tenant; the audit log records it without the address', async ({
    client,
    assert,
  }) => {
    const { fife, england } = await demoDirectory()
    const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    const published = await storyBy(fife, ADDRESS, 'Told by the one who asked to go, about ward 6.')
    const waiting = await storyBy(
      fife,
      ADDRESS,
      'A second story, still waiting.',
      'awaiting_moderation'
    )
    const other = await storyBy(fife, 'someone.else@example.test', 'Another author’s story stays.')
    const elsewhere = await storyBy(
      england,
      ADDRESS,
      'The same address in England.',
      'published',
      'leeds-teaching-hospitals'
    )
    await subscribe(fife, ADDRESS)
    await subscribe(england, ADDRESS)
    await subscribeCounter().increment(limiterKey('subscribe_email', ADDRESS))

    const form = {
      kind: 'email',
      email: ADDRESS.toUpperCase(),
      reason: 'request by letter, ref 42',
    }
    const confirmStep = await client
      .post('/staff/privacy/erasures')
      .header('host', FIFE)
      .loginAs(admin)
      .form(form)
      .withCsrfToken()
    confirmStep.assertStatus(200)
    assert.include(confirmStep.text(), '2 stories and 1 subscription')
    assert.equal(
      await tenancy.run(fife, async () =>
        Subscription.query()
          .where('email', ADDRESS)
          .count('* as n')
          .first()
          .then((row) => Number(row?.$extras.n))
      ),
      1,
      'nothing is erased before the confirmation'
    )

    const done = await client
      .post('/staff/privacy/erasures')
      .header('host', FIFE)
      .loginAs(admin)
      .form({ ...form, confirmed: 'yes' })
      .withCsrfToken()
      .redirects(0)
    assert.equal(
      done.flashMessages().success,
      'Erased for that address: 2 stories, 1 subscription.'
    )

    const [kept, closed, untouched] = await tenancy.run(fife, async () =>
      Promise.all([published, waiting, other].map((story) => Story.findOrFail(story.id)))
    )
    assert.equal(kept.status, 'published', 'the moderated story stays: nobody asked for it to go')
    assert.equal(kept.publicBody, 'The night nurse was kind to my dad.')
    assert.equal(kept.authorEmail, '')
    assert.equal(kept.originalBody, '')
    assert.equal(closed.status, 'awaiting_moderation')
    assert.equal(closed.originalBody, '')
    assert.equal(untouched.authorEmail, 'someone.else@example.test')
    assert.equal(await subscribeCounter().remaining(limiterKey('subscribe_email', ADDRESS)), 5)

    /* Nothing of Fife holds the address any more; England's story and subscription are England's. */
    const cells = await cellsContaining([ADDRESS])
    assert.sameMembers(cells.found, [
      `stories.author_email holds "${ADDRESS}"`,
      `subscriptions.email holds "${ADDRESS}"`,
    ])
    const englandStory = await tenancy.run(england, async () => Story.findOrFail(elsewhere.id))
    assert.equal(englandStory.authorEmail, ADDRESS)

    const audit = await tenancy.run(fife, async () =>
      AuditEvent.query().where('action', 'privacy.erased_address')
    )
    assert.lengthOf(audit, 1)
    assert.equal(audit[0].actorId, admin.id)
    assert.notInclude(JSON.stringify(audit[0].serialize()).toLowerCase(), ADDRESS)
    assert.include(JSON.stringify(audit[0].details), 'request by letter')
    const log = await client.get('/staff/audit').header('host', FIFE).loginAs(admin)
    assert.include(
      log.text(),
      'IP addresses and staff email addresses in this log are removed after 180 days'
    )
  })

  test('a tenant admin erases one story, taking it down; a bad number or a missing reason gets a clear message', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const story = await storyBy(fife, ADDRESS, 'Nurse Fiona McLeod was kind.')

    const noReason = await client
      .post('/staff/privacy/erasures')
      .header('host', FIFE)
      .loginAs(admin)
      .form({ kind: 'story', story: story.id })
      .withCsrfToken()
      .redirects(0)
    const errors = noReason.flashMessages().inputErrorsBag as Record<string, string[]>
    assert.exists(errors?.reason?.[0], 'the reason is asked for by name')
    const unknown = await client
      .post('/staff/privacy/erasures')
      .header('host', FIFE)
      .loginAs(admin)
      .form({ kind: 'story', story: 999999, reason: 'author phoned', confirmed: 'yes' })
      .withCsrfToken()
      .redirects(0)
    assert.equal(unknown.flashMessages().error, 'There is no story with that number on this site')

    ;(
      await client
        .post('/staff/privacy/erasures')
        .header('host', FIFE)
        .loginAs(moderator)
        .form({ kind: 'story', story: story.id, reason: 'author phoned', confirmed: 'yes' })
        .withCsrfToken()
    ).assertStatus(403)

    const done = await client
      .post('/staff/privacy/erasures')
      .header('host', FIFE)
      .loginAs(admin)
      .form({
        kind: 'story',
        story: story.id,
        reason: 'author phoned',
        withdraw: 'true',
        confirmed: 'yes',
      })
      .withCsrfToken()
      .redirects(0)
    assert.equal(done.flashMessages().success, `Story ${story.id} is erased.`)
    const gone = await client.get(`/stories/${story.id}`).header('host', FIFE)
    gone.assertStatus(410)
    assert.include(gone.text(), 'withdrawn')
    const events = await tenancy.run(fife, async () =>
      ModerationEvent.query().where('story_id', story.id).where('action', 'erased')
    )
    assert.lengthOf(events, 1)
    assert.equal(events[0].actorId, admin.id)
  })

  test('an England admin cannot erase or read a Fife story or address', async ({
    client,
    assert,
  }) => {
    const { fife, england } = await demoDirectory()
    const englandAdmin = await makeStaff(england, 'tenant_admin', 'admin@england.test')
    const story = await storyBy(fife, ADDRESS, 'Nurse Fiona McLeod was kind.')
    await subscribe(fife, ADDRESS)
    const own = await authorLinkFor(fife, story)

    const byStory = await client
      .post('/staff/privacy/erasures')
      .header('host', ENGLAND)
      .loginAs(englandAdmin)
      .form({ kind: 'story', story: story.id, reason: 'cross-tenant attempt', confirmed: 'yes' })
      .withCsrfToken()
      .redirects(0)
    assert.equal(byStory.flashMessages().error, 'There is no story with that number on this site')
    await client
      .post('/staff/privacy/erasures')
      .header('host', ENGLAND)
      .loginAs(englandAdmin)
      .form({ kind: 'email', email: ADDRESS, reason: 'cross-tenant attempt', confirmed: 'yes' })
      .withCsrfToken()
      .redirects(0)
    const access = await client
      .post('/staff/privacy/access')
      .header('host', ENGLAND)
      .loginAs(englandAdmin)
      .form({ email: ADDRESS })
      .withCsrfToken()
    access.assertStatus(200)
    assert.deepEqual(access.body().stories, [])
    assert.deepEqual(access.body().subscriptions, [])

    const fifeStory = await tenancy.run(fife, async () => Story.findOrFail(story.id))
    assert.equal(fifeStory.authorEmail, ADDRESS)
    assert.include(fifeStory.originalBody, 'Fiona McLeod')
    assert.lengthOf(await tenancy.run(fife, async () => Subscription.all()), 1)

    /* The author's link is worth nothing on another tenant's host. */
    for (const path of [`${own}/erase`, `${own}/data`])
      (await client.get(path).header('host', ENGLAND)).assertStatus(404)
    ;(
      await client
        .post(`${own}/erase`)
        .header('host', ENGLAND)
        .form({ confirm: 'yes' })
        .withCsrfToken()
    ).assertStatus(404)
    assert.include(
      (await tenancy.run(fife, async () => Story.findOrFail(story.id))).originalBody,
      'Fiona McLeod'
    )
  })

  test('subject access: the author’s download holds exactly their data, and the admin’s by address the same', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    const responder = await makeStaff(fife, 'responder', 'responder@fife.test', {
      name: 'Rhona Responder',
    })
    const mine = await storyBy(fife, ADDRESS, 'My own words about ward 6, kept private.')
    const theirs = await storyBy(
      fife,
      'other.author@example.test',
      'Someone else’s words entirely.'
    )
    await tenancy.run(fife, async () => {
      const response = await Response.create({
        storyId: mine.id,
        serviceId: (await mine.related('services').query().firstOrFail()).id,
        authorId: responder.id,
        authorName: 'Rhona Responder',
        authorJobTitle: 'Ward manager',
        body: 'Thank you; we shared this with the team.',
        editableUntil: mine.createdAt,
      })
      await AuthorReply.create({
        storyId: mine.id,
        responseId: response.id,
        originalBody: 'My reply, as I wrote it.',
        status: 'awaiting_moderation',
      })
    })
    await subscribe(fife, ADDRESS)
    const own = await authorLinkFor(fife, mine)

    const download = await client.get(`${own}/data`).header('host', FIFE)
    download.assertStatus(200)
    assert.include(download.header('content-disposition'), 'attachment')
    const data = download.body()
    assert.equal(data.story.reference, mine.id)
    assert.equal(data.story.text, 'My own words about ward 6, kept private.')
    assert.equal(data.story.email, ADDRESS)
    assert.equal(data.replies[0].asWritten, 'My reply, as I wrote it.')
    assert.equal(data.responses[0].signedAs, 'Ward manager')
    assert.deepEqual(data.sharedWith.services, ['Ward 6 (Acute Medicine)'])
    const text = JSON.stringify(data)
    for (const foreign of [
      'Someone else',
      'other.author@',
      'Rhona',
      'responder@fife.test',
      'admin@fife.test',
    ])
      assert.notInclude(text, foreign)

    const byAddress = await client
      .post('/staff/privacy/access')
      .header('host', FIFE)
      .loginAs(admin)
      .form({ email: ADDRESS })
      .withCsrfToken()
    byAddress.assertStatus(200)
    assert.deepEqual(
      byAddress
        .body()
        .stories.map((record: { story: { reference: number } }) => record.story.reference),
      [mine.id]
    )
    assert.lengthOf(byAddress.body().subscriptions, 1)
    assert.notInclude(JSON.stringify(byAddress.body()), String(theirs.id) + ',')
    const badAddress = await client
      .post('/staff/privacy/access')
      .header('host', FIFE)
      .loginAs(admin)
      .form({ email: 'not an address' })
      .withCsrfToken()
      .redirects(0)
    badAddress.assertStatus(302)
  })

  test('the national admin erases an address in every tenant; a tenant admin cannot', async ({
    client,
    assert,
  }) => {
    const { fife, england } = await demoDirectory()
    const national = await makeNationalAdmin()
    const fifeAdmin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    await storyBy(fife, ADDRESS, 'Told in Fife.')
    await storyBy(england, ADDRESS, 'Told in England.', 'published', 'leeds-teaching-hospitals')
    await subscribe(england, ADDRESS)
    const form = { email: ADDRESS, reason: 'request to the national team, ref 7' }

    ;(
      await client
        .post('/privacy/erasures')
        .header('host', 'admin.localhost')
        .loginAs(fifeAdmin)
        .form({ ...form, confirmed: 'yes' })
        .withCsrfToken()
        .redirects(0)
    ).assertStatus(403)
    assert.lengthOf(await cellsContaining([ADDRESS]).then((cells) => cells.found), 2)

    const confirmStep = await client
      .post('/privacy/erasures')
      .header('host', 'admin.localhost')
      .loginAs(national)
      .form(form)
      .withCsrfToken()
    confirmStep.assertStatus(200)
    assert.include(confirmStep.text(), '2 stories and 1 subscription')
    const done = await client
      .post('/privacy/erasures')
      .header('host', 'admin.localhost')
      .loginAs(national)
      .form({ ...form, confirmed: 'yes' })
      .withCsrfToken()
      .redirects(0)
    assert.equal(
      done.flashMessages().success,
      'Erased for that address: 2 stories, 1 subscription.'
    )
    assert.deepEqual((await cellsContaining([ADDRESS])).found, [])
  })
})
