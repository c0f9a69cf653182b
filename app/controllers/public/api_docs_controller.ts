import type { HttpContext } from '@adonisjs/core/http'
import { apiDocsPage } from '#services/api/openapi_document'
import { siteOfRequest } from '#tenancy/request_site'

/** /api: the API's documentation for people, drawn from the same OpenAPI document. */
export default class ApiDocsController {
  async show(ctx: HttpContext) {
    return ctx.view.render('pages/public/api_docs', apiDocsPage(siteOfRequest(ctx)))
  }
}
