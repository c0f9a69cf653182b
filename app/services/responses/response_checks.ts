/**
 * Checked responses: a response from a responder without fast-track (or to
 * a strongly or severely critical story) waits here for a moderator, who
 * approves it as written, approves it with an edit and a note to its
 * writer, or sends it back with a note for the writer to revise and submit
 * again.
 *
 * Guarantees: a waiting response is not public, counts for no figure and
 * emails nobody but its writer; approving publishes it with exactly the
 * effects of a fast-track response (#services/responses/publish_response);
 * nobody checks their own response; each step is one transaction, recorded
 * in the story's history (moderation events) and the audit log, and its
 * email to the writer is queued in it. An edit is recorded with the text
 * before and after it.
 */
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { ModelQueryBuilderContract } from '@adonisjs/lucid/types/model'
import { DomainError } from '#exceptions/domain_error'
import Membership from '#models/membership'
import ModerationEvent from '#models/moderation_event'
import Response from '#models/response'
import ResponseCheck, { CHECK_STATUS } from '#models/response_check'
import { publiclyVisibleSql } from '#models/story'
import type Story from '#models/story'
import User from '#models/user'
import { recipientLocale } from '#mails/app_mail'
import { ResponseEditedMail } from '#mails/response_edited_mail'
import { ResponseSentBackMail } from '#mails/response_sent_back_mail'
import { auditTenant } from '#services/platform/audit'
import { fastTrackRecords } from '#services/responses/fast_track'
import {
  changeFields,
  publishedStory,
  publishResponse,
  type ResponseText,
} from '#services/responses/publish_response'
import { refreshProgress } from '#services/stories/story_progress'
import { siteOfTenant, siteUrl, type Acting } from '#tenancy/site'
import { MODERATION_ACTION } from '#services/moderation/moderation_actions'

export const CHECK_QUEUE_PAGE = 20

type Checking = Acting & { actor: User }

/** Queues `writer`'s response to `story` for a check (inside the responding transaction). */
export async function submitForCheck(
  writer: User,
  story: Story,
  input: ResponseText & { serviceId: number },
  trx: TransactionClientContract
) {
  const change = changeFields(input)
  const check = await ResponseCheck.create(
    {
      storyId: story.id,
      serviceId: input.serviceId,
      authorId: writer.id,
      body: input.body,
      submittedBody: input.body,
      changeKind: change.changeKind,
      changeDescription: change.changeDescription,
      status: CHECK_STATUS.awaiting,
      submittedAt: DateTime.now(),
    },
    { client: trx }
  )
  await ModerationEvent.create(
    {
      storyId: story.id,
      actorId: writer.id,
      action: MODERATION_ACTION.responseSubmitted,
      reason: null,
      changes: { checkId: check.id, serviceId: input.serviceId },
    },
    { client: trx }
  )
  await auditTenant(
    {
      action: 'response.submitted_for_check',
      actor: writer,
      subject: { type: 'response_check', id: check.id },
      details: { storyId: story.id, serviceId: input.serviceId, change: change.changeKind },
    },
    trx
  )
  return check
}

/**
 * Queues an edit of `response` (published, in its edit window) for a check;
 * the public keeps seeing the published text until it is approved. A second
 * edit before the check replaces the first.
 */
export async function submitRevisionForCheck(
  writer: User,
  response: Response,
  input: ResponseText,
  trx: TransactionClientContract
) {
  const change = changeFields(input)
  const fields = {
    body: input.body,
    submittedBody: input.body,
    changeKind: change.changeKind,
    changeDescription: change.changeDescription,
    status: CHECK_STATUS.awaiting,
    submittedAt: DateTime.now(),
  }
  const pending = await ResponseCheck.query({ client: trx })
    .where('response_id', response.id)
    .where('is_revision', true)
    .whereIn('status', [CHECK_STATUS.awaiting, CHECK_STATUS.sentBack])
    .forUpdate()
    .first()
  const check = pending
    ? await pending.merge(fields).useTransaction(trx).save()
    : await ResponseCheck.create(
        {
          ...fields,
          storyId: response.storyId,
          serviceId: response.serviceId,
          authorId: writer.id,
          responseId: response.id,
          isRevision: true,
        },
        { client: trx }
      )
  await ModerationEvent.create(
    {
      storyId: response.storyId,
      actorId: writer.id,
      action: MODERATION_ACTION.responseRevisionSubmitted,
      reason: null,
      changes: { checkId: check.id, responseId: response.id },
    },
    { client: trx }
  )
  await auditTenant(
    {
      action: 'response.revision_submitted_for_check',
      actor: writer,
      subject: { type: 'response_check', id: check.id },
      details: { storyId: response.storyId, responseId: response.id },
    },
    trx
  )
  return check
}

/** Applies an approved edit to its published response (no new email to the story's author). */
async function applyRevision(check: ResponseCheck, body: string, trx: TransactionClientContract) {
  const response = check.responseId
    ? await Response.query({ client: trx }).where('id', check.responseId).forUpdate().first()
    : null
  if (!response) throw new DomainError('checked.errors.responseGone')
  response.merge({
    body,
    ...changeFields({
      body,
      changeKind: check.changeKind,
      changeDescription: check.changeDescription,
    }),
  })
  await response.useTransaction(trx).save()
  await refreshProgress(response.storyId, trx)
  return response
}

async function checkToDecide(checkId: number, moderator: User, trx: TransactionClientContract) {
  const check = await ResponseCheck.query({ client: trx }).where('id', checkId).forUpdate().first()
  if (!check) throw new DomainError('checked.errors.noSuchCheck', { status: 404 })
  if (check.authorId === moderator.id) throw new DomainError('checked.errors.ownResponse')
  if (check.status !== CHECK_STATUS.awaiting) throw new DomainError('checked.errors.notAwaiting')
  return check
}

function requireNote(note: string | null | undefined) {
  const text = note?.trim()
  if (!text) throw new DomainError('checked.errors.noteNeeded', { field: 'note' })
  return text
}

/**
 * Approves a waiting response and publishes it. A `body` different from
 * what the writer sent is an edit: it needs a note, which the writer is
 * emailed; the edit goes into the story's history with both texts.
 */
export async function approveCheck(
  acting: Checking,
  checkId: number,
  decision: { body: string; note?: string | null }
) {
  return db.transaction(async (trx) => {
    const check = await checkToDecide(checkId, acting.actor, trx)
    const body = decision.body.trim()
    const edited = body !== check.body.trim()
    const note = edited ? requireNote(decision.note) : decision.note?.trim() || null
    const story = await publishedStory(check.storyId, trx)
    const writer = check.authorId
      ? await User.query({ client: trx }).where('id', check.authorId).first()
      : null
    if (!writer) throw new DomainError('checked.errors.writerGone')
    const response = check.isRevision
      ? await applyRevision(check, body, trx)
      : await publishResponse(
          acting,
          story,
          writer,
          {
            serviceId: check.serviceId,
            body,
            changeKind: check.changeKind,
            changeDescription: check.changeDescription,
          },
          trx
        )
    check.merge({
      body,
      status: CHECK_STATUS.approved,
      edited,
      note,
      checkedById: acting.actor.id,
      checkedAt: DateTime.now(),
      responseId: response.id,
    })
    await check.useTransaction(trx).save()
    await ModerationEvent.create(
      {
        storyId: story.id,
        actorId: acting.actor.id,
        action: edited ? MODERATION_ACTION.responseEdited : MODERATION_ACTION.responseApproved,
        reason: note,
        changes: edited
          ? {
              checkId: check.id,
              responseId: response.id,
              body: { from: check.submittedBody, to: body },
            }
          : { checkId: check.id, responseId: response.id },
      },
      { client: trx }
    )
    await auditTenant(
      {
        action: edited ? 'response.approved_with_edit' : 'response.approved',
        actor: acting.actor,
        ip: acting.ip ?? null,
        subject: { type: 'response', id: response.id },
        details: { storyId: story.id, checkId: check.id },
      },
      trx
    )
    if (edited && note) await tellWriter(acting, writer, story, note, ResponseEditedMail, trx)
    return { check, response }
  })
}

/** Sends a waiting response back to its writer with a note; nothing is published. */
export async function sendBackCheck(acting: Checking, checkId: number, rawNote: string | null) {
  const note = requireNote(rawNote)
  return db.transaction(async (trx) => {
    const check = await checkToDecide(checkId, acting.actor, trx)
    const story = await publishedStory(check.storyId, trx)
    check.merge({
      status: CHECK_STATUS.sentBack,
      note,
      timesSentBack: check.timesSentBack + 1,
      checkedById: acting.actor.id,
      checkedAt: DateTime.now(),
    })
    await check.useTransaction(trx).save()
    await ModerationEvent.create(
      {
        storyId: story.id,
        actorId: acting.actor.id,
        action: MODERATION_ACTION.responseSentBack,
        reason: note,
        changes: { checkId: check.id },
      },
      { client: trx }
    )
    await auditTenant(
      {
        action: 'response.sent_back',
        actor: acting.actor,
        ip: acting.ip ?? null,
        subject: { type: 'response_check', id: check.id },
        details: { storyId: story.id },
      },
      trx
    )
    const writer = check.authorId
      ? await User.query({ client: trx })
          .where('id', check.authorId)
          .whereNull('disabled_at')
          .first()
      : null
    if (writer) await tellWriter(acting, writer, story, note, ResponseSentBackMail, trx)
    return check
  })
}

/** The writer revises a response that was sent back and submits it again for a check. */
export async function resubmitCheck(acting: Checking, checkId: number, input: ResponseText) {
  return db.transaction(async (trx) => {
    const check = await ResponseCheck.query({ client: trx })
      .where('id', checkId)
      .forUpdate()
      .first()
    if (!check) throw new DomainError('checked.errors.noSuchCheck', { status: 404 })
    if (check.authorId !== acting.actor.id) throw new DomainError('responses.errors.notYours')
    if (check.status !== CHECK_STATUS.sentBack) throw new DomainError('checked.errors.notSentBack')
    await publishedStory(check.storyId, trx)
    const change = changeFields(input)
    check.merge({
      body: input.body,
      submittedBody: input.body,
      changeKind: change.changeKind,
      changeDescription: change.changeDescription,
      status: CHECK_STATUS.awaiting,
      submittedAt: DateTime.now(),
    })
    await check.useTransaction(trx).save()
    await ModerationEvent.create(
      {
        storyId: check.storyId,
        actorId: acting.actor.id,
        action: MODERATION_ACTION.responseResubmitted,
        reason: null,
        changes: { checkId: check.id },
      },
      { client: trx }
    )
    await auditTenant(
      {
        action: 'response.resubmitted',
        actor: acting.actor,
        ip: acting.ip ?? null,
        subject: { type: 'response_check', id: check.id },
        details: { storyId: check.storyId },
      },
      trx
    )
    return check
  })
}

async function tellWriter(
  { tenant }: Acting,
  writer: User,
  story: Story,
  note: string,
  Mail: typeof ResponseEditedMail | typeof ResponseSentBackMail,
  trx: TransactionClientContract
) {
  const site = await siteOfTenant(tenant, recipientLocale(tenant, writer.locale))
  await new Mail(tenant, writer.email, site.locale, {
    title: story.publicTitle ?? '',
    note,
    url: siteUrl(site, `/staff/stories/${story.id}#responses`),
  }).queue({ client: trx })
}

function parseAfter(raw: string | undefined | null) {
  const [at, id] = (raw ?? '').split('|')
  if (!at || !/^\d{1,18}$/.test(id ?? '') || Number.isNaN(Date.parse(at))) return null
  return { at, id: Number(id) }
}

/**
 * Waiting checks a moderator can decide: a response to a story that was
 * hidden or withdrawn meanwhile cannot be published, so it leaves the queue
 * (and comes back if the story is published again).
 */
function waitingOnPublicStories(query: ModelQueryBuilderContract<typeof ResponseCheck>) {
  return query.where('response_checks.status', CHECK_STATUS.awaiting).whereRaw(
    `exists (select 1 from stories where stories.tenant_id = response_checks.tenant_id
              and stories.id = response_checks.story_id and ${publiclyVisibleSql('stories')})`
  )
}

/**
 * The moderators' queue: responses waiting for a check, oldest first,
 * CHECK_QUEUE_PAGE at a time after the cursor `after` ("time|id"). Each
 * writer's fast-track record comes with the page (one query), so the queue
 * can suggest fast-track for a writer who earned it.
 */
export async function checkQueuePage(after?: string | null) {
  const query = waitingOnPublicStories(ResponseCheck.query())
    .preload('story')
    .preload('service')
    .preload('author')
  const cursor = parseAfter(after)
  if (cursor) query.whereRaw('(submitted_at, id) > (?, ?)', [cursor.at, cursor.id])
  const rows = await query
    .orderBy('submitted_at')
    .orderBy('id')
    .limit(CHECK_QUEUE_PAGE + 1)
  const checks = rows.slice(0, CHECK_QUEUE_PAGE)
  const last = checks.at(-1)
  const writerIds = [
    ...new Set(checks.flatMap((check) => (check.authorId ? [check.authorId] : []))),
  ]
  const records = await fastTrackRecords(writerIds)
  const holders = new Set(
    (writerIds.length
      ? await Membership.query()
          .whereIn('user_id', writerIds)
          .where('role', 'responder')
          .whereNotNull('fast_track_granted_at')
      : []
    ).map((membership) => membership.userId)
  )
  return {
    checks: checks.map((check) => ({
      check,
      suggestFastTrack:
        check.authorId !== null &&
        !holders.has(check.authorId) &&
        (records.get(check.authorId)?.earned ?? false),
    })),
    next:
      rows.length > CHECK_QUEUE_PAGE && last
        ? `${last.submittedAt.toUTC().toISO()}|${last.id}`
        : null,
  }
}

/** A writer's own responses to a story still in the check (waiting, or sent back to them). */
export async function ownChecks(storyId: number, writer: Pick<User, 'id'>) {
  return ResponseCheck.query()
    .where('story_id', storyId)
    .where('author_id', writer.id)
    .whereIn('status', [CHECK_STATUS.awaiting, CHECK_STATUS.sentBack])
    .preload('service')
    .orderBy('id')
}

/** How many responses wait for a check: for the staff home and the moderation queue. */
export async function checksWaiting() {
  const row = await waitingOnPublicStories(ResponseCheck.query()).count('* as total').first()
  return Number(row?.$extras.total ?? 0)
}

/** A moderator's decision on a check: approve it (with the text as edited) or send it back. */
export async function decideCheck(
  acting: Checking,
  checkId: number,
  input: { decision: 'approve' | 'send_back'; body: string; note?: string | null }
): Promise<'approved' | 'edited' | 'sentBack'> {
  if (input.decision === 'send_back') {
    await sendBackCheck(acting, checkId, input.note ?? null)
    return 'sentBack'
  }
  const { check } = await approveCheck(acting, checkId, input)
  return check.edited ? 'edited' : 'approved'
}
