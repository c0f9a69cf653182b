/**
 * What the staff search page shows, assembled in one place: a page of
 * results for the searcher's criteria, the notices about filters it could
 * not read, the next page's and the exports' links, the filters' choices
 * and the searcher's saved searches. Reads only.
 */
import { AUTHOR_ROLES } from '#models/story'
import StoryTag from '#models/story_tag'
import Area from '#models/area'
import { ALERT_MODES, REPORT_SCHEDULES } from '#models/saved_search'
import { PROGRESS_FILTERS } from '#services/reading/story_search'
import { savedSearchesOf } from '#services/searches/saved_searches'
import {
  RESPONDED_BY,
  criteriaProblems,
  noticeKey,
  serviceChoices,
  parseStaffCursor,
  staffCriteria,
  staffQueryString,
  staffSearchPage,
  type Searcher,
} from '#services/searches/staff_search'
import { EXPORT_FORMATS } from '#services/searches/story_export'

export async function staffSearchView(searcher: Searcher, query: Record<string, any>) {
  const criteria = staffCriteria(query)
  const page = await staffSearchPage(searcher, criteria, parseStaffCursor(query.after))
  const plain = staffQueryString(criteria)
  return {
    ...page,
    criteria,
    notices: [...new Set([...page.prepared.notices, ...criteriaProblems(query)])].map(noticeKey),
    filters: page.prepared.search.filters,
    query: plain,
    nextUrl: page.next ? `/staff/search?${staffQueryString(criteria, { after: page.next })}` : null,
    exports: EXPORT_FORMATS.map((format) => ({
      format,
      url: `/staff/search/export.${format}${plain ? `?${plain}` : ''}`,
    })),
    choices: {
      services: await serviceChoices(searcher.rights),
      areas: await Area.query().orderBy('name'),
      tags: await StoryTag.query().orderBy('question').orderBy('position'),
      progress: Object.keys(PROGRESS_FILTERS),
      roles: AUTHOR_ROLES,
      respondedBy: RESPONDED_BY,
      alertModes: ALERT_MODES,
      reportSchedules: REPORT_SCHEDULES,
    },
    saved: await savedSearchesOf(searcher.userId),
  }
}
