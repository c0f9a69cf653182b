/**
 * Publishes a story with no request: the same operation a moderator runs
 * on the web (`publishStory`), acting as the system or as the member of
 * staff who scheduled it, with the site built from the tenant's primary
 * domain. Its emails are the web's: the author's, then (through
 * `story.published`) the staff alerts and the subscribers'.
 */
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Story from '#models/story'
import Tenant from '#models/tenant'
import User from '#models/user'
import { defineJob } from '#services/platform/job_queue'
import { publishStory } from '#services/moderation/moderate_story'
import { type ModerationEdit } from '#services/moderation/moderation_work'
import { tenancy } from '#tenancy/context'
import { siteOfTenant, type Acting } from '#tenancy/site'
import { recipientLocale } from '#mails/app_mail'

export type PublishStoryPayload = {
  storyId: number
  /** The member of staff it is done for; the system when absent. */
  actorId?: number | null
  /** The public text and rating; the story's own (or its original) when absent. */
  edit?: Omit<ModerationEdit, 'version'> | null
}

/** Runs in the current tenant (a job enqueued in a tenant runs in it). */
export async function publishWithoutRequest(
  payload: PublishStoryPayload,
  client?: TransactionClientContract
) {
  const tenant = await Tenant.findOrFail(tenancy.require().id, { client })
  const actor = payload.actorId ? await User.findOrFail(payload.actorId, { client }) : null
  const story = await Story.findOrFail(payload.storyId, { client })
  const locale = recipientLocale(tenant, story.locale)
  const acting: Acting = { actor, tenant, site: await siteOfTenant(tenant, locale) }
  return publishStory(
    acting,
    story.id,
    {
      version: story.version,
      publicTitle: payload.edit?.publicTitle ?? story.publicTitle ?? story.title,
      publicBody: payload.edit?.publicBody ?? story.publicBody ?? story.originalBody,
      criticality: payload.edit?.criticality ?? story.criticality ?? 0,
      tags: payload.edit?.tags,
      services: payload.edit?.services,
    },
    client
  )
}

/*
 * In the job's transaction: the story, its events, its listings and its
 * emails commit with the job marked done, or not at all (then retried).
 */
export const publishStoryJob = defineJob<PublishStoryPayload>(
  'stories.publish',
  async (payload, { client }) => {
    await publishWithoutRequest(payload, client)
  }
)
