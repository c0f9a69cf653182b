import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import ModerationEvent from '#models/moderation_event'
import Story from '#models/story'
import StoryAuthorLink from '#models/story_author_link'
import type Tenant from '#models/tenant'
import StoriesEraseOriginals from '#commands/stories_erase_originals'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { authorLinkFor, makeStory } from '#tests/helpers/stories'
import { refused, succeeds } from '#tests/helpers/commands'
import { isolateEachTest } from '#tests/helpers/tenants'

async function closedStory(
  tenant: Tenant,
  ref: string,
  status: 'withdrawn' | 'rejected',
  daysAgo: number
) {
  const story = await makeStory(tenant, ref, { status })
  await tenancy.run(tenant, async () => {
    story.decidedAt = DateTime.now().minus({ days: daysAgo })
    await story.save()
  })
  return story
}

test.group('Erasing originals after the retention period', (group) => {
  isolateEachTest(group)

  test('stories:erase-originals erases only closed stories past their own tenant’s retention period', async ({
    assert,
  }) => {
    const { fife, england } = await demoDirectory()
    fife.retentionDays = 30
    await fife.save()
    const old = await closedStory(fife, 'victoria-hospital-ward-6', 'withdrawn', 40)
    const recent = await closedStory(fife, 'victoria-hospital-ward-6', 'rejected', 10)
    const published = await makeStory(fife, 'victoria-hospital-ward-6', { status: 'published' })
    const englandOld = await closedStory(england, 'leeds-teaching-hospitals', 'rejected', 40)
    await authorLinkFor(fife, old)

    const result = await succeeds(StoriesEraseOriginals, [])
    assert.isTrue(
      result.stdout.some((line) => line.includes('fife: erased 1 story (retention 30 days)'))
    )
    assert.isTrue(result.stdout.some((line) => line.includes('england: erased 0 stories')))

    const [erased, kept, live] = await tenancy.run(fife, async () => [
      await Story.findOrFail(old.id),
      await Story.findOrFail(recent.id),
      await Story.findOrFail(published.id),
    ])
    assert.equal(erased.originalBody, '')
    assert.equal(erased.authorEmail, '')
    assert.exists(erased.originalErasedAt)
    assert.include(kept.originalBody, 'Nurse Fiona McLeod')
    assert.include(live.originalBody, 'Nurse Fiona McLeod')
    const englandStory = await tenancy.run(england, () => Story.findOrFail(englandOld.id))
    assert.include(englandStory.originalBody, 'Nurse Fiona McLeod')
    const links = await tenancy.run(fife, async () =>
      StoryAuthorLink.query().where('story_id', old.id)
    )
    assert.lengthOf(links, 0)
    const events = await tenancy.run(fife, async () =>
      ModerationEvent.query().where('story_id', old.id).where('action', 'original_erased')
    )
    assert.lengthOf(events, 1)

    /* Running again changes nothing. */
    const again = await succeeds(StoriesEraseOriginals, ['--tenant', 'fife'])
    assert.isTrue(again.stdout.some((line) => line.includes('fife: erased 0 stories')))
  })

  test('a story never confirmed is erased once its confirmation link has expired, not before', async ({
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const expired = await makeStory(fife, 'victoria-hospital-ward-6', { status: 'unconfirmed' })
    const waiting = await makeStory(fife, 'victoria-hospital-ward-6', { status: 'unconfirmed' })
    await tenancy.run(fife, async () => {
      expired.confirmExpiresAt = DateTime.now().minus({ hours: 1 })
      expired.confirmTokenHash = 'a'.repeat(64)
      await expired.save()
      waiting.confirmExpiresAt = DateTime.now().plus({ days: 3 })
      await waiting.save()
    })

    const result = await succeeds(StoriesEraseOriginals, ['--tenant', 'fife'])
    assert.isTrue(result.stdout.some((line) => line.includes('fife: erased 1 story')))
    const [gone, kept] = await tenancy.run(fife, async () => [
      await Story.findOrFail(expired.id),
      await Story.findOrFail(waiting.id),
    ])
    assert.equal(gone.originalBody, '')
    assert.equal(gone.authorEmail, '')
    assert.isNull(gone.confirmTokenHash)
    assert.include(kept.originalBody, 'Nurse Fiona McLeod')
    assert.notEqual(kept.authorEmail, '')
    const [event] = await tenancy.run(fife, async () =>
      ModerationEvent.query().where('story_id', expired.id)
    )
    assert.equal(event.action, 'original_erased')
    assert.include(event.reason ?? '', 'never confirmed')
  })

  test('an unknown tenant is refused with one line', async ({ assert }) => {
    await refused(assert, StoriesEraseOriginals, ['--tenant', 'atlantis'], 'No tenant has the slug')
  })
})
