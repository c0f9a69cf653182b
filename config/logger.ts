import { hostname } from 'node:os'
import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, targets } from '@adonisjs/core/logger'

/**
 * JSON lines in production (one object per line, with the request id);
 * pretty lines on a developer's terminal.
 */
const loggerConfig = defineConfig({
  default: 'app',
  loggers: {
    app: {
      enabled: true,
      name: 'carevoice',
      level: env.get('LOG_LEVEL') ?? (app.inTest ? 'silent' : 'info'),
      /* Every line says which regional deployment wrote it. */
      base: {
        pid: process.pid,
        hostname: hostname(),
        deployment: env.get('DEPLOYMENT_NAME')?.trim() || 'local',
        region: env.get('DEPLOYMENT_REGION')?.trim() || undefined,
        /* Which process of a production start wrote it: "web 2", "jobs 1" (bin/production_start.ts). */
        process: process.env.CAREVOICE_PROCESS || undefined,
      },
      /* No transport at all in tests: an empty one keeps a worker thread alive. */
      ...(app.inTest
        ? {}
        : {
            transport: {
              targets: targets()
                .pushIf(!app.inProduction, targets.pretty())
                .pushIf(app.inProduction, targets.file({ destination: 1 }))
                .toArray(),
            },
          }),
    },
  },
})

export default loggerConfig

declare module '@adonisjs/core/types' {
  export interface LoggersList extends InferLoggers<typeof loggerConfig> {}
}
