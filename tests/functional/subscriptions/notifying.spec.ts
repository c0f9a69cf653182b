import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import nodemailer from 'nodemailer'
import type Story from '#models/story'
import StoryTag from '#models/story_tag'
import StoryTagLink from '#models/story_tag_link'
import Subscription, { type SubscriptionTarget } from '#models/subscription'
import type Tenant from '#models/tenant'
import { mailDedupeKey } from '#mails/queue'
import { notifySubscribers } from '#services/notifications/notify_subscribers'
import { requestSubscription } from '#services/notifications/subscribing'
import { resolveTarget } from '#services/notifications/subscription_targets'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { makeStory } from '#tests/helpers/stories'
import { isolateEachTest } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'

/** A subscription made the way the form makes it, confirmed unless told otherwise. */
async function subscribe(
  tenant: Tenant,
  target: SubscriptionTarget,
  ref: string | undefined,
  email: string,
  options: { confirmed?: boolean; locale?: string } = {}
) {
  return tenancy.run(tenant, async () => {
    const resolved = await resolveTarget(target, ref)
    if (!resolved) throw new Error(`no ${target} ${ref}`)
    const locale = options.locale ?? 'en-GB'
    await requestSubscription(
      { target: resolved, email },
      { tenant, site: { baseUrl: `http://${tenant.slug}.localhost`, locale } }
    )
    const subscription = await Subscription.query()
      .where('email', email)
      .where('target_type', target)
      .orderBy('id', 'desc')
      .firstOrFail()
    if (options.confirmed ?? true) {
      subscription.merge({ confirmedAt: DateTime.now(), confirmTokenHash: null })
      await subscription.save()
    }
    return subscription
  })
}

function notify(tenant: Tenant, story: Story) {
  return tenancy.run(tenant, () => db.transaction((trx) => notifySubscribers(story.id, trx)))
}

/** A published Fife ward story tagged "Kindness", and everyone who might follow it. */
async function wardStoryAndSubscribers() {
  const { fife, england } = await demoDirectory()
  const kindness = await tenancy.run(fife, () =>
    StoryTag.create({ question: 'good', label: 'Kindness', position: 0 })
  )
  const story = await makeStory(fife, 'victoria-hospital-ward-6', {
    status: 'published',
    title: 'Kind care on Ward 6',
  })
  await tenancy.run(fife, () => StoryTagLink.create({ storyId: story.id, tagId: kindness.id }))
  await subscribe(fife, 'service', 'victoria-hospital-ward-6', 'ward@example.test')
  await subscribe(fife, 'service', 'victoria-hospital', 'hospital@example.test')
  await subscribe(fife, 'service', 'nhs-fife', 'board@example.test', { locale: 'cy' })
  await subscribe(fife, 'area', 'kirkcaldy', 'kirkcaldy@example.test')
  await subscribe(fife, 'area', 'fife', 'region@example.test')
  await subscribe(fife, 'tag', String(kindness.id), 'tag@example.test')
  await subscribe(fife, 'tenant', undefined, 'everything@example.test')
  await subscribe(fife, 'service', 'queen-margaret-hospital', 'elsewhere@example.test')
  await subscribe(fife, 'area', 'dunfermline', 'dunfermline@example.test')
  await subscribe(fife, 'service', 'victoria-hospital-ward-6', 'unconfirmed@example.test', {
    confirmed: false,
  })
  await subscribe(england, 'tenant', undefined, 'england@example.test')
  return { fife, england, story, kindness }
}

const EXPECTED = [
  'board@example.test',
  'everything@example.test',
  'hospital@example.test',
  'kirkcaldy@example.test',
  'region@example.test',
  'tag@example.test',
  'ward@example.test',
]

function storyMails(fake: ReturnType<typeof mail.fake>) {
  return fake.messages
    .queued()
    .map((message) => message.nodeMailerMessage)
    .filter((message) => /New story|Stori newydd/.test(String(message.subject)))
}

test.group('Notifying subscribers of a published story', (group) => {
  isolateEachTest(group)

  test('a published Fife ward story reaches the ward, hospital, area, tag and site subscribers once each', async ({
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife, story } = await wardStoryAndSubscribers()

    assert.equal(await notify(fife, story), EXPECTED.length)
    const sent = storyMails(fake)
    assert.deepEqual(sent.map((message) => String(message.to)).sort(), EXPECTED)

    for (const message of sent) {
      /* The message as the SMTP transport would write it, folded lines unfolded. */
      const built = await nodemailer
        .createTransport({ streamTransport: true, buffer: true })
        .sendMail(message as never)
      const raw = String(built.message).replace(/\r?\n[ \t]+/g, ' ')
      assert.match(
        raw,
        /^List-Unsubscribe: <http:\/\/fife\.localhost[^>]*\/api\/subscriptions\/unsubscribe\/[A-Za-z0-9_-]+>/m
      )
      assert.match(raw, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m)
      assert.match(
        String(message.text),
        new RegExp(`http://fife\\.localhost(:\\d+)?/stories/${story.id}\\b`)
      )
      assert.include(String(message.text), '/subscriptions/unsubscribe/')
      assert.include(String(message.text), 'Kind care on Ward 6')
      assert.notInclude(String(message.text), 'Fiona McLeod')
      assert.notInclude(String(message.text), 'author@example.test')
    }
    const welsh = sent.find((message) => String(message.to) === 'board@example.test')!
    assert.include(String(welsh.subject), 'Stori newydd')

    assert.equal(await notify(fife, story), 0)
    assert.lengthOf(storyMails(fake), EXPECTED.length)
  })

  test('a story not published reaches nobody', async ({ assert, cleanup }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife } = await demoDirectory()
    await subscribe(fife, 'tenant', undefined, 'everything@example.test')
    for (const status of ['awaiting_moderation', 'hidden', 'withdrawn', 'rejected'] as const) {
      const story = await makeStory(fife, 'victoria-hospital-ward-6', { status })
      assert.equal(await notify(fife, story), 0, status)
    }
    assert.lengthOf(storyMails(fake), 0)
  })

  test('without the fake, each email is one mail.send job with its dedupe key, in the caller’s transaction', async ({
    assert,
  }) => {
    const { fife, story } = await wardStoryAndSubscribers()
    const subscriptions = await tenancy.run(fife, async () =>
      Subscription.query().whereNotNull('confirmed_at')
    )
    assert.equal(await notify(fife, story), EXPECTED.length)
    const keys = subscriptions.map((subscription) =>
      mailDedupeKey(`subscription:${subscription.id}:${story.id}`)
    )
    const { rows } = await db.rawQuery(
      `select dedupe_key, payload from jobs where name = 'mail.send' and dedupe_key = any(?)`,
      [keys]
    )
    assert.lengthOf(rows, EXPECTED.length)
    for (const row of rows) {
      assert.include(row.payload.message.list.unsubscribe, '/api/subscriptions/unsubscribe/')
    }
    assert.equal(await notify(fife, story), 0)
  })

  test('the link in a story email unsubscribes in one click, and no more emails follow', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife, story, kindness } = await wardStoryAndSubscribers()
    await notify(fife, story)
    const message = storyMails(fake).find((each) => String(each.to) === 'ward@example.test')!
    const oneClick = new URL((message.list as { unsubscribe: string }).unsubscribe).pathname

    const done = await client
      .post(oneClick)
      .header('host', FIFE)
      .form({ 'List-Unsubscribe': 'One-Click' })
    done.assertStatus(200)
    const left = await tenancy.run(fife, async () =>
      Subscription.query().where('email', 'ward@example.test')
    )
    assert.lengthOf(left, 0)

    fake.messages.clear()
    const next = await makeStory(fife, 'victoria-hospital-ward-6', { status: 'published' })
    await tenancy.run(fife, () => StoryTagLink.create({ storyId: next.id, tagId: kindness.id }))
    assert.equal(await notify(fife, next), EXPECTED.length - 1)
    assert.notInclude(
      storyMails(fake).map((each) => String(each.to)),
      'ward@example.test'
    )
  })
})
