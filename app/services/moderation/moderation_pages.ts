/**
 * What the moderators' pages show, assembled from the queue and the story:
 * read models only, no writes. The controller validates, authorises and
 * renders; the rules of what is listed live in moderation_queue.ts.
 */
import { DateTime } from 'luxon'
import Area from '#models/area'
import AuthorReply, { REPLY_STATUS } from '#models/author_reply'
import Response from '#models/response'
import ModerationEvent from '#models/moderation_event'
import ModerationReason from '#models/moderation_reason'
import InvitationLink from '#models/invitation_link'
import Story from '#models/story'
import StoryReport from '#models/story_report'
import StoryTag, { TAG_QUESTIONS } from '#models/story_tag'
import {
  moderationFigures,
  moderationQueue,
  QUEUE_FLAGS,
} from '#services/moderation/moderation_queue'
import { scanForPii } from '#services/moderation/pii_scanner'
import { scanForModeration } from '#services/moderation/moderation_flags'
import { findServiceByReference } from '#services/directory/service_lookup'
import { diffHtml, diffWords, highlightedHtml } from '#lib/text_diff'

export type QueueQuery = { service?: unknown; area?: unknown; flag?: unknown }

/** The queue page: filters read leniently (unknown values filter nothing), rows and figures. */
export async function queuePage(input: QueueQuery, now = DateTime.now()) {
  const serviceRef = String(input.service ?? '')
    .trim()
    .slice(0, 140)
  const areaSlug = String(input.area ?? '').slice(0, 140)
  const flagInput = String(input.flag ?? '')
  const flag = (QUEUE_FLAGS as readonly string[]).includes(flagInput)
    ? (flagInput as (typeof QUEUE_FLAGS)[number])
    : null
  const service = serviceRef ? await findServiceByReference(serviceRef) : null
  const areas = await Area.query().orderBy('name').limit(500)
  const area = areas.find((candidate) => candidate.slug === areaSlug) ?? null
  const unknownService = Boolean(serviceRef) && !service
  const rows = unknownService
    ? []
    : await moderationQueue({ service, areaId: area?.id ?? null, flag })
  const stories = rows.map(
    ({ story, serviceNames, openReports, answered, personalData, safeguarding }) => ({
      id: story.id,
      title: story.title,
      status: story.status,
      confirmedAt: story.confirmedAt,
      ageHours: story.confirmedAt
        ? Math.max(0, Math.floor(now.diff(story.confirmedAt, 'hours').hours))
        : 0,
      services: serviceNames.join(', '),
      authorRole: story.authorRole,
      submissionRoute: story.submissionRoute,
      openReports,
      answered,
      personalData,
      safeguarding,
      heldBy:
        story.claimedBy && story.claimedUntil && story.claimedUntil > now
          ? story.claimedBy.name
          : '',
    })
  )
  return {
    stories,
    figures: await moderationFigures(),
    filters: { service: serviceRef, area: area?.slug ?? '', flag: flag ?? '' },
    unknownService,
    areas,
    flags: QUEUE_FLAGS,
  }
}

/** The words the story page needs in the moderator's language. */
export type StoryPageLabels = {
  kind: (kind: string) => string
  removed: string
  added: string
}

/** One story for moderating: its text and flags, the diff, its events, tags, reasons and reports. */
export async function storyPage(storyId: number, labels: StoryPageLabels) {
  const story = await Story.query()
    .where('id', storyId)
    .preload('services')
    .preload('tags')
    .preload('claimedBy')
    .firstOrFail()
  const events = await ModerationEvent.query()
    .where('story_id', story.id)
    .preload('actor')
    .orderBy('id')
  const allTags = await StoryTag.query().orderBy('position').orderBy('label')
  const reasons = await ModerationReason.query().orderBy('position').orderBy('label')
  const reports = await StoryReport.query()
    .where('story_id', story.id)
    .whereNull('resolved_at')
    .orderBy('id')
    .limit(50)
  const chosen = new Set(story.tags.map((tag) => tag.id))
  const publicBody = story.publicBody ?? story.originalBody
  const flags = scanForModeration(story.originalBody)
  const invitation = story.invitationLinkId
    ? await InvitationLink.find(story.invitationLinkId)
    : null
  return {
    story,
    events,
    reasons,
    reports,
    tagGroups: TAG_QUESTIONS.map((question) => ({
      question,
      tags: allTags
        .filter((tag) => tag.question === question)
        .map((tag) => ({ id: tag.id, label: tag.label, chosen: chosen.has(tag.id) })),
    })),
    flags: flags.filter((flag) => flag.kind !== 'safeguarding'),
    cues: flags.filter((flag) => flag.kind === 'safeguarding'),
    originalHtml: highlightedHtml(
      story.originalBody,
      flags,
      (flag) => labels.kind(flag.kind),
      (flag) => (flag.kind === 'safeguarding' ? 'mark--safeguarding' : null)
    ),
    stillFlagged: scanForPii(publicBody),
    diffHtml: diffHtml(diffWords(story.originalBody, publicBody), {
      removed: labels.removed,
      added: labels.added,
    }),
    edited: publicBody !== story.originalBody,
    publicBody,
    invitation,
  }
}

/**
 * The checks page: change claims and authors' replies waiting for a
 * moderator (oldest first, at most 100 each), replies with their likely
 * personal data highlighted; `kind` names a flag's kind for the reader.
 */
export async function checksPage(kind: (kind: string) => string) {
  const changes = await Response.query()
    .where('change_status', 'pending')
    .preload('service')
    .orderBy('created_at')
    .limit(100)
  const replies = await AuthorReply.query()
    .where('status', REPLY_STATUS.awaitingModeration)
    .orderBy('created_at')
    .limit(100)
  return {
    changes,
    replies: replies.map((reply) => {
      const flags = scanForPii(reply.originalBody)
      return {
        reply,
        flags,
        html: highlightedHtml(reply.originalBody, flags, (flag) => kind(flag.kind)),
      }
    }),
  }
}
