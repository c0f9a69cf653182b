import { PassThrough } from 'node:stream'
import type { HttpContext } from '@adonisjs/core/http'
import { AUTHOR_ROLES } from '#models/story'
import StoryTag from '#models/story_tag'
import Area from '#models/area'
import { ALERT_MODES, REPORT_SCHEDULES } from '#models/saved_search'
import { StaffRights } from '#services/accounts/staff_rights'
import { PROGRESS_FILTERS } from '#services/reading/story_search'
import { savedSearchesOf } from '#services/searches/saved_searches'
import {
  RESPONDED_BY,
  criteriaProblems,
  noticeKey,
  serviceChoices,
  parseStaffCursor,
  prepareStaffSearch,
  staffCriteria,
  staffQueryString,
  staffSearchPage,
  type Searcher,
} from '#services/searches/staff_search'
import {
  EXPORT_CONTENT_TYPES,
  EXPORT_FORMATS,
  writeCsv,
  writeXlsx,
  type ExportFormat,
} from '#services/searches/story_export'
import { siteOfRequest } from '#tenancy/request_site'

/** The staff story search, its exports (streamed), and the form that saves it. */
export default class StaffSearchController {
  async index(ctx: HttpContext) {
    await ctx.bouncer.authorize('readInbox')
    const query = ctx.request.qs()
    const criteria = staffCriteria(query)
    const searcher = searcherOf(ctx)
    const page = await staffSearchPage(searcher, criteria, parseStaffCursor(query.after))
    const plain = staffQueryString(criteria)
    return ctx.view.render('pages/staff/search/index', {
      ...page,
      criteria,
      notices: [...new Set([...page.prepared.notices, ...criteriaProblems(query)])].map(noticeKey),
      filters: page.prepared.search.filters,
      query: plain,
      nextUrl: page.next
        ? `/staff/search?${staffQueryString(criteria, { after: page.next })}`
        : null,
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
    })
  }

  exportCsv(ctx: HttpContext) {
    return this.export(ctx, 'csv')
  }

  exportXlsx(ctx: HttpContext) {
    return this.export(ctx, 'xlsx')
  }

  /** The whole search as CSV or XLSX, streamed as it is read. */
  private async export(ctx: HttpContext, format: ExportFormat) {
    await ctx.bouncer.authorize('readInbox')
    const prepared = await prepareStaffSearch(searcherOf(ctx), staffCriteria(ctx.request.qs()))
    const body = new PassThrough()
    const write = format === 'csv' ? writeCsv : writeXlsx
    write(prepared, siteOfRequest(ctx), body).catch((error) => body.destroy(error))
    ctx.response.header('Content-Type', EXPORT_CONTENT_TYPES[format])
    ctx.response.header('Content-Disposition', `attachment; filename="stories.${format}"`)
    ctx.response.header('Cache-Control', 'no-store')
    return ctx.response.stream(body)
  }
}

export function searcherOf(ctx: HttpContext): Searcher {
  return { userId: ctx.auth.user!.id, rights: ctx.auth.user!.rights ?? StaffRights.none() }
}
