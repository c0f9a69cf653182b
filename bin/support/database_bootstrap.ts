/**
 * Decides, before the app boots, which PostgreSQL a process talks to.
 * An explicitly configured server always wins; otherwise the embedded one is
 * started (or joined) and stopped again when this process ends.
 */
import { fileURLToPath } from 'node:url'
import {
  exportConnection,
  externalDatabaseConfigured,
  startEmbeddedPostgres,
  type EmbeddedDatabase,
} from './embedded_postgres.ts'

export async function prepareDatabase(
  appRoot: URL,
  database: string
): Promise<EmbeddedDatabase | null> {
  if (externalDatabaseConfigured()) return null
  const db = await startEmbeddedPostgres({
    projectRoot: fileURLToPath(appRoot),
    database,
    log: (line) => process.stderr.write(`${line}\n`),
  })
  exportConnection(db)
  return db
}

/** One clear line on standard error instead of a stack trace, then exit. */
export function failStartup(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error)
  process.stderr.write(`Carevoice could not start: ${message}\n`)
  process.exit(1)
}
