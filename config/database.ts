import env from '#start/env'
import pg from 'pg'
import { defineConfig } from '@adonisjs/lucid'
import app from '@adonisjs/core/services/app'
/* Every query sets PostgreSQL's tenant to the tenancy context's: loaded with the config, before any query. */
import '#tenancy/row_security'
import { withReadReplicas } from '#lib/read_replicas'

/* Ids and counts are bigint; they stay far below 2^53, so read them as numbers. */
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10))

/**
 * Two connections to one database, one per role:
 * - `postgres`, the app's own role (DB_USER): owns nothing, is no superuser,
 *   and row-level security applies to it. Requests, jobs and commands use it.
 * - `owner` (DB_OWNER_USER, falling back to DB_USER): owns the tables. Only
 *   migrations, seeding and maintenance commands use it (bin/console.ts makes
 *   it the default connection for them, through CAREVOICE_DB_ROLE=owner).
 *
 * With DB_READ_HOSTS, the app's connection also has read replicas, used for
 * public reads only (app/lib/read_replicas.ts); the owner never reads from one.
 */
function connectionAs(user: string | undefined, password: string | undefined) {
  return {
    client: 'pg' as const,
    connection: {
      host: env.get('DB_HOST') ?? '127.0.0.1',
      port: env.get('DB_PORT') ?? 5432,
      user: user ?? 'postgres',
      password,
      database: env.get('DB_DATABASE') ?? 'carevoice',
      /* A database that drops packets answers a quick 503, not a hung request. */
      connectionTimeoutMillis: 5_000,
    },
    pool: { min: 0, max: 10 },
    acquireConnectionTimeout: 10_000,
    /* Tests count queries through the db:query event (tests/helpers/queries.ts). */
    debug: app.inTest,
    migrations: {
      naturalSort: true,
      paths: ['database/migrations'],
    },
    seeders: {
      paths: ['database/seeders'],
    },
  }
}

const ownerUser = env.get('DB_OWNER_USER') ?? env.get('DB_USER')
const ownerPassword = env.get('DB_OWNER_USER')
  ? env.get('DB_OWNER_PASSWORD')
  : env.get('DB_PASSWORD')

const dbConfig = defineConfig({
  connection: process.env.CAREVOICE_DB_ROLE === 'owner' ? 'owner' : 'postgres',
  connections: {
    postgres: withReadReplicas(
      connectionAs(env.get('DB_USER'), env.get('DB_PASSWORD')),
      env.get('DB_READ_HOSTS')
    ),
    owner: { ...connectionAs(ownerUser, ownerPassword), debug: false },
  },
})

export default dbConfig
