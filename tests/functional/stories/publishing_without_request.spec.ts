import { test } from '@japa/runner'
import mail from '@adonisjs/mail/services/main'
import ModerationEvent from '#models/moderation_event'
import Service from '#models/service'
import type Story from '#models/story'
import Subscription from '#models/subscription'
import type Tenant from '#models/tenant'
import StoriesPublish from '#commands/stories_publish'
import { publishStoryJob } from '#jobs/publish_story'
import { work } from '#services/platform/job_queue'
import { requestSubscription } from '#services/notifications/subscribing'
import { resolveTarget } from '#services/notifications/subscription_targets'
import { tenancy } from '#tenancy/context'
import { siteOfTenant } from '#tenancy/site'
import { runCommand } from '#tests/helpers/commands'
import { demoDirectory } from '#tests/helpers/directory'
import { makeStory } from '#tests/helpers/stories'
import { isolateEachTest, makeStaff } from '#tests/helpers/tenants'
import '#start/jobs'

const FIFE = 'fife.localhost'
const WARD = 'victoria-hospital-ward-6'

async function confirmedSubscriber(tenant: Tenant, email: string) {
  await tenancy.run(tenant, async () => {
    const target = await resolveTarget('service', WARD)
    await requestSubscription(
      { target: target!, email },
      { tenant, site: await siteOfTenant(tenant) }
    )
    const subscription = await Subscription.findByOrFail('email', email)
    subscription.merge({ confirmedAt: subscription.createdAt, confirmTokenHash: null })
    await subscription.save()
  })
}

/** Who was emailed about `story`, and what, with the parts that differ by nature made equal. */
function mailsAbout(fake: ReturnType<typeof mail.fake>, story: Story) {
  const about = new RegExp(`/stories/${story.id}(?![0-9])`)
  return fake.messages
    .queued()
    .map((message) => message.nodeMailerMessage)
    .filter((message) => about.test(String(message.text)))
    .map((message) => ({
      to: String(message.to),
      from: JSON.stringify(message.from),
      subject: String(message.subject),
      unsubscribe: Boolean(message.list?.unsubscribe),
      text: String(message.text)
        .replace(/https?:\/\/fife\.localhost(:\d+)?/g, 'SITE')
        .replace(/\/my-story\/[A-Za-z0-9_-]+/g, '/my-story/TOKEN')
        .replace(/\/unsubscribe\/[A-Za-z0-9_-]+/g, '/unsubscribe/TOKEN')
        .replace(about, '/stories/ID'),
    }))
    .sort((a, b) => a.to.localeCompare(b.to) || a.subject.localeCompare(b.subject))
}

test.group('Publishing without a request', (group) => {
  isolateEachTest(group)

  test('a job publishes a story and the author, staff and subscribers get the same emails as when a moderator publishes on the web', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const ward = await tenancy.run(fife, () => Service.findByOrFail('ref', WARD))
    await makeStaff(fife, 'responder', 'ward@fife.test', { serviceIds: [ward.id] })
    await confirmedSubscriber(fife, 'reader@example.test')

    const onTheWeb = await makeStory(fife, WARD)
    const byJob = await makeStory(fife, WARD)

    await client
      .post(`/staff/moderation/${onTheWeb.id}/claim`)
      .header('host', FIFE)
      .loginAs(moderator)
      .withCsrfToken()
    await client
      .put(`/staff/moderation/${onTheWeb.id}`)
      .header('host', FIFE)
      .loginAs(moderator)
      .form({
        version: 1,
        publicTitle: onTheWeb.title,
        publicBody: onTheWeb.originalBody,
        criticality: 0,
        decision: 'publish',
      })
      .withCsrfToken()
    await tenancy.run(fife, () => publishStoryJob.enqueue({ storyId: byJob.id }))
    await work({ once: true, schedules: false })
    await work({ once: true, schedules: false })

    await tenancy.run(fife, async () => {
      await onTheWeb.refresh()
      await byJob.refresh()
    })
    assert.equal(onTheWeb.status, 'published')
    assert.equal(byJob.status, 'published')
    assert.equal(byJob.publicBody, onTheWeb.publicBody)

    const web = mailsAbout(fake, onTheWeb)
    assert.deepEqual(
      web.map((message) => message.to),
      ['author@example.test', 'reader@example.test', 'ward@fife.test']
    )
    assert.deepEqual(mailsAbout(fake, byJob), web)

    /* Recorded as done by the system: no member of staff is named. */
    const event = await tenancy.run(fife, () =>
      ModerationEvent.query().where('story_id', byJob.id).where('action', 'published').firstOrFail()
    )
    assert.isNull(event.actorId)
  })

  test('stories:publish runs the same operation from the command line, and refuses what the page refuses', async ({
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const { fife } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const story = await makeStory(fife, WARD)

    const done = await runCommand(StoriesPublish, [
      '--tenant',
      'fife',
      '--as',
      'MO@fife.test',
      String(story.id),
    ])
    done.command.assertSucceeded()
    await tenancy.run(fife, () => story.refresh())
    assert.equal(story.status, 'published')
    const event = await tenancy.run(fife, () =>
      ModerationEvent.query().where('story_id', story.id).where('action', 'published').firstOrFail()
    )
    assert.equal(event.actorId, moderator.id)
    assert.deepEqual(
      mailsAbout(fake, story).map((message) => message.to),
      ['author@example.test']
    )

    const again = await runCommand(StoriesPublish, ['--tenant', 'fife', String(story.id)])
    assert.equal(again.command.exitCode, 1)
    assert.lengthOf(again.stderr, 1)
    assert.include(again.stderr[0], 'no longer awaiting moderation')

    const unknown = await runCommand(StoriesPublish, ['--tenant', 'fife', '999999'])
    assert.equal(unknown.command.exitCode, 1)
    assert.include(unknown.stderr[0], 'No story 999999')
  })
})
