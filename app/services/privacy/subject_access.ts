/**
 * Subject access: what is held about a story's author, as one JSON
 * document they (or a tenant admin answering their request) can download.
 *
 * Contains exactly the author's own data: the story as told (original and
 * moderated title and text, the details they gave, dates, status), their
 * conversation with the moderators, their replies to responses (as written
 * and as published), the public responses their story received, and who
 * it was shared with (the services it is about; how many staff were
 * alerted and subscribers emailed). Nothing of anyone else: no staff names
 * or addresses, no readers' reports, no other author's stories.
 */
import db from '@adonisjs/lucid/services/db'
import AuthorReply from '#models/author_reply'
import Response from '#models/response'
import Story from '#models/story'
import Subscription from '#models/subscription'
import { normalEmail } from '#services/platform/keyed_hash'
import { authorConversation } from '#services/stories/story_authors'

const iso = (value: { toISO(): string | null } | null | undefined) => value?.toISO() ?? null

async function count(table: string, storyId: number) {
  const row = await db.from(table).where('story_id', storyId).count('* as total').first()
  return Number(row?.total ?? 0)
}

/** Everything held about one story's author, through that story. */
export async function storyRecord(story: Story) {
  await story.load('services')
  await story.load('tags')
  const replies = await AuthorReply.query().where('story_id', story.id).orderBy('id')
  const responses = await Response.query().where('story_id', story.id).orderBy('id')
  const conversation = await authorConversation(story)
  return {
    story: {
      reference: story.id,
      status: story.status,
      erased: story.originalErasedAt !== null,
      title: story.title,
      text: story.originalBody,
      moderated: { title: story.publicTitle, text: story.publicBody },
      pseudonym: story.displayName,
      email: story.authorEmail,
      role: story.authorRole,
      ageBand: story.ageBand,
      happenedOn: story.happenedOn?.toISODate() ?? null,
      language: story.locale,
      toldAt: iso(story.createdAt),
      confirmedAt: iso(story.confirmedAt),
      publishedAt: iso(story.publishedAt),
      withdrawnAt: iso(story.withdrawnAt),
      decidedAt: iso(story.decidedAt),
      originalErasedAt: iso(story.originalErasedAt),
      tags: story.tags.map((tag) => tag.label),
    },
    conversation: conversation.map((message) => ({
      from: message.from,
      action: message.action,
      text: message.text,
      at: iso(message.at),
    })),
    replies: replies.map((reply) => ({
      responseReference: reply.responseId,
      asWritten: reply.originalBody,
      asPublished: reply.publicBody,
      status: reply.status,
      at: iso(reply.createdAt),
    })),
    responses: responses.map((response) => ({
      reference: response.id,
      signedAs: response.authorJobTitle,
      text: response.body,
      change: response.changeKind,
      at: iso(response.createdAt),
    })),
    sharedWith: {
      services: story.services.map((service) => service.name),
      staffAlerted: await count('alert_deliveries', story.id),
      subscribersEmailed: await count('subscription_deliveries', story.id),
    },
  }
}

/** What the current tenant holds for an address: its stories and its subscriptions. */
export async function recordForEmail(rawEmail: string) {
  const email = normalEmail(rawEmail)
  const stories = await Story.query().whereRaw('lower(author_email) = ?', [email]).orderBy('id')
  const subscriptions = await Subscription.query().whereRaw('lower(email) = ?', [email])
  const records = []
  for (const story of stories) records.push(await storyRecord(story))
  return {
    email,
    stories: records,
    subscriptions: subscriptions.map((subscription) => ({
      follows: subscription.targetType,
      serviceReference: subscription.serviceId,
      areaReference: subscription.areaId,
      tagReference: subscription.tagId,
      confirmedAt: iso(subscription.confirmedAt),
      since: iso(subscription.createdAt),
    })),
  }
}
