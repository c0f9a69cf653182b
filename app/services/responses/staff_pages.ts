/**
 * What the responders' pages show, assembled in one place: the inbox page
 * (its stories, the filters' choices and the next page's query) and a story
 * as staff see it (published only; its responses and the services this
 * member of staff may answer for). Reads only; opening a story as staff
 * counts as reading it (#services/stories/story_progress).
 */
import Story from '#models/story'
import StoryTag from '#models/story_tag'
import type User from '#models/user'
import type { StaffRights } from '#services/accounts/staff_rights'
import { INBOX_PROGRESS, inboxPage, type InboxFilters } from '#services/responses/staff_inbox'
import { publicResponses, respondableServices } from '#services/responses/respond'
import { recordStaffView } from '#services/stories/story_progress'
import { ownChecks } from '#services/responses/response_checks'
import { paragraphs } from '#lib/paragraphs'

/** The inbox page; `filters` null (a filter that makes no sense) shows no stories. */
export async function inboxView(rights: StaffRights, filters: InboxFilters | null) {
  const page = filters
    ? await inboxPage(rights, filters)
    : { stories: [], serviceNames: new Map<number, string[]>(), next: null, unknownService: false }
  return {
    ...page,
    items: page.stories.map((story) => ({
      story,
      services: (page.serviceNames.get(story.id) ?? []).join(', '),
    })),
    chosen: filters ?? {},
    progressStates: INBOX_PROGRESS,
    tags: await StoryTag.query().orderBy('question').orderBy('position'),
    nextQuery: page.next
      ? new URLSearchParams({ ...plain(filters ?? {}), after: page.next }).toString()
      : null,
  }
}

/** The filters as a query string's values, without the cursor. */
function plain(filters: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(filters)
      .filter(([key, value]) => key !== 'after' && value !== undefined && value !== null)
      .map(([key, value]) => [key, String(value)])
  )
}

/**
 * A published story as staff see it, with the viewer's own responses still
 * waiting for a check; the viewer is counted as having read it when `countAsRead`.
 */
export async function staffStoryView(
  storyId: number,
  rights: StaffRights,
  viewer: User,
  countAsRead = false
) {
  const story = await Story.publiclyVisible(Story.query())
    .where('id', storyId)
    .preload('services')
    .preload('tags')
    .firstOrFail()
  if (countAsRead) {
    await recordStaffView(story, viewer)
    await story.refresh()
  }
  return {
    story,
    paragraphs: paragraphs(story.publicBody),
    responses: await publicResponses(story.id),
    services: await respondableServices(story, rights),
    ownChecks: await ownChecks(story.id, viewer),
    needsJobTitle: !viewer.jobTitle?.trim(),
  }
}
