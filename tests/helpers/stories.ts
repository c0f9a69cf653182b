import { DateTime } from 'luxon'
import Service from '#models/service'
import Story, { type StoryStatus } from '#models/story'
import StoryServiceLink from '#models/story_service_link'
import type Tenant from '#models/tenant'
import { tenancy } from '#tenancy/context'
import db from '@adonisjs/lucid/services/db'
import { refreshListings } from '#services/story_listings'

/** A story about the service `ref`, as if told and (unless unconfirmed) confirmed. */
export async function makeStory(
  tenant: Tenant,
  ref: string,
  options: {
    status?: StoryStatus
    title?: string
    body?: string
    publicBody?: string
    locale?: string
    publishedAt?: DateTime
    authorRole?: Story['authorRole']
  } = {}
) {
  return tenancy.run(tenant, async () => {
    const service = await Service.findByOrFail('ref', ref)
    const status = options.status ?? 'awaiting_moderation'
    const story = await Story.create({
      status,
      version: 1,
      title: options.title ?? 'Night shift kindness',
      originalBody:
        options.body ?? 'Nurse Fiona McLeod was kind to my dad at 3am; call me on 07700 900123.',
      happenedOn: DateTime.now().minus({ months: 2 }).startOf('month'),
      authorRole: options.authorRole ?? 'relative',
      locale: options.locale ?? 'en-GB',
      ageBand: '45_54',
      displayName: 'Grateful daughter',
      authorEmail: 'author@example.test',
      confirmedAt: status === 'unconfirmed' ? null : DateTime.now().minus({ hours: 5 }),
      publicTitle: status === 'published' ? (options.title ?? 'Night shift kindness') : null,
      publicBody:
        status === 'published'
          ? (options.publicBody ?? 'The night nurse was kind to my dad.')
          : null,
      publishedAt: status === 'published' ? (options.publishedAt ?? DateTime.now()) : null,
    })
    await StoryServiceLink.create({ storyId: story.id, serviceId: service.id })
    if (status === 'published') await db.transaction((trx) => refreshListings([story.id], trx))
    return story
  })
}

/** A live private link for the story's author; returns the path of their page. */
export async function authorLinkFor(
  tenant: Tenant,
  story: Story,
  expiresAt = DateTime.now().plus({ days: 30 })
) {
  const { newToken } = await import('#services/secret_tokens')
  const { default: StoryAuthorLink } = await import('#models/story_author_link')
  const { token, tokenHash } = newToken()
  await tenancy.run(tenant, () =>
    StoryAuthorLink.create({ storyId: story.id, tokenHash, expiresAt })
  )
  return `/my-story/${token}`
}

/** The first private author link in a queued email's text. */
export function authorLinkIn(text: string | undefined) {
  const match = (text ?? '').match(/\/my-story\/[A-Za-z0-9_-]+/)
  if (!match) throw new Error(`no private link in: ${text}`)
  return match[0]
}

/** Tags a story; a published story is listed under the tag at once, as if tagged before publishing. */
export async function tagStory(tenant: Tenant, story: Story, tagId: number) {
  const { default: StoryTagLink } = await import('#models/story_tag_link')
  await tenancy.run(tenant, async () => {
    await StoryTagLink.create({ storyId: story.id, tagId })
    await db.transaction((trx) => refreshListings([story.id], trx))
  })
}

/** A tag in one of the tenant's three lists ("What was good?" unless told). */
export async function makeTag(
  tenant: Tenant,
  label: string,
  question: 'good' | 'improve' | 'feeling' = 'good'
) {
  const { default: StoryTag } = await import('#models/story_tag')
  return tenancy.run(tenant, () => StoryTag.create({ question, label, position: 0 }))
}
