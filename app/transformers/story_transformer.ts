/**
 * Stories, responses and replies as the public API gives them (the shapes
 * of #transformers/api_schemas): public text only, camelCase, times in UTC
 * ISO 8601. A change claim appears only once a moderator confirmed it.
 */
import type { DateTime } from 'luxon'
import type AuthorReply from '#models/author_reply'
import type Response from '#models/response'
import type Service from '#models/service'
import type Story from '#models/story'
import type StoryTag from '#models/story_tag'
import { siteUrl, type Site } from '#tenancy/site'

export type StoryRecord = ReturnType<typeof storyRecord>

export function utc(time: DateTime) {
  return time.toUTC().toISO({ suppressMilliseconds: false })!
}

const POLARITY = { good: 'positive', improve: 'negative', feeling: null } as const

export function tagRecord(tag: StoryTag) {
  return { id: tag.id, label: tag.label, question: tag.question, polarity: POLARITY[tag.question] }
}

export function serviceRef(service: Service, site: Site) {
  return {
    ref: service.ref,
    name: service.name,
    externalCode: service.externalCode,
    url: siteUrl(site, `/services/${service.slug}`),
  }
}

export function responseRecord(response: Response, replies: AuthorReply[]) {
  const confirmed = response.confirmedChange
  return {
    id: response.id,
    service: { ref: response.service.ref, name: response.service.name },
    authorName: response.authorName,
    authorJobTitle: response.authorJobTitle,
    text: response.body,
    createdAt: utc(response.createdAt),
    change: confirmed ? { kind: confirmed, description: response.changeDescription ?? '' } : null,
    replies: replies
      .filter((reply) => reply.responseId === response.id)
      .map((reply) => ({
        id: reply.id,
        text: reply.publicBody ?? '',
        createdAt: utc(reply.createdAt),
      })),
  }
}

export function storyRecord(
  story: Story,
  loaded: {
    responses: Response[]
    replies: AuthorReply[]
    site: Site
    /** Given for a staff-read key covering the story. */
    criticality: { value: number | null } | null
  }
) {
  return {
    id: story.id,
    url: siteUrl(loaded.site, `/stories/${story.id}`),
    title: story.publicTitle ?? '',
    text: story.publicBody ?? '',
    services: story.services.map((service) => serviceRef(service, loaded.site)),
    tags: story.tags.map(tagRecord),
    authorRole: story.authorRole,
    ageBand: story.ageBand,
    happenedIn: story.happenedOn.toFormat('yyyy-MM'),
    submittedAt: utc(story.createdAt),
    publishedAt: utc(story.publishedAt!),
    updatedAt: utc(story.updatedAt),
    progress: story.progress,
    staffReadCount: story.staffViews,
    experiencedCount: story.experiencedCount ?? 0,
    submissionRoute: story.submissionRoute,
    responses: loaded.responses.map((response) => responseRecord(response, loaded.replies)),
    ...(loaded.criticality ? { criticality: loaded.criticality.value } : {}),
  }
}
