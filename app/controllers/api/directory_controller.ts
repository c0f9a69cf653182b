import type { HttpContext } from '@adonisjs/core/http'
import {
  areaRecords,
  figuresRecord,
  serviceNamed,
  serviceOne,
  servicePage,
  tagRecords,
} from '#services/api/api_directory'
import { DomainError } from '#exceptions/domain_error'
import { siteOfRequest } from '#tenancy/request_site'
import { badParameter, cursorOf, limitOf, nextLink, sendRead } from '#controllers/api/api_http'

/** The tenant's directory (services, areas), its tags and its figures. */
export default class ApiDirectoryController {
  async services(ctx: HttpContext) {
    const after = cursorOf(ctx, 'services')
    if (after !== null && !/^\d{1,18}$/.test(after)) badParameter('cursor')
    const page = await servicePage(
      after === null ? null : Number(after),
      limitOf(ctx),
      siteOfRequest(ctx)
    )
    return sendRead(ctx, { data: page.services, next: nextLink(ctx, 'services', page.next) })
  }

  async service(ctx: HttpContext) {
    const service = await serviceNamed(String(ctx.params.ref).slice(0, 140))
    if (!service) throw new DomainError('api.errors.notFound', { status: 404 })
    return sendRead(ctx, { data: await serviceOne(service, siteOfRequest(ctx)) })
  }

  async areas(ctx: HttpContext) {
    return sendRead(ctx, { data: await areaRecords(), next: null })
  }

  async tags(ctx: HttpContext) {
    return sendRead(ctx, { data: await tagRecords(), next: null })
  }

  async figures(ctx: HttpContext) {
    return sendRead(ctx, { data: await figuresRecord(ctx.apiKey ?? null) })
  }
}
