import env from '#start/env'
import pg from 'pg'
import { defineConfig } from '@adonisjs/lucid'
import app from '@adonisjs/core/services/app'

/* Ids and counts are bigint; they stay far below 2^53, so read them as numbers. */
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10))

const dbConfig = defineConfig({
  connection: 'postgres',
  connections: {
    postgres: {
      client: 'pg',
      connection: {
        host: env.get('DB_HOST') ?? '127.0.0.1',
        port: env.get('DB_PORT') ?? 5432,
        user: env.get('DB_USER') ?? 'postgres',
        password: env.get('DB_PASSWORD'),
        database: env.get('DB_DATABASE') ?? 'carevoice',
      },
      pool: { min: 0, max: 10 },
      /* Tests count queries through the db:query event (tests/helpers/queries.ts). */
      debug: app.inTest,
      migrations: {
        naturalSort: true,
        paths: ['database/migrations'],
      },
      seeders: {
        paths: ['database/seeders'],
      },
    },
  },
})

export default dbConfig
