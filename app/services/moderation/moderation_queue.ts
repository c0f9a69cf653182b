/**
 * The moderators' queue and its figures: stories awaiting moderation and
 * published stories readers reported, each with its flags. Reads only.
 */
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import Story, { STORY_STATUS } from '#models/story'
import StoryReport from '#models/story_report'
import type Service from '#models/service'
import { scanForPii } from '#services/moderation/pii_scanner'
import { subtreeCondition } from '#services/directory/directory_tree'
import { scanForSafeguarding } from '#services/moderation/safeguarding_cues'
import { MODERATION_ACTION } from '#services/moderation/moderation_actions'
import { tenancy } from '#tenancy/context'
import { serviceNamesOf } from '#services/directory/service_names'

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
    /* What a row shows, not the texts: those are read only for stories not scanned yet (textFlagsOf). */
    const query = Story.query()
      .select(
        'stories.id',
        'stories.tenant_id',
        'stories.title',
        'stories.status',
        'stories.confirmed_at',
        'stories.author_role',
        'stories.submission_route',
        'stories.version',
        'stories.updated_at',
        'stories.claimed_by_id',
        'stories.claimed_until'
      )
      .select(
        db.raw(
          `(select count(*) from story_reports r where r.tenant_id = stories.tenant_id and r.story_id = stories.id and r.resolved_at is null)::int as open_reports`
        ),
        db.raw(
          `exists (select 1 from moderation_events e where e.tenant_id = stories.tenant_id and e.story_id = stories.id and e.action = '${MODERATION_ACTION.authorAnswered}') as answered`
        )
      )
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
  const names = await serviceNamesOf(stories.map((story) => story.id))
  const flags = await textFlagsOf(stories)
  const rows = stories.map((story) => ({
    story,
    serviceNames: names.get(story.id) ?? [],
    openReports: Number(story.$extras.open_reports ?? 0),
    answered: Boolean(story.$extras.answered),
    ...(flags.get(story.id) ?? { personalData: 0, safeguarding: 0 }),
  }))
  if (filters.flag === 'safeguarding') return rows.filter((row) => row.safeguarding > 0)
  return filters.flag === 'personal_data' ? rows.filter((row) => row.personalData > 0) : rows
}

/*
 * The scans of a story's text, kept by story and version: the queue shows
 * up to 200 stories of up to 1,500 words, and scanning them all again on
 * every view of the queue took most of its time. A story whose text changes
 * has a new version, so it is scanned again.
 */
const MAX_SCANNED = 5_000
type TextFlags = { personalData: number; safeguarding: number }
const scanned = new Map<string, TextFlags>()
const scanKey = (story: { tenantId: number; id: number; version: number; updatedAt?: DateTime }) =>
  `${story.tenantId}:${story.id}:${story.version}:${story.updatedAt?.toMillis() ?? 0}`

/**
 * Each story's flags, from the scans kept or, for stories not scanned at
 * this version, from their texts read in one query (made even when every
 * story is known, so a page costs the same queries however many are new).
 */
async function textFlagsOf(stories: Story[]) {
  const flags = new Map<number, TextFlags>()
  const missing: Story[] = []
  for (const story of stories) {
    const known = scanned.get(scanKey(story))
    if (known) flags.set(story.id, known)
    else missing.push(story)
  }
  const { rows } = await db.rawQuery<{
    rows: { id: number; public_body: string | null; original_body: string }[]
  }>('select id, public_body, original_body from stories where tenant_id = ? and id = any(?)', [
    tenancy.require().id,
    missing.map((story) => story.id),
  ])
  const texts = new Map(rows.map((row) => [Number(row.id), row]))
  for (const story of missing) {
    const text = texts.get(story.id)
    if (!text) continue
    const found = {
      personalData: scanForPii(text.public_body ?? text.original_body).length,
      safeguarding: scanForSafeguarding(text.original_body).length,
    }
    flags.set(story.id, found)
    scanned.set(scanKey(story), found)
    if (scanned.size > MAX_SCANNED) scanned.delete(scanned.keys().next().value!)
  }
  return flags
}

/*
 * The median time to publication over 30 days moves slowly and costs a scan
 * of a month of stories (about 20 ms at a million): kept per tenant for
 * five minutes. The counts of stories waiting are read on every view.
 */
const MEDIAN_KEPT_MS = 5 * 60_000
const medians = new Map<number, { at: number; seconds: number | null }>()
async function medianSecondsToPublish(tenantId: number) {
  const kept = medians.get(tenantId)
  if (kept && Date.now() - kept.at < MEDIAN_KEPT_MS) return kept.seconds
  const median = await Story.publiclyVisible(Story.query())
    .select(
      db.raw(
        'percentile_cont(0.5) within group (order by extract(epoch from published_at - confirmed_at)) as seconds'
      )
    )
    .where('published_at', '>', DateTime.now().minus({ days: 30 }).toSQL()!)
    .pojo<{ seconds: number | null }>()
  const raw = median[0]?.seconds
  const seconds = raw === null || raw === undefined ? null : Number(raw)
  medians.set(tenantId, { at: Date.now(), seconds })
  return seconds
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
  const seconds = await medianSecondsToPublish(tenancy.require().id)
  return {
    waiting: count(STORY_STATUS.awaitingModeration),
    waitingForAuthors: count(STORY_STATUS.needsAuthorInput),
    reported: Number(reported?.$extras.total ?? 0),
    medianHours: seconds === null ? null : Math.round(seconds / 360) / 10,
  }
}
