import type { HttpContext } from '@adonisjs/core/http'
import { DomainError } from '#exceptions/domain_error'
import { openApiDocument } from '#services/api/openapi_document'
import { siteOfRequest } from '#tenancy/request_site'
import { sendRead } from '#controllers/api/api_http'

/** The OpenAPI document of /api/v1, and the answer to any path it does not have. */
export default class ApiDocumentsController {
  async openapi(ctx: HttpContext) {
    return sendRead(ctx, openApiDocument(siteOfRequest(ctx), ctx.tenant!.name))
  }

  async notFound() {
    throw new DomainError('api.errors.notFound', { status: 404 })
  }
}
