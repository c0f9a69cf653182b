/**
 * Provider review for private providers (GP practices, care homes, home
 * care …, as the tenant marks its kinds of service). When a moderator
 * approves a story about one, it does not go public: it waits, in its own
 * status, for the tenant's review window. The provider's responders (the
 * one coverage rule, #services/responses/responder_coverage) are emailed
 * and may ask for a review once, with a reason; a request holds the story
 * until a moderator publishes it as it is, edits and publishes it, asks
 * the author or rejects it. Without a request the due job publishes it
 * through the same publishing operation a moderator uses.
 *
 * Guarantees: nothing here lets a provider quietly suppress a story —
 * every start, request and decision is a moderation event in the story's
 * history (the reason sealed with the story's key) and counted in the
 * tenant's figures; a provider asks at most once (one review row per
 * story); only responders covering one of the story's private-provider
 * services see it or ask, and others are answered "not found"; refusals
 * happen before anything is written; everything is in the caller's
 * transaction. This module must not import moderate_story.ts (which calls
 * it): the due job is enqueued by name.
 */
import { DateTime } from 'luxon'
import { errors as lucidErrors } from '@adonisjs/lucid'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { DomainError } from '#exceptions/domain_error'
import ModerationEvent from '#models/moderation_event'
import ProviderReview, { type ReviewOutcome } from '#models/provider_review'
import Service from '#models/service'
import Story, { STORY_STATUS } from '#models/story'
import type Tenant from '#models/tenant'
import type User from '#models/user'
import type { StaffRights } from '#services/accounts/staff_rights'
import { enqueue } from '#services/platform/job_queue'
import {
  ancestryIdsSql,
  coveringRespondersSql,
  coveringServiceIds,
} from '#services/responses/responder_coverage'
import { recipientLocale } from '#mails/app_mail'
import { ProviderReviewMail } from '#mails/provider_review_mail'
import { siteUrl, type Acting } from '#tenancy/site'
import { MODERATION_ACTION } from '#services/moderation/moderation_actions'
import { record } from '#services/moderation/moderation_work'

/** The job that publishes a story when its window is up (app/jobs/provider_review_due.ts). */
export const PROVIDER_REVIEW_DUE_JOB = 'stories.provider_review_due'
export const REVIEW_REASON_MAX = 1000
export const REVIEW_HOURS_RANGE = [1, 720] as const
export const DEFAULT_REVIEW_HOURS = 72

const HTML_TAG = /<\/?[a-z!][^>]*>/i

type WorkingHours = Pick<
  Tenant,
  'timeZone' | 'workingDayStarts' | 'workingDayEnds' | 'providerReviewHours'
>

function clock(value: string) {
  const [hour, minute] = value.split(':').map(Number)
  return { hour, minute, second: 0, millisecond: 0 }
}

/**
 * When a window opened at `at` starts: at once within working hours (Monday
 * to Friday, the tenant's time zone), else at the next working-hours start.
 * A tenant without working hours starts every window at once.
 */
export function windowStart(tenant: WorkingHours, at: DateTime) {
  if (!tenant.workingDayStarts || !tenant.workingDayEnds) return at
  const local = at.setZone(tenant.timeZone)
  for (let day = 0; day < 8; day++) {
    const date = local.plus({ days: day })
    if (date.weekday > 5) continue
    const opens = date.set(clock(tenant.workingDayStarts))
    const closes = date.set(clock(tenant.workingDayEnds))
    if (day === 0 && local >= opens && local < closes) return at
    if (opens > local) return opens.toUTC()
  }
  return at
}

/** The review window of a story approved at `at`. */
export function reviewWindow(tenant: WorkingHours, at: DateTime) {
  const startsAt = windowStart(tenant, at)
  /* A tenant model created in this process has no column defaults loaded: the table's default. */
  const hours = tenant.providerReviewHours ?? DEFAULT_REVIEW_HOURS
  return { startsAt, endsAt: startsAt.plus({ hours }) }
}

/** The story's services that are private providers in this tenant. */
async function privateServices(
  story: Story,
  tenant: Pick<Tenant, 'privateProviderKinds'>,
  client?: TransactionClientContract
) {
  if (!tenant.privateProviderKinds?.length) return []
  return Service.query({ client })
    .whereIn('kind', tenant.privateProviderKinds)
    .whereIn('id', db.from('story_services').select('service_id').where('story_id', story.id))
    .orderBy('name')
}

function formatTime(time: DateTime, tenant: Pick<Tenant, 'timeZone'>, locale: string) {
  return time.setZone(tenant.timeZone).setLocale(locale).toFormat('cccc d LLLL yyyy, HH:mm')
}

/** Emails the responders covering the story's private-provider services. */
async function tellProvider(
  { tenant, site }: Acting,
  story: Story,
  services: Service[],
  endsAt: DateTime,
  trx: TransactionClientContract
) {
  const ids = services.map((service) => service.id)
  const result = await trx.rawQuery(
    `with covered as (
       select distinct ${ancestryIdsSql('sv.path')} as service_id
         from services sv where sv.tenant_id = ? and sv.id = any(?)
     )
     select u.id, u.email, u.locale from users u
      where u.disabled_at is null and u.id in (${coveringRespondersSql('select service_id from covered')})
      order by u.id`,
    [tenant.id, ids, tenant.id]
  )
  for (const row of result.rows as { id: number; email: string; locale: string | null }[]) {
    const locale = recipientLocale(tenant, row.locale)
    await new ProviderReviewMail(tenant, row.email, locale, {
      title: story.publicTitle ?? story.title,
      services: services.map((service) => service.name).join(', '),
      endsAt: formatTime(endsAt, tenant, locale),
      reviewUrl: siteUrl(site, `/staff/provider-review/${story.id}`),
    }).queue({ client: trx, dedupeKey: `provider_review:${tenant.id}:${story.id}:${row.id}` })
  }
}

/** What publishing a story should do next, as decided by `beforePublishing`. */
export type PublishStep = { hold: true } | { hold: false; noteToAuthor: string | null }

/**
 * Called by the publishing operation (moderate_story.ts publishStory) in
 * its transaction, after the edit is applied and before the story goes
 * public:
 * - a story about a private provider approved for the first time starts
 *   its review and is held (saved here, in its review status);
 * - a story in review is published by a moderator deciding on a request,
 *   or by the system (the due job) when there is none; a moderator cannot
 *   publish it early when no request was made;
 * - anything else publishes as before.
 */
export async function beforePublishing(
  acting: Acting,
  story: Story,
  edit: { noteToAuthor?: string | null },
  changes: Record<string, unknown>,
  trx: TransactionClientContract
): Promise<PublishStep> {
  const note = edit.noteToAuthor || null
  const review = await ProviderReview.query({ client: trx })
    .where('story_id', story.id)
    .forUpdate()
    .first()
  if (story.status !== STORY_STATUS.inProviderReview) {
    if (review) return { hold: false, noteToAuthor: note }
    const services = await privateServices(story, acting.tenant, trx)
    if (!services.length) return { hold: false, noteToAuthor: note }
    await startReview(acting, story, services, changes, note, trx)
    return { hold: true }
  }
  if (!review) return { hold: false, noteToAuthor: note }
  const actor = acting.actor
  const edited = Boolean(changes.title || changes.body)
  if (review.requestOpen) {
    if (!actor) throw new DomainError('review.errors.requestOpen', { status: 409 })
    await decide(review, story, actor, edited ? 'edited' : 'published', trx)
  } else if (!review.decidedAt) {
    if (actor && DateTime.now() < review.windowEndsAt)
      throw new DomainError('review.errors.windowOpen', {
        status: 409,
        values: { time: formatTime(review.windowEndsAt, acting.tenant, acting.site.locale) },
      })
    review.merge({
      decidedAt: DateTime.now(),
      decidedById: actor?.id ?? null,
      outcome: 'published_unrequested',
    })
    await review.useTransaction(trx).save()
    await record(story, actor, MODERATION_ACTION.providerReviewEnded, trx)
  }
  return { hold: false, noteToAuthor: note ?? (await startingNote(story, trx)) }
}

/** The moderator's note to the author given on approval, kept for the publication. */
async function startingNote(story: Story, trx: TransactionClientContract) {
  const started = await ModerationEvent.query({ client: trx })
    .where('story_id', story.id)
    .where('action', MODERATION_ACTION.providerReviewStarted)
    .orderBy('id', 'desc')
    .first()
  return started?.reason || null
}

async function startReview(
  acting: Acting,
  story: Story,
  services: Service[],
  changes: Record<string, unknown>,
  note: string | null,
  trx: TransactionClientContract
) {
  const { startsAt, endsAt } = reviewWindow(acting.tenant, DateTime.now())
  story.merge({ status: STORY_STATUS.inProviderReview, claimedById: null, claimedUntil: null })
  await story.useTransaction(trx).save()
  await ProviderReview.create(
    {
      storyId: story.id,
      approvedById: acting.actor?.id ?? null,
      windowStartsAt: startsAt,
      windowEndsAt: endsAt,
    },
    { client: trx }
  )
  await record(story, acting.actor, MODERATION_ACTION.providerReviewStarted, trx, {
    reason: note,
    changes: {
      ...changes,
      window: { startsAt: startsAt.toUTC().toISO(), endsAt: endsAt.toUTC().toISO() },
    },
  })
  /* The timer: the job runs when the window is up (and finds out then whether to publish). */
  await enqueue(
    PROVIDER_REVIEW_DUE_JOB,
    { storyId: story.id },
    {
      client: trx,
      runAt: endsAt,
      dedupeKey: `provider_review_due:${acting.tenant.id}:${story.id}`,
    }
  )
  await tellProvider(acting, story, services, endsAt, trx)
}

async function decide(
  review: ProviderReview,
  story: Story,
  actor: User | null,
  outcome: ReviewOutcome,
  trx: TransactionClientContract
) {
  const requested = review.requestOpen
  review.merge({ decidedAt: DateTime.now(), decidedById: actor?.id ?? null, outcome })
  await review.useTransaction(trx).save()
  if (requested) {
    /* Published unchanged: the request was declined; any change upholds it. */
    const action =
      outcome === 'published'
        ? MODERATION_ACTION.providerReviewDeclined
        : MODERATION_ACTION.providerReviewUpheld
    await record(story, actor, action, trx, { changes: { outcome } })
  }
}

/**
 * A moderator's other decisions on a story in review (reject, ask the
 * author): called by those operations in their transaction. A story that
 * is not in review is left alone.
 */
export async function afterReviewDecision(
  story: Story,
  wasInReview: boolean,
  actor: User | null,
  outcome: Extract<ReviewOutcome, 'rejected' | 'asked_author'>,
  trx: TransactionClientContract
) {
  if (!wasInReview) return
  const review = await ProviderReview.query({ client: trx })
    .where('story_id', story.id)
    .forUpdate()
    .first()
  if (review && !review.decidedAt) await decide(review, story, actor, outcome, trx)
}

/** The reason's own rules, checked before anything is written (any caller, not only forms). */
function checkedReason(reason: string) {
  const text = reason.trim()
  if (!text) throw new DomainError('review.errors.reasonRequired', { field: 'reason' })
  if (text.length > REVIEW_REASON_MAX)
    throw new DomainError('review.errors.reasonTooLong', {
      field: 'reason',
      values: { max: REVIEW_REASON_MAX },
    })
  if (HTML_TAG.test(text)) throw new DomainError('review.errors.reasonHtml', { field: 'reason' })
  return text
}

/**
 * The story in review and the review, if `rights` cover one of its
 * private-provider services; "not found" otherwise (so another service's
 * or tenant's staff learn nothing).
 */
async function coveredStory(
  storyId: number,
  tenant: Tenant,
  rights: StaffRights,
  client?: TransactionClientContract
) {
  const story = await Story.query({ client })
    .where('id', storyId)
    .where('status', STORY_STATUS.inProviderReview)
    .if(client, (query) => query.forUpdate())
    .first()
  const services = story ? await privateServices(story, tenant, client) : []
  const own = coveringServiceIds(
    rights,
    services.map((service) => service.ancestry)
  )
  if (!story || !own.length) throw new lucidErrors.E_ROW_NOT_FOUND(Story)
  const review = await ProviderReview.query({ client })
    .where('story_id', story.id)
    .if(client, (query) => query.forUpdate())
    .firstOrFail()
  return { story, services, review }
}

/** A provider's responder asks for a review, once, with a reason; the story is held. */
export async function requestReview(
  acting: Acting & { actor: User },
  storyId: number,
  reason: string,
  rights: StaffRights
) {
  const text = checkedReason(reason)
  return db.transaction(async (trx) => {
    const { story, review } = await coveredStory(storyId, acting.tenant, rights, trx)
    if (review.requestedAt)
      throw new DomainError('review.errors.alreadyRequested', { status: 409, field: 'reason' })
    if (review.decidedAt || DateTime.now() >= review.windowEndsAt)
      throw new DomainError('review.errors.windowClosed', { status: 409, field: 'reason' })
    review.merge({ requestedAt: DateTime.now(), requestedById: acting.actor.id })
    await review.useTransaction(trx).save()
    await record(story, acting.actor, MODERATION_ACTION.providerReviewRequested, trx, {
      reason: text,
    })
    return { story, review }
  })
}

/** What a provider's responder sees of a story in review: the text to be published and the window. */
export async function providerReviewPage(storyId: number, tenant: Tenant, rights: StaffRights) {
  const { story, services, review } = await coveredStory(storyId, tenant, rights)
  return { story, services, review, ...(await requestOf(review)) }
}

/** The request's reason and who made it (from its moderation event). */
async function requestOf(review: ProviderReview) {
  if (!review.requestedAt) return { requestReason: null, requestedBy: null }
  const event = await ModerationEvent.query()
    .where('story_id', review.storyId)
    .where('action', MODERATION_ACTION.providerReviewRequested)
    .preload('actor')
    .orderBy('id', 'desc')
    .first()
  return { requestReason: event?.reason ?? null, requestedBy: event?.actor?.name ?? null }
}

/** Stories in review about services `rights` cover, soonest window end first. */
export async function providerReviewList(tenant: Tenant, rights: StaffRights) {
  if (!rights.has('responder') || !tenant.privateProviderKinds.length) return []
  const stories = await Story.query()
    .where('status', STORY_STATUS.inProviderReview)
    .preload('services')
    .orderBy('id')
    .limit(500)
  const covered = stories.filter(
    (story) =>
      coveringServiceIds(
        rights,
        story.services
          .filter((service) => tenant.privateProviderKinds.includes(service.kind))
          .map((service) => service.ancestry)
      ).length > 0
  )
  if (!covered.length) return []
  const reviews = await ProviderReview.query().whereIn(
    'story_id',
    covered.map((story) => story.id)
  )
  return covered
    .map((story) => ({ story, review: reviews.find((review) => review.storyId === story.id)! }))
    .filter((row) => row.review)
    .sort((a, b) => a.review.windowEndsAt.toMillis() - b.review.windowEndsAt.toMillis())
}

/** The moderation page's panel: the window, the request (if any) and whether publishing is open. */
export async function moderationReviewPanel(storyId: number) {
  const review = await ProviderReview.query().where('story_id', storyId).first()
  if (!review) return null
  return {
    review,
    ...(await requestOf(review)),
    /* A moderator publishes a story in review only to decide on a request (or once it is over). */
    canPublish:
      Boolean(review.decidedAt) || review.requestOpen || DateTime.now() >= review.windowEndsAt,
  }
}

/** The queue's list: requests waiting for a moderator's decision, oldest first. */
export async function openReviewRequests() {
  const reviews = await ProviderReview.query()
    .whereNotNull('requested_at')
    .whereNull('decided_at')
    .whereIn(
      'story_id',
      db.from('stories').select('id').where('status', STORY_STATUS.inProviderReview)
    )
    .orderBy('requested_at')
    .limit(200)
  const stories = reviews.length
    ? await Story.query()
        .whereIn(
          'id',
          reviews.map((review) => review.storyId)
        )
        .preload('services')
    : []
  return reviews.map((review) => ({
    review,
    story: stories.find((story) => story.id === review.storyId)!,
  }))
}

/**
 * The tenant's provider review figures: stories in review now, requests
 * made, waiting, upheld (the story was changed, sent back to its author or
 * rejected) and declined (published as it was).
 */
export async function providerReviewFigures() {
  const rows = await ProviderReview.query()
    .select(
      db.raw(
        `count(*) filter (where decided_at is null and story_id in (select s.id from stories s where s.tenant_id = provider_reviews.tenant_id and s.status = ?))::int as in_review`,
        [STORY_STATUS.inProviderReview]
      ),
      db.raw(`count(requested_at)::int as requested`),
      db.raw(
        `count(*) filter (where requested_at is not null and decided_at is null and story_id in (select s.id from stories s where s.tenant_id = provider_reviews.tenant_id and s.status = ?))::int as waiting`,
        [STORY_STATUS.inProviderReview]
      ),
      db.raw(
        `count(*) filter (where requested_at is not null and outcome in ('edited', 'asked_author', 'rejected'))::int as upheld`
      ),
      db.raw(
        `count(*) filter (where requested_at is not null and outcome = 'published')::int as declined`
      )
    )
    .pojo<{
      in_review: number
      requested: number
      waiting: number
      upheld: number
      declined: number
    }>()
  const row = rows[0]
  return {
    inReview: Number(row?.in_review ?? 0),
    requested: Number(row?.requested ?? 0),
    waiting: Number(row?.waiting ?? 0),
    upheld: Number(row?.upheld ?? 0),
    declined: Number(row?.declined ?? 0),
  }
}

/**
 * The due job's question, in its transaction: publish now, wait for a
 * moderator's claim to lapse (then try again), or nothing to do (a request
 * holds it, or it already left review).
 */
export async function dueForPublication(
  storyId: number,
  client: TransactionClientContract
): Promise<{ publish: boolean; retryAt?: DateTime }> {
  const story = await Story.query({ client }).where('id', storyId).forUpdate().first()
  if (!story || story.status !== STORY_STATUS.inProviderReview) return { publish: false }
  const review = await ProviderReview.query({ client }).where('story_id', story.id).first()
  if (!review || review.requestedAt || review.decidedAt) return { publish: false }
  if (story.claimedById && story.claimedUntil && story.claimedUntil > DateTime.now())
    return { publish: false, retryAt: story.claimedUntil }
  return { publish: true }
}
