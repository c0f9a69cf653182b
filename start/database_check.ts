/*
 * The web server refuses to start against an unreachable database: one line
 * naming the settings, instead of a server that fails every request. A
 * plain client is used so the pool logs nothing of its own.
 */
import pg from 'pg'
import db from '@adonisjs/lucid/services/db'

export async function assertDatabaseReachable() {
  const settings = db.getRawConnection(db.primaryConnectionName)?.config
    .connection as pg.ClientConfig
  const client = new pg.Client({ ...settings, connectionTimeoutMillis: 5000 })
  try {
    await client.connect()
    await client.query('select 1')
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    process.stderr.write(
      `Carevoice could not start: cannot reach PostgreSQL at DB_HOST/DB_PORT ${settings?.host}:${settings?.port} (DB_DATABASE "${settings?.database}"): ${reason}\n`
    )
    process.exit(1)
  } finally {
    await client.end().catch(() => {})
  }
}
