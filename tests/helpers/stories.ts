import { DateTime } from 'luxon'
import Service from '#models/service'
import Story, { type StoryStatus } from '#models/story'
import StoryServiceLink from '#models/story_service_link'
import type Tenant from '#models/tenant'
import { tenancy } from '#tenancy/context'
import db from '@adonisjs/lucid/services/db'
import { refreshListings } from '#services/stories/story_listings'

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
  const { newToken } = await import('#services/platform/secret_tokens')
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

const LONG_STORY_SENTENCES = [
  'My mother was admitted to the acute medical ward late on a Tuesday evening after a fall at home.',
  'The nurses who met us were calm, introduced themselves by name and explained every step before they took it.',
  'Overnight the consultant telephoned me twice, which I had never expected, to describe the scan results in plain language.',
  'Communication between the day and night teams was sometimes patchy, and we repeated her medication history three times.',
  'Physiotherapists encouraged her to walk the corridor each morning, patiently, until she regained her confidence.',
  'Discharge planning began early, yet the pharmacy delay meant she waited nearly six hours in the lounge with her coat on.',
  'Looking back, what mattered most was kindness: someone always noticed when she was frightened and stayed a moment longer.',
  'I would ask the ward to share a written plan with families, so that nobody has to remember everything at a difficult time.',
]

/** A story of exactly `words` words in paragraphs, the length a real long story has (1,500 words ≈ 10 KB). */
export function longStory(words = 1500) {
  const all: string[] = []
  for (let index = 0; all.length < words; index++) {
    all.push(...LONG_STORY_SENTENCES[index % LONG_STORY_SENTENCES.length].split(' '))
  }
  const chosen = all.slice(0, words)
  chosen[words - 1] = chosen[words - 1].replace(/[,.:]$/, '') + '.'
  const paragraphs: string[] = []
  for (let start = 0; start < chosen.length; start += 120) {
    paragraphs.push(chosen.slice(start, start + 120).join(' '))
  }
  return paragraphs.join('\n\n')
}
