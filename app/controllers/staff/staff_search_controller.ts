import { PassThrough } from 'node:stream'
import type { HttpContext } from '@adonisjs/core/http'
import { StaffRights } from '#services/accounts/staff_rights'
import { prepareStaffSearch, staffCriteria, type Searcher } from '#services/searches/staff_search'
import {
  EXPORT_CONTENT_TYPES,
  writeCsv,
  writeXlsx,
  type ExportFormat,
} from '#services/searches/story_export'
import { siteOfRequest } from '#tenancy/request_site'
import { staffSearchView } from '#services/searches/staff_search_page'

/** The staff story search, its exports (streamed), and the form that saves it. */
export default class StaffSearchController {
  async index(ctx: HttpContext) {
    await ctx.bouncer.authorize('readInbox')
    const page = await staffSearchView(searcherOf(ctx), ctx.request.qs())
    return ctx.view.render('pages/staff/search/index', page)
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
