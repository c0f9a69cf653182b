import { errors } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'

export default class NotFoundController {
  handle({ request }: HttpContext) {
    throw new errors.E_ROUTE_NOT_FOUND([request.method(), request.url()])
  }
}
