import { healthChecks } from '#start/health'
import { RETRY_AFTER_SECONDS } from '#exceptions/handler'
import type { HttpContext } from '@adonisjs/core/http'
import { deployment } from '#lib/deployment'

export default class HealthController {
  /** Alive: the process answers. */
  live({ response }: HttpContext) {
    return response.ok({ status: 'ok' })
  }

  /** Ready: every check passes, a new database connection first of all. */
  async ready({ response }: HttpContext) {
    const report = { ...(await healthChecks.run()), deployment: deployment() }
    if (report.isHealthy) return response.ok(report)
    response.header('retry-after', String(RETRY_AFTER_SECONDS))
    return response.serviceUnavailable(report)
  }
}
