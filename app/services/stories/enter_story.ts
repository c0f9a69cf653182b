/**
 * A story typed in by a moderator or tenant admin on its author's behalf,
 * from paper, a phone call, a conversation in person or a partner.
 * Guarantees: the same checks as a story told online (service, dates); the
 * author's consent is required and recorded, with how the story came and
 * who typed it in, in the story's history; the story goes straight to the
 * moderation queue (staff stand in for the email confirmation) and is then
 * moderated like any other. An author who left no email address is sent
 * nothing.
 */
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { Infer } from '@vinejs/vine/types'
import ModerationEvent from '#models/moderation_event'
import Story, { STORY_STATUS } from '#models/story'
import StoryServiceLink from '#models/story_service_link'
import type User from '#models/user'
import type { Site } from '#tenancy/site'
import { checkStory } from '#services/stories/submit_story'
import type { enteredStoryValidator } from '#validators/entered_story'
import { MODERATION_ACTION } from '#services/moderation/moderation_actions'

export type EnteredStory = Infer<typeof enteredStoryValidator>

export async function enterStoryOnBehalf(input: EnteredStory, enteredBy: User, site: Site) {
  const { service, happened } = await checkStory({ ...input, email: input.email ?? '' }, site)
  return db.transaction(async (trx) => {
    const story = await Story.create(
      {
        status: STORY_STATUS.awaitingModeration,
        version: 1,
        title: input.title,
        originalBody: input.body,
        happenedOn: happened,
        authorRole: input.authorRole,
        ageBand: input.ageBand,
        displayName: input.displayName,
        authorEmail: (input.email ?? '').toLowerCase(),
        locale: site.locale,
        submissionRoute: input.route,
        confirmedAt: DateTime.now(),
      },
      { client: trx }
    )
    await StoryServiceLink.create({ storyId: story.id, serviceId: service.id }, { client: trx })
    await ModerationEvent.create(
      {
        storyId: story.id,
        actorId: enteredBy.id,
        action: MODERATION_ACTION.enteredForAuthor,
        reason: null,
        changes: { route: input.route, consent: true, contact: Boolean(input.email) },
      },
      { client: trx }
    )
    return story
  })
}
