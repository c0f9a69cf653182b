import pg from 'pg'
import { BaseCheck, Result } from '@adonisjs/core/health'
import type { HealthCheckResult } from '@adonisjs/health/types'

/** Where and how to connect, as the pg driver takes it. */
export type ConnectionTarget = pg.ClientConfig

/**
 * Readiness of the database as a new request would meet it: opens a NEW
 * connection (not one from the pool) with a short timeout and runs a query.
 * A pool's old connections keep working while PostgreSQL refuses new ones
 * (a smart shutdown, a restart, too many connections), so only a fresh
 * connection tells whether the app can serve the next burst of traffic.
 *
 * Results are shared for `cacheMs` per target, and concurrent probes share
 * one attempt, so a busy load balancer costs one connection a second.
 */
export class FreshConnectionCheck extends BaseCheck {
  name = 'Database health check (new connection)'

  #latest: { key: string; result: Promise<HealthCheckResult>; until: number } | null = null

  constructor(
    protected target: () => ConnectionTarget,
    protected options: { timeoutMs: number; cacheMs: number } = { timeoutMs: 2000, cacheMs: 1000 }
  ) {
    super()
  }

  async run(): Promise<HealthCheckResult> {
    const target = this.target()
    const { host, port, database, user, connectionString } = target
    const key = JSON.stringify([host, port, database, user, connectionString])
    const latest = this.#latest
    if (latest && latest.key === key && Date.now() < latest.until) return latest.result

    const attempt = { key, result: this.probe(target), until: Number.POSITIVE_INFINITY }
    this.#latest = attempt
    attempt.result.finally(() => (attempt.until = Date.now() + this.options.cacheMs))
    return attempt.result
  }

  protected async probe(target: ConnectionTarget): Promise<HealthCheckResult> {
    const { timeoutMs } = this.options
    const client = new pg.Client({
      ...target,
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
    })
    /* A server that drops the connection later must not crash the process. */
    client.on('error', () => {})
    try {
      await client.connect()
      await client.query('select 1')
      return Result.ok('A new connection was opened and answered a query')
    } catch (error) {
      const { message, code } = error as { message?: string; code?: string }
      return Result.failed(
        `A new database connection failed: ${message || code || 'no answer'}`
      ).mergeMetaData({ code: code ?? null })
    } finally {
      await client.end().catch(() => {})
    }
  }
}
