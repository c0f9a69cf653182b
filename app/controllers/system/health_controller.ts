import { healthChecks } from '#start/health'
import type { HttpContext } from '@adonisjs/core/http'
import { deployment } from '#lib/deployment'

export default class HealthController {
  /** Alive: the process answers. */
  live({ response }: HttpContext) {
    return response.ok({ status: 'ok' })
  }

  /** Ready: every check passes, the database first of all. */
  async ready({ response }: HttpContext) {
    const report = { ...(await healthChecks.run()), deployment: deployment() }
    return report.isHealthy ? response.ok(report) : response.serviceUnavailable(report)
  }
}
