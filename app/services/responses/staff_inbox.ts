/**
 * The staff inbox: published stories about the services a responder covers
 * (every published story for moderators and tenant admins), filtered by
 * progress, service, tag and criticality, oldest or newest first, by
 * cursor. One query for the page plus one for its services' names: no N+1.
 */
import Service from '#models/service'
import Story from '#models/story'
import type { StaffRights } from '#services/accounts/staff_rights'
import { PROGRESS_STATES } from '#services/stories/story_progress'
import { findServiceByReference } from '#services/directory/service_lookup'
import { inboxServiceIds } from '#services/responses/responder_coverage'
import { serviceNamesOf } from '#services/directory/service_names'

export const INBOX_PAGE = 50
export const INBOX_PROGRESS = ['no_response', ...PROGRESS_STATES] as const

export type InboxFilters = {
  progress?: string
  service?: string
  tag?: number
  criticality?: number
  order?: 'oldest' | 'newest'
  after?: string
}

function parseAfter(raw: string | undefined) {
  const [at, id] = (raw ?? '').split('|')
  if (!at || !/^\d+$/.test(id ?? '') || Number.isNaN(Date.parse(at))) return null
  return { at, id: Number(id) }
}

/** The services whose subtrees the inbox covers: null means every service (moderators and admins). */
async function scopeServices(rights: StaffRights) {
  const ids = inboxServiceIds(rights)
  if (ids === null) return null
  if (!ids.length) return []
  return Service.query().whereIn('id', [...ids])
}

function emptyPage(unknownService: boolean) {
  return {
    stories: [] as Story[],
    serviceNames: new Map<number, string[]>(),
    next: null,
    unknownService,
  }
}

export async function inboxPage(rights: StaffRights, filters: InboxFilters) {
  const scope = await scopeServices(rights)
  if (scope && !scope.length) return emptyPage(false)
  /* Only what a card shows: a page of 50 stories with their texts hydrated was most of its time. */
  const query = Story.publiclyVisible(Story.query()).select(
    'stories.id',
    'stories.tenant_id',
    'stories.public_title',
    'stories.published_at',
    'stories.criticality',
    'stories.progress',
    'stories.staff_views'
  )
  /* Listed under one of these services: they or a service below them (story_listings). */
  const listedUnder = (serviceIds: number[]) =>
    query.whereRaw(
      `exists (select 1 from story_listings l where l.tenant_id = stories.tenant_id and l.story_id = stories.id
                and l.kind = 'service' and l.target_id = any(?))`,
      [serviceIds]
    )
  if (scope) listedUnder(scope.map((service) => service.id))
  let unknownService = false
  if (filters.service) {
    const service = await findServiceByReference(filters.service)
    const inScope = service && (!scope || scope.some((own) => service.path.startsWith(own.path)))
    if (!service || !inScope) {
      unknownService = true
      return emptyPage(true)
    }
    listedUnder([service.id])
  }
  if (filters.progress === 'no_response') query.whereIn('progress', ['not_read', 'read'])
  else if ((PROGRESS_STATES as readonly string[]).includes(filters.progress ?? ''))
    query.where('progress', filters.progress!)
  if (filters.tag)
    query.whereRaw(
      'exists (select 1 from story_tag_links tl where tl.tenant_id = stories.tenant_id and tl.story_id = stories.id and tl.tag_id = ?)',
      [filters.tag]
    )
  if (filters.criticality) query.where('criticality', '>=', filters.criticality)
  const oldest = filters.order === 'oldest'
  const direction = oldest ? 'asc' : 'desc'
  const after = parseAfter(filters.after)
  if (after)
    query.whereRaw(`(stories.published_at, stories.id) ${oldest ? '>' : '<'} (?, ?)`, [
      after.at,
      after.id,
    ])
  const rows = await query
    .orderBy('published_at', direction)
    .orderBy('id', direction)
    .limit(INBOX_PAGE + 1)
  const stories = rows.slice(0, INBOX_PAGE)
  const last = stories.at(-1)
  return {
    stories,
    serviceNames: await serviceNamesOf(stories.map((story) => story.id)),
    next:
      rows.length > INBOX_PAGE && last ? `${last.publishedAt!.toUTC().toISO()}|${last.id}` : null,
    unknownService,
  }
}
