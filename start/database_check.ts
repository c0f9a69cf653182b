/*
 * The web server refuses to start against an unreachable database: one line
 * naming the settings, instead of a server that fails every request. A
 * plain client is used so the pool logs nothing of its own.
 *
 * It also refuses, in production, to connect as a role that row-level
 * security does not bind (a superuser or a BYPASSRLS role): tenant
 * isolation in the database would silently be off.
 */
import pg from 'pg'
import db from '@adonisjs/lucid/services/db'
import app from '@adonisjs/core/services/app'

/** Why this role must not serve requests, or null when it may. */
export async function appRoleProblem(client: pg.Client): Promise<string | null> {
  const { rows } = await client.query(
    'select current_user as name, rolsuper, rolbypassrls from pg_roles where rolname = current_user'
  )
  const role = rows[0] as { name: string; rolsuper: boolean; rolbypassrls: boolean }
  if (!role.rolsuper && !role.rolbypassrls) return null
  const what = role.rolsuper ? 'a superuser' : 'a role that bypasses row-level security'
  return `DB_USER "${role.name}" is ${what}, so tenant isolation in PostgreSQL would be off: connect as the app's own role (README, "Database roles")`
}

export async function assertDatabaseReachable() {
  const settings = db.getRawConnection(db.primaryConnectionName)?.config
    .connection as pg.ClientConfig
  const client = new pg.Client({ ...settings, connectionTimeoutMillis: 5000 })
  let problem: string | null = null
  try {
    await client.connect()
    problem = await appRoleProblem(client)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    process.stderr.write(
      `Carevoice could not start: cannot reach PostgreSQL at DB_HOST/DB_PORT ${settings?.host}:${settings?.port} (DB_DATABASE "${settings?.database}"): ${reason}\n`
    )
    process.exit(1)
  } finally {
    await client.end().catch(() => {})
  }
  if (problem && app.inProduction) {
    process.stderr.write(`Carevoice could not start: ${problem}\n`)
    process.exit(1)
  }
  if (problem) process.stderr.write(`Warning: ${problem}\n`)
}
