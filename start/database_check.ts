/*
 * The web server refuses to start against an unreachable database: one line
 * naming the settings, instead of a server that fails every request.
 */
import db from '@adonisjs/lucid/services/db'

export async function assertDatabaseReachable() {
  try {
    await db.rawQuery('select 1')
  } catch (error) {
    const settings = db.getRawConnection(db.primaryConnectionName)?.config.connection as
      { host?: string; port?: number; database?: string } | undefined
    const where = `${settings?.host}:${settings?.port}`
    const reason = error instanceof Error ? error.message : String(error)
    process.stderr.write(
      `Carevoice could not start: cannot reach PostgreSQL at DB_HOST/DB_PORT ${where} (DB_DATABASE "${settings?.database}"): ${reason}\n`
    )
    process.exit(1)
  }
}
