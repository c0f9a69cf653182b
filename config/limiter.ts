import app from '@adonisjs/core/services/app'
import env from '#start/env'
import { defineConfig, stores } from '@adonisjs/limiter'
import type { InferLimiters } from '@adonisjs/limiter/types'

/**
 * Counters live in PostgreSQL, so a deployment needs no other server and
 * every instance and web process counts against the same limits. Tests use
 * memory (cleared between tests) unless LIMITER_STORE says otherwise, as the
 * scale-out test's instances do.
 */
const limiterConfig = defineConfig({
  default: env.get('LIMITER_STORE') ?? (app.inTest ? 'memory' : 'database'),
  stores: {
    database: stores.database({ tableName: 'rate_limits' }),
    memory: stores.memory({}),
  },
})

export default limiterConfig

declare module '@adonisjs/limiter/types' {
  export interface LimitersList extends InferLimiters<typeof limiterConfig> {}
}
