/**
 * Moderating a story: claim it, edit the public text, rate and publish or
 * reject it. Guarantees: only stories awaiting moderation are worked on; a
 * claim expires after 30 minutes and someone else's live claim is
 * respected; a save over a newer version is refused (optimistic locking);
 * every action is one transaction with its moderation event (who, what,
 * why, the changes) and an audit entry; the author is emailed after commit.
 * The original text is never changed.
 */
import { DateTime } from 'luxon'
import { DomainError } from '#exceptions/domain_error'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import ModerationEvent from '#models/moderation_event'
import Story, { STORY_STATUS } from '#models/story'
import StoryTag from '#models/story_tag'
import StoryTagLink from '#models/story_tag_link'
import StoryServiceLink from '#models/story_service_link'
import StoryReport from '#models/story_report'
import Service, { SERVICE_STATUS } from '#models/service'
import ModerationReason from '#models/moderation_reason'
import type User from '#models/user'
import { auditTenant } from '#services/platform/audit'
import { StoryPublishedMail, StoryRejectedMail } from '#mails/story_decision_mail'
import { AuthorQuestionMail } from '#mails/author_question_mail'
import { SafeguardingEscalationMail } from '#mails/safeguarding_escalation_mail'
import { storyPublishedJob } from '#jobs/story_published'
import { siteUrl, type Acting } from '#tenancy/site'
import { issueAuthorLink } from '#services/stories/story_authors'
import { scanForPii } from '#services/moderation/pii_scanner'
import { refreshListings } from '#services/stories/story_listings'
import { subtreeCondition } from '#services/directory/directory_tree'
import { scanForSafeguarding } from '#services/moderation/safeguarding_cues'
import { tenancy } from '#tenancy/context'
import { MODERATION_ACTION, type ModerationAction } from '#services/moderation/moderation_actions'

export const CLAIM_MINUTES = 30
/** How long before a claim ends its holder is warned, with a way to extend it (WCAG 2.2.1). */
export const CLAIM_WARNING_MINUTES = 5

/**
 * A refused moderation action: an i18n key and its values; times are given
 * as DateTime, shown in the tenant's time zone when rendered.
 */
export function moderationRefusal(key: string, values: Record<string, string | DateTime> = {}) {
  /* 409: the story's state (not the input) is what stands in the way. */
  return new DomainError(key, { values, status: 409 })
}

export type ModerationEdit = {
  version: number
  publicTitle: string
  publicBody: string
  criticality: number
  tags?: number[]
  services?: number[]
  /** On publishing: why the story was edited, shown to its author beside the word diff. */
  noteToAuthor?: string | null
}

/** Replaces the story's services with `serviceIds` (at least one; this tenant's, not merged away). */
async function setServices(story: Story, serviceIds: number[], trx: TransactionClientContract) {
  const wanted = [...new Set(serviceIds)].sort((a, b) => a - b)
  if (!wanted.length) throw moderationRefusal('moderation.errors.noService')
  const found = await Service.query({ client: trx })
    .whereIn('id', wanted)
    .whereNot('status', SERVICE_STATUS.merged)
  if (found.length !== wanted.length) throw moderationRefusal('moderation.errors.chooseServices')
  const current = await StoryServiceLink.query({ client: trx }).where('story_id', story.id)
  const before = current.map((link) => link.serviceId).sort((a, b) => a - b)
  if (before.join() === wanted.join()) return null
  await StoryServiceLink.query({ client: trx }).where('story_id', story.id).delete()
  for (const serviceId of wanted)
    await StoryServiceLink.create({ storyId: story.id, serviceId }, { client: trx })
  return { from: before, to: wanted }
}

/** Tags and services, when the edit names them; returns the recorded changes. */
async function setLinks(story: Story, edit: ModerationEdit, trx: TransactionClientContract) {
  const changes: Record<string, unknown> = {}
  const tags = edit.tags ? await setTags(story, edit.tags, trx) : null
  if (tags) changes.tags = tags
  const services = edit.services ? await setServices(story, edit.services, trx) : null
  if (services) changes.services = services
  return changes
}

/** Replaces the story's tags with `tagIds`, all of which must be this tenant's. */
async function setTags(story: Story, tagIds: number[], trx: TransactionClientContract) {
  const wanted = [...new Set(tagIds)]
  const tags = wanted.length ? await StoryTag.query({ client: trx }).whereIn('id', wanted) : []
  if (tags.length !== wanted.length) throw moderationRefusal('moderation.errors.chooseTags')
  const current = await StoryTagLink.query({ client: trx }).where('story_id', story.id)
  const before = current.map((link) => link.tagId).sort((a, b) => a - b)
  const after = wanted.sort((a, b) => a - b)
  if (before.join() === after.join()) return null
  await StoryTagLink.query({ client: trx }).where('story_id', story.id).delete()
  for (const tagId of after)
    await StoryTagLink.create({ storyId: story.id, tagId }, { client: trx })
  return { from: before, to: after }
}

export const QUEUE_FLAGS = ['reported', 'answered', 'personal_data', 'safeguarding'] as const
export type QueueFilters = {
  service?: Pick<Service, 'path'> | null
  areaId?: number | null
  flag?: (typeof QUEUE_FLAGS)[number] | null
}

/**
 * The queue: stories awaiting moderation, and published stories readers
 * have reported, oldest first, each with its flags. At most 200 rows; the
 * filters narrow it by service (with everything below it), area and flag.
 */
export async function moderationQueue(filters: QueueFilters = {}) {
  /*
   * Two index-driven queries rather than one OR: stories awaiting moderation
   * in confirmation order (tenant, status, confirmed_at), and published
   * stories with an open report (the partial index of open reports).
   */
  const base = () => {
    const query = Story.query()
      .select('stories.*')
      .select(
        db.raw(
          `(select count(*) from story_reports r where r.tenant_id = stories.tenant_id and r.story_id = stories.id and r.resolved_at is null)::int as open_reports`
        ),
        db.raw(
          `exists (select 1 from moderation_events e where e.tenant_id = stories.tenant_id and e.story_id = stories.id and e.action = '${MODERATION_ACTION.authorAnswered}') as answered`
        )
      )
      .preload('services')
      .preload('claimedBy')
      .orderBy('confirmed_at')
      .orderBy('id')
      .limit(200)
    if (filters.flag === 'answered') {
      query.whereRaw(
        `exists (select 1 from moderation_events e where e.tenant_id = stories.tenant_id and e.story_id = stories.id and e.action = '${MODERATION_ACTION.authorAnswered}')`
      )
    }
    if (filters.service || filters.areaId) {
      const conditions: string[] = []
      const bindings: (string | number)[] = []
      if (filters.service) {
        const [inSubtree, range] = subtreeCondition('s.path', filters.service.path)
        conditions.push(inSubtree)
        bindings.push(...range)
      }
      if (filters.areaId) {
        conditions.push('s.area_id = ?')
        bindings.push(filters.areaId)
      }
      query.whereRaw(
        `exists (select 1 from story_services ss join services s on s.tenant_id = ss.tenant_id and s.id = ss.service_id
                  where ss.tenant_id = stories.tenant_id and ss.story_id = stories.id and ${conditions.join(' and ')})`,
        bindings
      )
    }
    return query
  }
  const reportedIds = async () => {
    const open = await StoryReport.query()
      .select('story_id')
      .whereNull('resolved_at')
      .orderBy('created_at')
      .limit(1000)
    return [...new Set(open.map((report) => report.storyId))]
  }
  const awaiting =
    filters.flag === 'reported' ? [] : await base().where('status', STORY_STATUS.awaitingModeration)
  const ids = filters.flag === 'answered' ? [] : await reportedIds()
  const reported = ids.length ? await Story.publiclyVisible(base()).whereIn('id', ids) : []
  const stories = [...awaiting, ...reported]
    .sort(
      (a, b) => (a.confirmedAt?.toMillis() ?? 0) - (b.confirmedAt?.toMillis() ?? 0) || a.id - b.id
    )
    .slice(0, 200)
  const rows = stories.map((story) => ({
    story,
    openReports: Number(story.$extras.open_reports ?? 0),
    answered: Boolean(story.$extras.answered),
    personalData: scanForPii(story.publicBody ?? story.originalBody).length,
    safeguarding: scanForSafeguarding(story.originalBody).length,
  }))
  if (filters.flag === 'safeguarding') return rows.filter((row) => row.safeguarding > 0)
  return filters.flag === 'personal_data' ? rows.filter((row) => row.personalData > 0) : rows
}

/** Stories waiting, and the median time from confirmation to publication over 30 days. */
export async function moderationFigures() {
  const byStatus = await Story.query()
    .select('status')
    .count('* as total')
    .whereIn('status', [STORY_STATUS.awaitingModeration, STORY_STATUS.needsAuthorInput])
    .groupBy('status')
  const count = (status: string) =>
    Number(byStatus.find((row) => row.status === status)?.$extras.total ?? 0)
  const reported = await StoryReport.query()
    .whereNull('resolved_at')
    .countDistinct('story_id as total')
    .first()
  const median = await Story.publiclyVisible(Story.query())
    .select(
      db.raw(
        'percentile_cont(0.5) within group (order by extract(epoch from published_at - confirmed_at)) as seconds'
      )
    )
    .where('published_at', '>', DateTime.now().minus({ days: 30 }).toSQL()!)
    .pojo<{ seconds: number | null }>()
  const seconds = median[0]?.seconds
  return {
    waiting: count(STORY_STATUS.awaitingModeration),
    waitingForAuthors: count(STORY_STATUS.needsAuthorInput),
    reported: Number(reported?.$extras.total ?? 0),
    medianHours:
      seconds === null || seconds === undefined ? null : Math.round(Number(seconds) / 360) / 10,
  }
}

async function lockForWork(storyId: number, user: User | null, trx: TransactionClientContract) {
  const story = await Story.query({ client: trx }).where('id', storyId).forUpdate().firstOrFail()
  if (story.status !== STORY_STATUS.awaitingModeration)
    throw moderationRefusal('moderation.errors.notAwaiting')
  const heldByOther =
    story.claimedById &&
    story.claimedById !== user?.id &&
    story.claimedUntil &&
    story.claimedUntil > DateTime.now()
  if (heldByOther) {
    const holder = await story.related('claimedBy').query().useTransaction(trx).first()
    throw moderationRefusal('moderation.errors.heldByOther', {
      name: holder?.name ?? '',
      time: story.claimedUntil!,
    })
  }
  return story
}

async function record(
  story: Story,
  user: User | null,
  action: ModerationAction,
  trx: TransactionClientContract,
  extra: { reason?: string | null; changes?: Record<string, unknown> } = {}
) {
  await ModerationEvent.create(
    {
      storyId: story.id,
      actorId: user?.id ?? null,
      action,
      reason: extra.reason ?? null,
      changes: extra.changes ?? {},
    },
    { client: trx }
  )
  await auditTenant(
    { action: `story.${action}`, actor: user, subject: { type: 'story', id: story.id } },
    trx
  )
}

export async function claimStory(storyId: number, user: User) {
  return db.transaction(async (trx) => {
    const story = await lockForWork(storyId, user, trx)
    story.merge({
      claimedById: user.id,
      claimedUntil: DateTime.now().plus({ minutes: CLAIM_MINUTES }),
    })
    story.useTransaction(trx)
    await story.save()
    await record(story, user, MODERATION_ACTION.claimed, trx)
    return story
  })
}

function applyEdit(story: Story, edit: ModerationEdit) {
  if (edit.version !== story.version) {
    throw moderationRefusal('moderation.errors.staleVersion')
  }
  const changes: Record<string, unknown> = {}
  if (edit.publicTitle !== (story.publicTitle ?? story.title))
    changes.title = { from: story.publicTitle ?? story.title, to: edit.publicTitle }
  if (edit.publicBody !== (story.publicBody ?? story.originalBody)) {
    changes.body = { from: story.publicBody ?? story.originalBody, to: edit.publicBody }
  }
  if (edit.criticality !== story.criticality)
    changes.criticality = { from: story.criticality, to: edit.criticality }
  story.merge({
    publicTitle: edit.publicTitle,
    publicBody: edit.publicBody,
    criticality: edit.criticality,
    version: story.version + 1,
  })
  return changes
}

/**
 * A late correction: a moderator edits a published story (a name a reader
 * reported, a wrong service, a tag) without taking it down. The same
 * optimistic locking as before publication; recorded with what changed;
 * its listings follow its services and tags at once, and the staff and
 * subscribers of services it newly names are alerted. No claim is needed.
 */
export async function correctPublishedStory(storyId: number, edit: ModerationEdit, user: User) {
  return db.transaction(async (trx) => {
    const story = await Story.query({ client: trx }).where('id', storyId).forUpdate().firstOrFail()
    if (story.status !== STORY_STATUS.published)
      throw moderationRefusal('moderation.errors.onlyPublishedCorrected')
    const changes = { ...applyEdit(story, edit), ...(await setLinks(story, edit, trx)) }
    story.useTransaction(trx)
    await story.save()
    if (changes.services || changes.tags) await refreshListings([story.id], trx)
    await record(story, user, MODERATION_ACTION.corrected, trx, { changes })
    /*
     * Services added: alert their staff and subscribers. Deliveries are
     * unique per story and recipient, so those already told are not told again.
     */
    if (changes.services)
      await storyPublishedJob.enqueue(
        { storyId: story.id },
        {
          client: trx,
          dedupeKey: `story.published:${tenancy.require().id}:${story.id}:v${story.version}`,
        }
      )
    return story
  })
}

export async function saveModeration(storyId: number, edit: ModerationEdit, user: User) {
  return db.transaction(async (trx) => {
    const story = await lockForWork(storyId, user, trx)
    const changes = { ...applyEdit(story, edit), ...(await setLinks(story, edit, trx)) }
    /* Saving is working on the story: the saver holds it, so the page offers no stale "Claim". */
    story.merge({
      claimedById: user.id,
      claimedUntil: DateTime.now().plus({ minutes: CLAIM_MINUTES }),
    })
    story.useTransaction(trx)
    await story.save()
    await record(story, user, MODERATION_ACTION.edited, trx, { changes })
    return story
  })
}

/**
 * Publishes a story: by a moderator on the web, or by the system (a job,
 * a command) when `acting.actor` is null. The author's email, the staff
 * alerts and the subscribers' emails are the same either way.
 */
export async function publishStory(
  acting: Acting,
  storyId: number,
  edit: ModerationEdit,
  /** A job's transaction: the publication commits with the job (a savepoint inside it). */
  client?: TransactionClientContract
) {
  const user = acting.actor
  const transaction = client ? client.transaction.bind(client) : db.transaction.bind(db)
  const story = await transaction(async (trx) => {
    const locked = await lockForWork(storyId, user, trx)
    const changes = { ...applyEdit(locked, edit), ...(await setLinks(locked, edit, trx)) }
    locked.merge({
      status: STORY_STATUS.published,
      publishedAt: DateTime.now(),
      claimedById: null,
      claimedUntil: null,
    })
    locked.useTransaction(trx)
    await locked.save()
    await record(locked, user, MODERATION_ACTION.published, trx, {
      changes,
      reason: edit.noteToAuthor || null,
    })
    await refreshListings([locked.id], trx)
    /* Alerts and subscriber emails: a job that exists only if this commits. */
    await storyPublishedJob.enqueue(
      { storyId: locked.id },
      { client: trx, dedupeKey: `story.published:${tenancy.require().id}:${locked.id}` }
    )
    await tellAuthor(acting, locked, trx, 'published')
    return locked
  })
  return story
}

export type Rejection = { reasonId?: number | null; message: string }

/** Rejects with a reason from the tenant's policy list (when it has one) and a message to the author. */
export async function rejectStory(acting: Acting, storyId: number, rejection: Rejection) {
  const user = acting.actor
  let reason = ''
  const story = await db.transaction(async (trx) => {
    const locked = await lockForWork(storyId, user, trx)
    const policy = await ModerationReason.query({ client: trx }).orderBy('position')
    const chosen = policy.find((item) => item.id === rejection.reasonId)
    if (policy.length && !chosen) throw moderationRefusal('moderation.errors.chooseReason')
    reason = chosen?.label ?? ''
    locked.merge({
      status: STORY_STATUS.rejected,
      decidedAt: DateTime.now(),
      claimedById: null,
      claimedUntil: null,
      version: locked.version + 1,
    })
    locked.useTransaction(trx)
    await locked.save()
    await record(locked, user, MODERATION_ACTION.rejected, trx, {
      reason: reason || null,
      changes: { message: rejection.message },
    })
    const told = [reason, rejection.message].filter(Boolean).join('\n\n')
    await tellAuthor(acting, locked, trx, 'rejected', told)
    return locked
  })
  return story
}

/** Emails the author, queued in the transaction of the decision (so never lost, never early). */
async function tellAuthor(
  { tenant, site }: Acting,
  story: Story,
  trx: TransactionClientContract,
  outcome: 'published' | 'rejected',
  reason?: string
) {
  const Mail = outcome === 'published' ? StoryPublishedMail : StoryRejectedMail
  const decided = {
    title: story.publicTitle ?? story.title,
    storyUrl: siteUrl(site, `/stories/${story.id}`),
    ownUrl: await issueAuthorLink(site, story, trx),
  }
  await new Mail(tenant, story.authorEmail, site.locale, decided, reason ?? '').queue({
    client: trx,
  })
}

/** Asks the author a question; the story waits for them ("needs author input"). */
export async function askAuthor(acting: Acting, storyId: number, question: string) {
  const { actor: user, tenant, site } = acting
  const story = await db.transaction(async (trx) => {
    const locked = await lockForWork(storyId, user, trx)
    locked.merge({
      status: STORY_STATUS.needsAuthorInput,
      claimedById: null,
      claimedUntil: null,
      version: locked.version + 1,
    })
    locked.useTransaction(trx)
    await locked.save()
    await record(locked, user, MODERATION_ACTION.askedAuthor, trx, { reason: question })
    await new AuthorQuestionMail(tenant, locked.authorEmail, site.locale, {
      title: locked.title,
      question,
      ownUrl: await issueAuthorLink(site, locked, trx),
    }).queue({ client: trx })
    return locked
  })
  return story
}

/**
 * A safeguarding concern: never published, recorded, and the tenant's
 * safeguarding contact (or, if none is set, its contact address) told,
 * without the author's email.
 */
/**
 * Escalates a safeguarding concern from any state: waiting for a moderator
 * or for its author, rejected, hidden, withdrawn, or already published (it
 * then leaves every public page). A concern is never refused because the
 * story moved on or another moderator holds it; only a second escalation is.
 */
export async function escalateStory(acting: Acting, storyId: number, reason: string) {
  const { actor: user, tenant, site } = acting
  const story = await db.transaction(async (trx) => {
    const locked = await Story.query({ client: trx }).where('id', storyId).forUpdate().firstOrFail()
    if (locked.status === STORY_STATUS.escalated)
      throw moderationRefusal('moderation.errors.alreadyEscalated')
    const wasPublic = locked.status === STORY_STATUS.published
    locked.merge({
      status: STORY_STATUS.escalated,
      claimedById: null,
      claimedUntil: null,
      version: locked.version + 1,
    })
    locked.useTransaction(trx)
    await locked.save()
    if (wasPublic) await refreshListings([locked.id], trx)
    await record(locked, user, MODERATION_ACTION.escalated, trx, { reason })
    const contact = tenant.safeguardingContact
    if (contact) {
      await new SafeguardingEscalationMail(tenant, contact, site.locale, {
        reason,
        storyUrl: siteUrl(site, `/staff/moderation/${locked.id}`),
        moderator: user?.name ?? tenant.name,
      }).queue({ client: trx })
    }
    return locked
  })
  return story
}

/** Hides a published story: its page answers 410 and it leaves every list. */
export async function hideStory(storyId: number, reason: string, user: User) {
  return db.transaction(async (trx) => {
    const story = await Story.query({ client: trx }).where('id', storyId).forUpdate().firstOrFail()
    if (story.status !== STORY_STATUS.published)
      throw moderationRefusal('moderation.errors.onlyPublishedHidden')
    story.merge({ status: STORY_STATUS.hidden, version: story.version + 1 })
    story.useTransaction(trx)
    await story.save()
    await resolveReports(story, user, trx)
    await refreshListings([story.id], trx)
    await record(story, user, MODERATION_ACTION.hidden, trx, { reason })
    return story
  })
}

async function resolveReports(story: Story, user: User, trx: TransactionClientContract) {
  return StoryReport.query({ client: trx })
    .where('story_id', story.id)
    .whereNull('resolved_at')
    .update({ resolvedAt: DateTime.now().toSQL(), resolvedById: user.id })
}

/** A moderator read the readers' reports and keeps the story published. */
export async function dismissReports(storyId: number, reason: string, user: User) {
  return db.transaction(async (trx) => {
    const story = await Story.query({ client: trx }).where('id', storyId).forUpdate().firstOrFail()
    const resolved = await resolveReports(story, user, trx)
    if (!Number(resolved)) throw moderationRefusal('moderation.errors.noOpenReports')
    await record(story, user, MODERATION_ACTION.reportsDismissed, trx, { reason })
    return story
  })
}

/** A reader reports a published story; it is flagged to the moderators. */
export async function reportStory(
  storyId: number,
  report: { reason: StoryReport['reason']; message?: string | null }
) {
  return db.transaction(async (trx) => {
    const story = await Story.publiclyVisible(Story.query({ client: trx }))
      .where('id', storyId)
      .first()
    if (!story) return null
    await StoryReport.create(
      { storyId: story.id, reason: report.reason, message: report.message || null },
      { client: trx }
    )
    return story
  })
}
