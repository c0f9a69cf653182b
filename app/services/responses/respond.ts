/**
 * Services answering stories in public, authors replying, and moderators
 * checking change claims and replies.
 *
 * Guarantees: a responder responds only to a published story of their
 * tenant, and only for one of their own services that is, or is above, a
 * service the story is about; the response can be edited or deleted by its
 * writer for 30 minutes, then it is fixed; a change claim shows its badge
 * only after a moderator confirmed it; an author's reply is public only
 * after a moderator published it. Every step refreshes the story's progress
 * in the same transaction and is recorded (audit log or moderation events).
 * Unless the writer holds fast-track for the story, a new response and an
 * edit of a published one wait for a moderator's check first
 * (#services/responses/response_checks): the public keeps seeing the
 * published text until the edit is approved.
 */
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import AuthorReply, { REPLY_STATUS } from '#models/author_reply'
import ModerationEvent from '#models/moderation_event'
import Response, { type ChangeKind } from '#models/response'
import Service from '#models/service'
import Story from '#models/story'
import Tenant from '#models/tenant'
import User from '#models/user'
import type { StaffRights } from '#services/accounts/staff_rights'
import { auditTenant } from '#services/platform/audit'
import { coveringServiceIds } from '#services/responses/responder_coverage'
import { refreshProgress } from '#services/stories/story_progress'
import { recipientLocale } from '#mails/app_mail'
import { ReplyToResponderMail } from '#mails/reply_to_responder_mail'
import { publishesAtOnce } from '#services/responses/fast_track'
import {
  changeFields,
  publishedStory,
  publishResponse,
  requireJobTitle,
} from '#services/responses/publish_response'
import { submitForCheck, submitRevisionForCheck } from '#services/responses/response_checks'
import { siteOfTenant, siteUrl, type Acting } from '#tenancy/site'
import { tenancy } from '#tenancy/context'
import { DomainError } from '#exceptions/domain_error'
import { MODERATION_ACTION } from '#services/moderation/moderation_actions'

export { EDIT_MINUTES } from '#services/responses/publish_response'

export type ResponseInput = {
  serviceId: number
  body: string
  changeKind?: ChangeKind | null
  changeDescription?: string | null
}

/**
 * The services `rights` may respond for on `story`: their own services that
 * are one of the story's services or above one of them in the tree.
 */
export async function respondableServices(story: Story, rights: StaffRights) {
  if (!rights.has('responder') || !rights.responderServiceIds.length) return []
  await story.load('services')
  const own = coveringServiceIds(
    rights,
    story.services.map((service) => service.ancestry)
  )
  if (!own.length) return []
  return Service.query().whereIn('id', own).orderBy('name')
}

/**
 * Refuses (as createResponse would) when `rights` may not respond to the
 * story for the service: lets a caller ask for a missing job title only of
 * someone who could respond.
 */
export async function assertMayRespond(storyId: number, serviceId: number, rights: StaffRights) {
  const story = await Story.publiclyVisible(Story.query()).where('id', storyId).first()
  if (!story) throw new DomainError('responses.errors.notPublished')
  const allowed = await respondableServices(story, rights)
  if (!allowed.some((service) => service.id === serviceId))
    throw new DomainError('responses.errors.notYourService')
}

/**
 * A response by `acting.actor`. With fast-track (and a story not strongly
 * or severely critical) it is published at once and its author emailed;
 * otherwise it waits for a moderator's check (`check`, and no `response`).
 * Either way in one transaction. The writer needs a job title first.
 */
export async function createResponse(
  acting: Acting & { actor: User },
  storyId: number,
  input: ResponseInput,
  rights: StaffRights
) {
  const user = acting.actor
  return db.transaction(async (trx) => {
    const story = await publishedStory(storyId, trx)
    const allowed = await respondableServices(story, rights)
    if (!allowed.some((service) => service.id === input.serviceId))
      throw new DomainError('responses.errors.notYourService')
    requireJobTitle(user)
    if (!(await publishesAtOnce(user, story, trx))) {
      const check = await submitForCheck(user, story, input, trx)
      return { response: null, check, story }
    }
    const response = await publishResponse(acting, story, user, input, trx)
    await auditTenant(
      {
        action: 'response.created',
        actor: user,
        subject: { type: 'response', id: response.id },
        details: {
          storyId: story.id,
          serviceId: input.serviceId,
          change: input.changeKind ?? null,
          fastTrack: true,
        },
      },
      trx
    )
    return { response, check: null, story }
  })
}

async function ownEditableResponse(responseId: number, user: User, trx: TransactionClientContract) {
  const response = await Response.query({ client: trx })
    .where('id', responseId)
    .forUpdate()
    .firstOrFail()
  if (response.authorId !== user.id) throw new DomainError('responses.errors.notYours')
  if (!response.isEditable) throw new DomainError('responses.errors.fixed')
  return response
}

export async function updateResponse(
  responseId: number,
  input: Omit<ResponseInput, 'serviceId'>,
  user: User
) {
  return db.transaction(async (trx) => {
    const response = await ownEditableResponse(responseId, user, trx)
    const story = await Story.query({ client: trx }).where('id', response.storyId).firstOrFail()
    if (!(await publishesAtOnce(user, story, trx))) {
      const check = await submitRevisionForCheck(user, response, input, trx)
      return { response, check }
    }
    const before = { body: response.body, change: response.changeKind }
    response.merge({ body: input.body, ...changeFields(input) })
    response.useTransaction(trx)
    await response.save()
    await refreshProgress(response.storyId, trx)
    await auditTenant(
      {
        action: 'response.updated',
        actor: user,
        subject: { type: 'response', id: response.id },
        details: { before, after: { body: response.body, change: response.changeKind } },
      },
      trx
    )
    return { response, check: null }
  })
}

export async function deleteResponse(responseId: number, user: User) {
  return db.transaction(async (trx) => {
    const response = await ownEditableResponse(responseId, user, trx)
    await response.useTransaction(trx).delete()
    await refreshProgress(response.storyId, trx)
    await auditTenant(
      {
        action: 'response.deleted',
        actor: user,
        subject: { type: 'response', id: responseId },
        details: { storyId: response.storyId, body: response.body },
      },
      trx
    )
    return response
  })
}

/** A moderator confirms (or turns down) a response's change claim. */
export async function checkChange(responseId: number, confirmed: boolean, user: User) {
  return db.transaction(async (trx) => {
    const response = await Response.query({ client: trx })
      .where('id', responseId)
      .forUpdate()
      .firstOrFail()
    if (response.changeStatus !== 'pending')
      throw new DomainError('responses.errors.noPendingChange')
    response.merge({
      changeStatus: confirmed ? 'confirmed' : 'rejected',
      changeCheckedById: user.id,
      changeCheckedAt: DateTime.now(),
    })
    response.useTransaction(trx)
    await response.save()
    await refreshProgress(response.storyId, trx)
    await ModerationEvent.create(
      {
        storyId: response.storyId,
        actorId: user.id,
        action: confirmed ? MODERATION_ACTION.changeConfirmed : MODERATION_ACTION.changeRejected,
        reason: response.changeDescription,
        changes: { responseId: response.id, kind: response.changeKind },
      },
      { client: trx }
    )
    await auditTenant(
      {
        action: confirmed ? 'response.change_confirmed' : 'response.change_rejected',
        actor: user,
        subject: { type: 'response', id: response.id },
      },
      trx
    )
    return response
  })
}

/** The author replies to a response on their story; it waits for moderation. */
export async function replyToResponse(storyId: number, responseId: number, body: string) {
  return db.transaction(async (trx) => {
    await publishedStory(storyId, trx)
    const response = await Response.query({ client: trx })
      .where('id', responseId)
      .where('story_id', storyId)
      .first()
    if (!response) throw new DomainError('responses.errors.noSuchResponse')
    const reply = await AuthorReply.create(
      {
        storyId,
        responseId: response.id,
        originalBody: body,
        status: REPLY_STATUS.awaitingModeration,
      },
      { client: trx }
    )
    await ModerationEvent.create(
      {
        storyId,
        actorId: null,
        action: MODERATION_ACTION.replyReceived,
        reason: null,
        changes: { replyId: reply.id, by: 'author' },
      },
      { client: trx }
    )
    return reply
  })
}

/** A moderator publishes an author's reply (as edited) or turns it down. */
export async function moderateReply(
  replyId: number,
  decision: { publish: true; publicBody: string } | { publish: false; reason: string },
  user: User
) {
  return db.transaction(async (trx) => {
    const reply = await AuthorReply.query({ client: trx })
      .where('id', replyId)
      .forUpdate()
      .firstOrFail()
    if (reply.status !== REPLY_STATUS.awaitingModeration)
      throw new DomainError('responses.errors.replyDone')
    reply.merge({
      status: decision.publish ? REPLY_STATUS.published : REPLY_STATUS.rejected,
      publicBody: decision.publish ? decision.publicBody : null,
      reason: decision.publish ? null : decision.reason,
      moderatedById: user.id,
      moderatedAt: DateTime.now(),
    })
    reply.useTransaction(trx)
    await reply.save()
    await ModerationEvent.create(
      {
        storyId: reply.storyId,
        actorId: user.id,
        action: decision.publish
          ? MODERATION_ACTION.replyPublished
          : MODERATION_ACTION.replyRejected,
        reason: decision.publish ? null : decision.reason,
        changes: decision.publish
          ? { replyId: reply.id, body: { from: reply.originalBody, to: decision.publicBody } }
          : { replyId: reply.id },
      },
      { client: trx }
    )
    if (decision.publish) await tellResponder(reply, trx)
    return reply
  })
}

/**
 * The member of staff who wrote the response hears that its author replied
 * (in their language, queued with the decision), unless their account is
 * closed.
 */
async function tellResponder(reply: AuthorReply, trx: TransactionClientContract) {
  const response = await Response.query({ client: trx }).where('id', reply.responseId).first()
  if (!response?.authorId) return
  const writer = await User.query({ client: trx })
    .where('id', response.authorId)
    .whereNull('disabled_at')
    .first()
  if (!writer) return
  const tenant = await Tenant.findOrFail(tenancy.require().id, { client: trx })
  const story = await Story.query({ client: trx }).where('id', reply.storyId).firstOrFail()
  const site = await siteOfTenant(tenant, recipientLocale(tenant, writer.locale))
  await new ReplyToResponderMail(tenant, writer.email, site.locale, {
    title: story.publicTitle ?? '',
    text: reply.publicBody ?? '',
    url: siteUrl(site, `/staff/stories/${story.id}#responses`),
  }).queue({ client: trx })
}

/** Published responses of a story with their published replies, oldest first. */
export async function publicResponses(storyId: number) {
  return Response.query()
    .where('story_id', storyId)
    .preload('service')
    .preload('replies', (replies) => replies.where('status', REPLY_STATUS.published).orderBy('id'))
    .orderBy('id')
}
